/**
 * `sightline eval`, spawned as a user runs it, against the real local stack: a config module (.mjs
 * and .ts) run with its gates (exit 0, 1 on a missed gate), JUnit XML and a Markdown summary
 * written; a dataset's recorded outputs scored with --dataset/--scorer, a gate failing on a metric
 * without valid values or with too many missing results; --baseline latest failing on a real
 * regression with the regressed records listed, and a rerun reporting no detectable change;
 * Ctrl-C cancelling the run; usage and connection errors (exit 2).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUpOnStack } from "../../scripts/stack-account.ts";
import { rules, SightlineClient } from "../src/index.ts";
import { BIN, type CliRun, junitCases, runCli } from "./cli-run.ts";

const SDK = pathToFileURL(join(import.meta.dirname, "..", "src", "index.ts")).href;
const baseUrl = inject("baseUrl");

let dir: string;
let env: NodeJS.ProcessEnv;
let client: SightlineClient;

/** Runs `sightline eval ARGS…` with the account's credentials (or `extraEnv` over them). */
const sightline = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
  runCli(["eval", ...args], { ...env, ...extraEnv }, dir, 90_000);

/** A config module named `name` answering each question with `answer` (a JS expression of `question`). */
async function config(file: string, answer: string, extra = "", name = "support bot"): Promise<string> {
  const path = join(dir, file);
  await writeFile(
    path,
    `import { scorer } from ${JSON.stringify(SDK)};
export const name = ${JSON.stringify(name)};
export const data = Array.from({ length: 30 }, (_, i) => ({ inputs: { question: \`Q\${i} <&>"'\` } }));
export const predictFn = async ({ question }) => ${answer};
export const scorers = ["mentions_refund", scorer("short", ({ outputs }) => String(outputs).length <= 20)];
${extra}`,
  );
  return path;
}

const runIdOf = (run: CliRun) => /\((run_[^)]+)\)/.exec(run.stdout)?.[1] ?? "";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sightline-cli-eval-"));
  const account = await signUpOnStack(baseUrl, "cli-eval");
  const apiKey = await account.key(["ingest", "write"]);
  env = { PATH: process.env.PATH, SIGHTLINE_API_KEY: apiKey, SIGHTLINE_URL: baseUrl };
  client = new SightlineClient({ apiKey, baseUrl, onError: () => undefined });
  await client.createScorer({ name: "mentions_refund", definition: rules.contains(["refund"]) });
});

