/**
 * Issue 15's scenario on the demo support agent, end to end against the real local stack: the
 * scripted LLM answers the agent and the two judges (the organization's judge provider points at
 * it), eval-setup.ts registers the judges and the 80-question dataset, and `sightline eval
 * scripts/demo/eval.config.ts` runs three times as a user runs it (the bin spawned with Node):
 * the support prompt (exit 0), the terse prompt with --baseline latest (exit 1 on correctness
 * worse, its 16 regressed records in the terminal, the JUnit file and the Markdown summary; the
 * comparison API lists them first), then the support prompt again against the first run, by its
 * id (`latest` would now be the terse run): exit 0, no detectable change.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EVAL_CASES, evalAgentRules } from "../../scripts/demo/eval-cases.ts";
import { evalJudgeRules } from "../../scripts/demo/eval-judges.ts";
import { prepareDemoEval } from "../../scripts/demo/eval-setup.ts";
import { type OpenAIServer, startOpenAIServer } from "../../scripts/openai-server.ts";
import { signUpOnStack } from "../../scripts/stack-account.ts";
import type { Comparison, EvaluationRow } from "../src/index.ts";
import { type CliRun, junitCases, runCli } from "./cli-run.ts";

const baseUrl = inject("baseUrl");
const CONFIG = join(import.meta.dirname, "..", "..", "scripts", "demo", "eval.config.ts");

/**
 * The records the terse prompt breaks: refunds (orders 2xxx) and cancellations (orders 4xxx)
 * keep a fact in their answer's second sentence, which a one-sentence answer drops.
 */
const REGRESSED = EVAL_CASES.filter((c) => c.order?.startsWith("2") || c.order?.startsWith("4")).map(
  (c) => c.question,
);

let dir: string;
let llm: OpenAIServer;
let env: NodeJS.ProcessEnv;
let projectId: string;
let apiKey: string;

const sightline = (args: string[], prompt: string): Promise<CliRun> =>
  runCli(["eval", CONFIG, ...args], { ...env, DEMO_PROMPT: prompt }, dir, 60_000);

