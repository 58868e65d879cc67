import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cronsOf, everyMinutes } from "./local-cron.ts";
import { ROOT } from "./stack.ts";

describe("local cron driver", () => {
  it("reads the crons of wrangler.toml", () => {
    expect(cronsOf(readFileSync(`${ROOT}/wrangler.toml`, "utf8"))).toEqual(["*/5 * * * *"]);
    expect(cronsOf('[triggers]\ncrons = ["0 * * * *", "*/15 * * * *"]\n')).toEqual([
      "0 * * * *",
      "*/15 * * * *",
    ]);
    expect(cronsOf("[vars]\nX = 1\n")).toEqual([]);
  });

  it("follows every-N-minutes crons and refuses the rest", () => {
    expect(everyMinutes("*/5 * * * *")).toBe(5);
    expect(everyMinutes("* * * * *")).toBe(1);
    expect(everyMinutes("0 * * * *")).toBeNull();
    expect(everyMinutes("*/5 3 * * *")).toBeNull();
    expect(everyMinutes("*/0 * * * *")).toBeNull();
  });
});