afterAll(async () => {
  await client?.shutdown();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("sightline eval CONFIG", () => {
  it("runs the config, passes its gates (exit 0) and writes JUnit XML and a Markdown summary", async () => {
    const file = await config(
      "good.mjs",
      `"A refund, " + question.length`,
      'export const gates = ["mentions_refund/pass_rate>=0.9"];',
    );
    const run = await sightline([
      file,
      "--gate",
      "short/mean>=0.5",
      "--junit",
      "junit.xml",
      "--summary",
      "summary.md",
    ]);
    expect(run.stderr).toMatch(/predicted 30 of 30 records/);
    // The run's page comes first, to watch it while it goes.
    const runId = /\((run_\w+)\) completed/.exec(run.stdout)?.[1];
    expect(run.stderr.split("\n")[0]).toMatch(
      new RegExp(`^Watch the run live: http://.+/p/prj_\\w+/evaluations/${runId}$`),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Run "support bot" \(run_\w+\) completed: 30 records/);
    expect(run.stdout).toMatch(/^mentions_refund\s+30\s+0\s+1\.000\s+0\.88\d – 1\.000\s+100\.0 %/m);
    expect(run.stdout).toMatch(/^short \(code\)\s+30\s+0\s+1\.000/m);
    expect(run.stdout).toContain("✓ mentions_refund/pass_rate>=0.9  (mentions_refund/pass_rate = 1)");
    expect(run.stdout).toContain("✓ short/mean>=0.5");
    expect(run.stdout.trim().endsWith("Passed.")).toBe(true);
    const cases = await junitCases(join(dir, "junit.xml"));
    expect(cases.map((c) => [c["@name"], c.failure === undefined])).toEqual([
      ["mentions_refund/pass_rate>=0.9", true],
      ["short/mean>=0.5", true],
    ]);
    const summary = await readFile(join(dir, "summary.md"), "utf8");
    expect(summary).toContain("## ✅ Sightline eval passed: support bot");
    expect(summary).toContain("| ✅ | mentions_refund/pass_rate&gt;=0.9 | mentions_refund/pass_rate = 1 |");
  });

  it("exits 1 when a gate is missed, and loads a TypeScript config", async () => {
    const file = join(dir, "typed.ts");
    await writeFile(
      file,
      `import type { EvalConfig } from ${JSON.stringify(SDK)};
const config: EvalConfig = {
  name: "typed",
  data: [{ inputs: { q: "a" } }, { inputs: { q: "b" } }],
  predictFn: (inputs: Record<string, unknown>): string => \`refund for \${String(inputs.q)}\`,
  scorers: ["mentions_refund"],
};
export default config;
`,
    );
    const run = await sightline([file, "--gate", "mentions_refund/pass_rate<0.5", "--junit", "failed.xml"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "✗ mentions_refund/pass_rate<0.5  (mentions_refund/pass_rate = 1, not < 0.5)",
    );
    expect(run.stdout.trim().endsWith("Failed.")).toBe(true);
    const [gate] = await junitCases(join(dir, "failed.xml"));
    expect(gate?.failure?.["@message"]).toBe("mentions_refund/pass_rate = 1, not < 0.5");
  });
});

describe("sightline eval --dataset", () => {
  it("scores recorded outputs; a gate fails on a metric without valid values or with too many missing", async () => {
    const { id } = await client.datasets.create({ name: "recorded" });
    await client.datasets.merge({
      datasetId: id,
      records: [
        { inputs: { q: 1 }, outputs: "refund sent" },
        { inputs: { q: 2 }, outputs: "refund later" },
        { inputs: { q: 3 } },
      ],
    });
    const base = [
      "--dataset",
      "recorded",
      "--scorer",
      "mentions_refund",
      "--gate",
      "mentions_refund/mean==1",
    ];
    const strict = await sightline(base);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain("1 of 3 mentions_refund results are errors or missing (33.3 % > 10.0 %)");
    const lenient = await sightline([...base, "--max-error-rate", "0.4", "--version", "1"]);
    expect(lenient.code).toBe(0);

    const empty = await client.datasets.create({ name: "unanswered" });
    await client.datasets.merge({ datasetId: empty.id, records: [{ inputs: { q: 1 } }] });
    const none = await sightline([
      "--dataset",
      "unanswered",
      "--scorer",
      "mentions_refund",
      "--gate",
      "mentions_refund/mean>=0",
    ]);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain("✗ mentions_refund/mean>=0  (mentions_refund/mean has no valid values)");
  });
});

describe("sightline eval --baseline", () => {
  it("fails on a detectable regression listing the records, and passes a rerun with no detectable change", async () => {
    const good = await config("baseline.mjs", `"refund " + question.length`, "", "baseline bot");
    const first = await sightline([good, "--baseline", "latest"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('No earlier completed run named "baseline bot" to compare with');

    // Worse on 22 of the 30 records (Q1, Q10–Q19, Q2, Q20–Q29).
    const worse = await config(
      "worse.mjs",
      `question.startsWith("Q2") || question.startsWith("Q1") ? "sorry" : "refund"`,
      "",
      "baseline bot",
    );
    const second = await sightline([
      worse,
      "--baseline",
      "latest",
      "--gate",
      "mentions_refund/pass_rate>=0",
      "--junit",
      "regressed.xml",
      "--summary",
      "regressed.md",
    ]);
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(
      new RegExp(
        `Compared with ${runIdOf(first)}: http.*/evaluations/compare\\?runs=${runIdOf(first)}&runs=${runIdOf(second)}\n`,
      ),
    );
    expect(second.stdout).toMatch(/✗ mentions_refund: 1\.000 → 0\.[0-9]+ .*mcnemar.*: worse/);
    const regressed = second.stdout.split("\n").filter((l) => l.startsWith("  mentions_refund  "));
    expect(regressed).toHaveLength(22);
    expect(regressed[0]).toMatch(/true → false {2}\{"question":"Q[12]\d? <&>\\"'"\}/);
    const cases = await junitCases(join(dir, "regressed.xml"));
    const regressionCases = cases.filter((c) => c["@classname"] === "sightline.regressions.mentions_refund");
    expect(regressionCases).toHaveLength(22);
    expect(regressionCases[0]?.failure?.["#text"]).toMatch(/^inputs: \{"question":"Q[12]\d? <&>\\"'"\}$/);
    expect(cases.find((c) => c["@classname"] === "sightline.baseline")?.failure?.["@message"]).toMatch(
      /^worse/,
    );
    const summary = await readFile(join(dir, "regressed.md"), "utf8");
    expect(summary).toContain("## ❌ Sightline eval failed: baseline bot");
    expect(summary).toContain("### Regressed records (22)");
    expect(summary).toContain("&lt;&amp;&gt;");

    const rerun = await sightline([good, "--baseline", runIdOf(first)]);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/✓ mentions_refund: 1\.000 → 1\.000 .*no detectable change \(n = 30\)/);
  });
});

describe("sightline eval, stopped or misused", () => {
  it("cancels the run on Ctrl-C and exits 130", async () => {
    const file = await config("slow.mjs", `new Promise((r) => setTimeout(() => r("refund"), 300))`);
    const child: ChildProcess = spawn(process.execPath, [BIN, "eval", file, "--concurrency", "1"], {
      env,
      cwd: dir,
    });
    let stderr = "";
    let interrupted = false;
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!interrupted && /predicted \d+ of 30/.test(stderr)) interrupted = child.kill("SIGINT");
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(/evaluate\(\) was aborted: run (run_\w+) was cancelled/);
    const runId = /run (run_\w+) was cancelled/.exec(stderr)?.[1] ?? "";
    expect((await client.evaluations.get(runId)).status).toBe("cancelled");
  });

  it("exits 2 on usage and connection errors", async () => {
    const good = await config("usage.mjs", `"refund"`);
    const noScorers = join(dir, "no-scorers.mjs");
    await writeFile(noScorers, "export const data = [{ inputs: { q: 1 } }];\n");
    for (const args of [
      [],
      [good, "--dataset", "x", "--scorer", "y"],
      [good, "--gate", "mentions_refund>=1"],
      [good, "--gate", "mentions_refund/mean=>1"],
      [good, "--max-error-rate", "2"],
      ["missing.mjs"],
      ["config.json"],
      [noScorers],
      ["--dataset", "recorded"],
      [good, "--baseline", "run_nope"],
      ["--dataset", "no-such-dataset", "--scorer", "mentions_refund"],
    ]) {
      const run = await sightline(args);
      expect(run.code, `eval ${args.join(" ")}`).toBe(2);
      expect(run.stderr, `eval ${args.join(" ")}`).toMatch(/^sightline: /m);
    }
    const noKey = await sightline([good], { SIGHTLINE_API_KEY: "" });
    expect(noKey.code).toBe(2);
    const noServer = await sightline([good], { SIGHTLINE_URL: "http://127.0.0.1:9" });
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toMatch(/request_failed|failed/);
  });
});
