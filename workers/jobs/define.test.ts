import { describe, expect, it } from "vitest";
import { batchMemo } from "./define";

describe("a batch's gathered loads", () => {
  it("load the items asked for in one turn together, and later ones in a load of their own", async () => {
    const memo = batchMemo();
    const loads: string[][] = [];
    const loadAll = async (items: string[]) => {
      loads.push([...items]);
      return new Map(items.filter((i) => i !== "gone").map((i) => [i, i.toUpperCase()]));
    };
    const first = await Promise.all(["a", "b", "gone", "a"].map((k) => memo.gather("rows", k, loadAll)));
    expect(first).toEqual(["A", "B", undefined, "A"]);
    expect(await memo.gather("rows", "c", loadAll)).toBe("C");
    expect(loads).toEqual([["a", "b", "gone", "a"], ["c"]]);
  });

  it("fail every item of a load that failed, and load again when asked again", async () => {
    const memo = batchMemo();
    let calls = 0;
    const loadAll = async (items: string[]) => {
      calls++;
      if (calls === 1) throw new Error("database busy");
      return new Map(items.map((i) => [i, 1]));
    };
    const failed = await Promise.allSettled(["a", "b"].map((k) => memo.gather("rows", k, loadAll)));
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(await memo.gather("rows", "a", loadAll)).toBe(1);
  });
});
