/**
 * `@sightline/sdk/vitest` against the real local stack: a Vitest of its own is spawned on
 * vitest-suite/support.eval.ts (four cases, a registered rule scorer and a code scorer with a
 * threshold). The block is logged as one run holding every case, each case's test passes or
 * fails by its scores, the predict cache is written, a rerun makes no predict call (and is a run
 * of its own), and a new cache version predicts again and drops the old entries.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rules, type SightlineClient } from "../src/index.ts";
import { baseUrl, credentialsOf, newClient } from "./stack-clients.ts";

const SUITE = join(import.meta.dirname, "vitest-suite");
const VITEST = join(import.meta.dirname, "..", "..", "node_modules", "vitest", "vitest.mjs");

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sightline-vitest-"));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the eval suite in a new Vitest as `client`'s project; resolves with its exit code and JSON report. */
function runSuite(
  client: SightlineClient,
  runName: string,
  cacheVersion: string,
): Promise<{ code: number; report: Report; output: string }> {
  const reportFile = join(dir, `${runName}-${Date.now()}.json`);
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SIGHTLINE_API_KEY: credentialsOf(client).key,
    SIGHTLINE_URL: baseUrl,
    CACHE_PATH: join(dir, ".sightline", "vitest-cache.json"),
    CACHE_VERSION: cacheVersion,
    PREDICT_LOG: join(dir, "predict.log"),
    RUN_NAME: runName,
  };
  const args = [VITEST, "run", "--config", join(SUITE, "vitest.config.ts"), "--reporter=default"];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...args, "--reporter=json", `--outputFile.json=${reportFile}`],
      { env, cwd: dir, timeout: 90_000 },
      async (error, stdout, stderr) => {
        try {
          const report = JSON.parse(await readFile(reportFile, "utf8")) as Report;
          resolve({ code: error ? Number(error.code) : 0, report, output: stdout + stderr });
        } catch (cause) {
          reject(new Error(`the suite wrote no report: ${stdout}${stderr}`, { cause }));
        }
      },
    );
  });
}

const outcomes = (report: Report) =>
  Object.fromEntries(
    report.testResults.flatMap((f) => f.assertionResults).map((t) => [t.title, t.status] as const),
  );

const failureOf = (report: Report, title: string) =>
  report.testResults
    .flatMap((f) => f.assertionResults)
    .find((t) => t.title === title)
    ?.failureMessages.join("\n") ?? "";

const predictCalls = async () => (await readFile(join(dir, "predict.log"), "utf8")).trim().split("\n");

const cacheEntries = async () =>
  JSON.parse(await readFile(join(dir, ".sightline", "vitest-cache.json"), "utf8")) as {
    format: number;
    entries: Record<string, { suite: string; outputs: unknown; savedAt: string }>;
  };

/** The completed runs named `name`, newest first (a closed run completes once its last units are scored). */
async function runsNamed(client: SightlineClient, name: string, count: number) {
  for (let i = 0; i < 100; i++) {
    const runs = (await client.evaluations.list()).filter((r) => r.name === name);
    if (runs.length === count && runs.every((r) => r.status === "completed")) return runs;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${count} completed runs named ${name}`);
}

const expected = {
  "refund status": "passed",
  "2. Refund for order 7?": "passed",
  "3. Opening hours?": "failed",
  "4. Can I have a refund and a new one?": "failed",
};

describe("describeEval()", () => {
  it("logs one run of every case, fails the cases their scores fail, and caches predictFn's answers", async () => {
    const client = await newClient("vitest");
    await client.createScorer({ name: "mentions_refund", definition: rules.contains(["refund"]) });

    const first = await runSuite(client, "support-vitest", "support/1");
    expect(first.code, first.output).toBe(1);
    expect(outcomes(first.report)).toEqual(expected);
    expect(failureOf(first.report, "3. Opening hours?")).toMatch(
      /a scorer failed the case:\n {2}mentions_refund: failed with false — .*\noutputs: "We open at nine every day\."/,
    );
    expect(failureOf(first.report, "4. Can I have a refund and a new one?")).toContain(
      "words: 18 is above 12",
    );
    expect(first.output).toMatch(/support answers: Sightline run http:\/\/.+\/evaluations\/run_/);

    const [run] = await runsNamed(client, "support-vitest", 1);
    expect(run).toMatchObject({ rows: 4, open: false, params: { prompt: "support/1" } });
    expect(run?.metrics["mentions_refund/pass_rate"]).toBeCloseTo(3 / 4);
    const rows = await client.evaluations.allResults(run?.id ?? "");
    expect(rows.map((r) => (r.inputs as { question: string }).question).sort()).toEqual([
      "Can I have a refund and a new one?",
      "Opening hours?",
      "Refund for order 7?",
      "Where is my refund?",
    ]);
    // The registered scorer's result and the code scorer's, both the run's.
    expect(rows.every((r) => r.traceId !== null && r.scores.length === 2)).toBe(true);
    expect(run?.codeScorers).toEqual(["words"]);
    expect(run?.metrics["words/max"]).toBe(18);
    expect(await predictCalls()).toHaveLength(4);
    const cache = await cacheEntries();
    expect(Object.values(cache.entries).map((e) => e.outputs)).toContain("Your refund was sent today.");
    expect(Object.keys(cache.entries)).toHaveLength(4);

    // Nothing changed: every answer comes from the cache, in a run of its own.
    const again = await runSuite(client, "support-vitest", "support/1");
    expect(outcomes(again.report)).toEqual(expected);
    expect(await predictCalls()).toHaveLength(4);
    const [rerun] = await runsNamed(client, "support-vitest", 2);
    const rerunRows = await client.evaluations.allResults(rerun?.id ?? "");
    expect(rerunRows).toHaveLength(4);
    expect(rerunRows.every((r) => r.traceId === null)).toBe(true);
    expect(await cacheEntries()).toEqual(cache);

    // A new cache version (the prompt changed): predicted again, the old version's entries dropped.
    const changed = await runSuite(client, "support-vitest v2", "support/2");
    expect(outcomes(changed.report)).toEqual(expected);
    expect(await predictCalls()).toHaveLength(8);
    const after = await cacheEntries();
    expect(Object.keys(after.entries)).toHaveLength(4);
    expect(Object.keys(after.entries).some((k) => k in cache.entries)).toBe(false);
  }, 240_000);
});