const runIdOf = (run: CliRun) => /\((run_[^)]+)\)/.exec(run.stdout)?.[1] ?? "";

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1/projects/${projectId}${path}`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

let account: Awaited<ReturnType<typeof signUpOnStack>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sightline-demo-eval-"));
  llm = await startOpenAIServer();
  llm.script([...evalJudgeRules(), ...evalAgentRules()]);
  account = await signUpOnStack(baseUrl, "demo-eval");
  projectId = account.projectId;
  ({ apiKey } = await prepareDemoEval({ url: baseUrl, ...account, llmUrl: llm.url }));
  env = { PATH: process.env.PATH, SIGHTLINE_API_KEY: apiKey, SIGHTLINE_URL: baseUrl, DEMO_LLM_URL: llm.url };
}, 60_000);

afterAll(async () => {
  await llm?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the demo agent evaluated with sightline eval", () => {
  it("passes, fails on the terse prompt's regressions listing them, and finds no change on a rerun", async () => {
    const first = await sightline(["--baseline", "latest"], "support");
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Run "support agent" \(run_\w+\) completed: 80 records/);
    expect(first.stdout).toMatch(/^correctness\s+80\s+0\s+0\.900\s/m);
    expect(first.stdout).toMatch(/^polite\s+80\s+0\s+1\.000\s/m);
    expect(first.stdout).toMatch(/^brief \(code\)\s+80\s+0\s+1\.000\s/m);
    expect(first.stdout).toContain("No earlier completed run on this dataset to compare with");

    // The agent really ran, traced: a record's trace holds its steps under the run's root span.
    const [row] = (await api<{ results: EvaluationRow[] }>(`/evaluations/${runIdOf(first)}/results?limit=1`))
      .results;
    const trace = await api<{ spans: { name: string }[] }>(`/traces/${row?.traceId}?spans=summary`);
    expect(trace.spans.map((s) => s.name)).toEqual(
      expect.arrayContaining(["support_agent", "search_knowledge_base", "lookup_order", "chat gpt-4.1-mini"]),
    );

    const second = await sightline(
      ["--baseline", "latest", "--junit", "eval.xml", "--summary", "eval.md"],
      "terse",
    );
    expect(second.code, second.stdout + second.stderr).toBe(1);
    // The floor still holds: the regression, not a threshold, fails the run.
    expect(second.stdout).toContain("✓ correctness/pass_rate>=0.65  (correctness/pass_rate = 0.7)");
    expect(second.stdout).toContain(`Compared with ${runIdOf(first)}:`);
    expect(second.stdout).toMatch(/✗ correctness: 0\.900 → 0\.700 \(-0\.200; mcnemar p < 0\.0001.*: worse/);
    expect(second.stdout).toMatch(/✓ polite: 1\.000 → 1\.000 .*no detectable change \(n = 80\)/);
    const listed = second.stdout.split("\n").filter((l) => l.startsWith("  correctness  "));
    expect(listed.map((l) => JSON.parse(l.slice(l.indexOf("{"))).question).sort()).toEqual(
      [...REGRESSED].sort(),
    );
    expect(listed.every((l) => l.includes("true → false"))).toBe(true);

    const cases = await junitCases(join(dir, "eval.xml"));
    const regressions = cases.filter((c) => c["@classname"] === "sightline.regressions.correctness");
    expect(regressions.every((c) => c.failure !== undefined)).toBe(true);
    expect(
      regressions
        .map((c) => JSON.parse(c.failure?.["#text"]?.replace(/^inputs: /, "") ?? "{}").question)
        .sort(),
    ).toEqual([...REGRESSED].sort());
    const baselineCases = cases.filter((c) => c["@classname"] === "sightline.baseline");
    expect(baselineCases.map((c) => [c["@name"].split(" ")[0], c.failure !== undefined])).toEqual([
      ["correctness", true],
      ["polite", false],
    ]);

    const summary = await readFile(join(dir, "eval.md"), "utf8");
    expect(summary).toContain("## ❌ Sightline eval failed: support agent");
    expect(summary).toContain("### Regressed records (16)");
    for (const question of REGRESSED) expect(summary).toContain(question);

    // The comparison page's data: correctness worse, polite unchanged, the regressions first.
    const { comparisons } = await api<Comparison>(
      `/evaluations/compare?runs=${runIdOf(first)}&runs=${runIdOf(second)}`,
    );
    const [versus] = comparisons;
    expect(versus?.metrics.map((m) => [m.scorer, m.verdict])).toEqual([
      ["correctness", "worse"],
      ["polite", "no detectable change"],
      ["brief", "no detectable change"],
    ]);
    expect(versus?.records.slice(0, 16).map((r) => [r.scorer, r.change])).toEqual(
      Array.from({ length: 16 }, () => ["correctness", "regressed"]),
    );
    expect(versus?.records.slice(16).some((r) => r.change === "regressed")).toBe(false);

    const rerun = await sightline(["--baseline", runIdOf(first)], "support");
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain(`Compared with ${runIdOf(first)}:`);
    expect(rerun.stdout).toMatch(/✓ correctness: 0\.900 → 0\.900 .*no detectable change \(n = 80\)/);
    expect(rerun.stdout).not.toContain("Regressed records");
  }, 150_000);

  it("revokes the key the last demo:eval made when it makes the next one", async () => {
    const setup = { url: baseUrl, ...account, llmUrl: llm.url };
    const { apiKey: next } = await prepareDemoEval(setup);
    const whoami = (key: string) =>
      fetch(`${baseUrl}/api/v1/whoami`, { headers: { authorization: `Bearer ${key}` } }).then(
        (r) => r.status,
      );
    expect(await whoami(apiKey)).toBe(401);
    expect(await whoami(next)).toBe(200);
    apiKey = next;
  }, 60_000);
});
