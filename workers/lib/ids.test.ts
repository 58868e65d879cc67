import { describe, expect, it } from "vitest";
import { createIdGenerator, isId, newId } from "./ids";

describe("ids", () => {
  it("are prefixed by kind and validate", () => {
    const id = newId("project");
    expect(id).toMatch(/^prj_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(isId("project", id)).toBe(true);
    expect(isId("org", id)).toBe(false);
    expect(isId("project", `${id}x`)).toBe(false);
    expect(isId("project", "prj_ILLEGAL-CHARACTERS-HERE0")).toBe(false);
  });

  it("sort by creation time and do not collide", () => {
    let t = 1_700_000_000_000;
    const gen = createIdGenerator(() => t);
    const ids: string[] = [];
    for (let i = 0; i < 2000; i++) {
      ids.push(gen("dataset"));
      if (i % 10 === 0) t += 1;
    }
    expect(new Set(ids).size).toBe(ids.length);
    // Within a millisecond too: the ids of one generator increase in the order they were made.
    expect([...ids].sort()).toEqual(ids);
  });

  it("keep increasing when the clock steps back", () => {
    let t = 1_700_000_000_500;
    const gen = createIdGenerator(() => t);
    const a = gen("dataset");
    t -= 400;
    const b = gen("dataset");
    expect(b > a).toBe(true);
  });
});
