import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type BenchResults, runSuites } from "./runner.ts";
import type { BenchRow, BenchSuite } from "./types.ts";

const row = (suite: string, value: number): BenchRow => ({ suite, metric: "m", value, unit: "ms" });

describe("bench runner", () => {
  let dir = "";
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "bench-runner-"));
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    vi.spyOn(console, "table").mockImplementation(() => undefined);
    vi.spyOn(console, "error").mockImplementation(() => undefined);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it("prepares every suite first, then saves each suite's rows as soon as it ends", async () => {
    const file = join(dir, "results.json");
    const events: string[] = [];
    const saved = async () => JSON.parse(await readFile(file, "utf8")) as BenchResults;
    const suites: BenchSuite[] = [
      {
        name: "first",
        description: "",
        prepare: () => void events.push("prepare first"),
        run: async () => {
          events.push("run first");
          return [row("first", 1)];
        },
      },
      {
        name: "second",
        description: "",
        prepare: () => void events.push("prepare second"),
        run: async () => {
          events.push("run second");
          // The first suite's rows are on disk before the second suite runs.
          expect((await saved()).rows).toEqual([row("first", 1)]);
          throw new Error("no browser");
        },
      },
      { name: "third", description: "", run: async () => [row("third", 3)] },
    ];
    const results = await runSuites(suites, { file, startedAt: "2026-12-06T00:00:00.000Z", machine: {} });
    expect(events).toEqual(["prepare first", "prepare second", "run first", "run second"]);
    expect(results.rows).toEqual([row("first", 1), row("third", 3)]);
    expect(results.failed).toEqual([{ suite: "second", error: "no browser" }]);
    expect(await saved()).toEqual(results);
  });

  it("runs no suite when a preparation fails", async () => {
    const run = vi.fn(async () => [row("query", 1)]);
    const suites: BenchSuite[] = [
      { name: "query", description: "", run },
      {
        name: "browser",
        description: "",
        prepare: () => {
          throw new Error("Chromium is missing");
        },
        run: async () => [],
      },
    ];
    await expect(
      runSuites(suites, { file: join(dir, "results.json"), startedAt: "", machine: {} }),
    ).rejects.toThrow("Chromium is missing");
    expect(run).not.toHaveBeenCalled();
  });
});
