/**
 * Evaluation runs at scale (issue 15): BENCH_EVAL_RECORDS (default 500) records with recorded
 * outputs × 3 custom LLM judges, the scripted OpenAI-compatible server answering each call in a
 * fixed 200 ms, the organization's judge concurrency at 20. The ideal is records × judges ×
 * latency / concurrency (15 s). Measured twice, with a queue job per record (all its judges) and
 * per record and judge (EVAL_JOB_GRAIN), each on a fresh stack; then the same workload through
 * promptfoo (installed into a scratch folder by this script, cache and telemetry off, the echo
 * provider replaying the recorded outputs, three llm-rubric assertions per test graded by the
 * same scripted server in promptfoo's grader format, the same concurrency). Wall times are from
 * the client's start to its seeing the run done (Sightline) or the process's exit (promptfoo).
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startOpenAIServer } from "../openai-server.ts";
import { round, startBenchStack } from "./stack-client.ts";
import type { BenchRow, BenchSuite } from "./types.ts";

const RECORDS = Number(process.env.BENCH_EVAL_RECORDS ?? 500);
const JUDGES = 3;
const LIMIT = 20;
const MODEL_MS = 200;
const PROMPTFOO = process.env.BENCH_PROMPTFOO_VERSION ?? "0.123.1";
const SUITE = "evaluations";
const IDEAL_S = (RECORDS * JUDGES * MODEL_MS) / LIMIT / 1000;

const outputs = Array.from(
  { length: RECORDS },
  (_, i) => `Thanks for waiting: your refund for order ${i} is on its way.`,
);
const instructions = [
  "Is this reply polite? {{ outputs }}",
  "Does this reply answer the customer's question? {{ inputs }} {{ outputs }}",
  "Is this reply free of promises the company cannot keep? {{ outputs }}",
];

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output = `${output}${d}`.slice(-20_000)));
    child.stderr.on("data", (d: Buffer) => (output = `${output}${d}`.slice(-20_000)));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${output}`)),
    );
  });
}

async function sightline(llmUrl: string, grain: "row" | "unit"): Promise<number> {
  const bench = await startBenchStack(`${SUITE}-${grain}`, { extraVars: { EVAL_JOB_GRAIN: grain } });
  try {
    const api = async (path: string, init: { method?: string; json?: unknown } = {}) => {
      const res = await fetch(`${bench.stack.url}/api/v1${path}`, {
        method: init.method ?? "GET",
        headers: { cookie: bench.cookie, origin: bench.stack.url, "content-type": "application/json" },
        ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
      });
      if (!res.ok)
        throw new Error(`${init.method ?? "GET"} ${path} answered ${res.status}: ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    await api(`/orgs/${bench.orgId}/judge-providers`, {
      method: "POST",
      json: { name: "openai", baseUrl: llmUrl, apiKey: "sk-bench-sightline" },
    });
    await api(`/orgs/${bench.orgId}/judge-settings`, { method: "PATCH", json: { concurrency: LIMIT } });
    const scorers = [];
    for (const [i, text] of instructions.entries()) {
      const scorer = await api(`/projects/${bench.projectId}/scorers`, {
        method: "POST",
        json: {
          name: `judge_${i}`,
          definition: { type: "judge", instructions: text, model: "openai:/gpt-4o-mini" },
        },
      });
      scorers.push({ scorerId: scorer.id });
    }
    const records = outputs.map((o, i) => ({
      inputs: { question: `Where is my refund for order ${i}?` },
      outputs: o,
    }));
    const started = performance.now();
    const runInfo = await api(`/projects/${bench.projectId}/evaluations`, {
      method: "POST",
      json: { name: `bench ${grain}`, data: { records }, scorers },
    });
    for (;;) {
      await new Promise((r) => setTimeout(r, 100));
      const now = (await api(`/projects/${bench.projectId}/evaluations/${runInfo.id}`)) as {
        status: string;
        progress: { done: number; total: number; errors: number };
      };
      if (now.status === "running") continue;
      if (now.status !== "completed" || now.progress.errors > 0)
        throw new Error(`the run ended ${JSON.stringify(now.progress)}`);
      return (performance.now() - started) / 1000;
    }
  } finally {
    await bench.stop();
  }
}

async function promptfoo(llmUrl: string): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "sightline-bench-promptfoo-"));
  try {
    await run("npm", ["install", `promptfoo@${PROMPTFOO}`, "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: dir,
    });
    const grader = {
      id: "openai:chat:gpt-4o-mini",
      config: { apiBaseUrl: llmUrl, apiKey: "sk-bench-promptfoo" },
    };
    const tests = outputs.map((o, i) => ({
      vars: { question: `Where is my refund for order ${i}?`, output: o },
      assert: instructions.map((text) => ({
        type: "llm-rubric",
        value: text.replace(/\{\{ \w+ \}\}/g, "").trim(),
      })),
    }));
    const config = {
      description: "Sightline benchmark: recorded outputs, three LLM rubrics",
      prompts: ["{{output}}"],
      providers: ["echo"],
      defaultTest: { options: { provider: grader } },
      tests,
    };
    await writeFile(join(dir, "promptfooconfig.json"), JSON.stringify(config));
    const env = {
      PROMPTFOO_DISABLE_TELEMETRY: "1",
      PROMPTFOO_DISABLE_UPDATE: "1",
      PROMPTFOO_CACHE_ENABLED: "false",
      PROMPTFOO_CONFIG_DIR: join(dir, ".promptfoo"),
      OPENAI_API_KEY: "sk-bench-promptfoo",
    };
    const started = performance.now();
    const out = await run(
      join(dir, "node_modules", ".bin", "promptfoo"),
      [
        "eval",
        "-c",
        "promptfooconfig.json",
        "--no-cache",
        "-j",
        String(LIMIT),
        "--no-progress-bar",
        "--no-write",
        "--no-table",
      ],
      { cwd: dir, env },
    );
    const seconds = (performance.now() - started) / 1000;
    if (!/Pass(?:es|ed)?:?\s*\D*500|500 passed|Successes:\s*500/i.test(out) && !out.includes(`${RECORDS}`))
      throw new Error(`promptfoo did not report its ${RECORDS} tests:\n${out.slice(-2_000)}`);
    return seconds;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const evaluationsSuite: BenchSuite = {
  name: SUITE,
  description: `${RECORDS} records × ${JUDGES} LLM judges, ${MODEL_MS} ms each, concurrency ${LIMIT}; against promptfoo`,
  async run(): Promise<BenchRow[]> {
    const llm = await startOpenAIServer();
    llm.script([
      {
        apiKey: "sk-bench-sightline",
        reply: { content: '{"rationale":"fine","value":"yes"}', delayMs: MODEL_MS },
      },
      {
        apiKey: "sk-bench-promptfoo",
        reply: { content: '{"reason":"fine","pass":true,"score":1}', delayMs: MODEL_MS },
      },
    ]);
    try {
      const row = await sightline(llm.url, "row");
      const unit = await sightline(llm.url, "unit");
      const peer = await promptfoo(llm.url);
      const best = Math.min(row, unit);
      return [
        {
          suite: SUITE,
          metric: "ideal (records × judges × 200 ms / 20)",
          value: round(IDEAL_S, 2),
          unit: "s",
        },
        {
          suite: SUITE,
          metric: "Sightline, a job per record (all its judges)",
          value: round(row, 2),
          unit: "s",
        },
        { suite: SUITE, metric: "Sightline, a job per record and judge", value: round(unit, 2), unit: "s" },
        {
          suite: SUITE,
          metric: "Sightline (per record) / ideal",
          value: round(row / IDEAL_S, 3),
          unit: "×",
          goal: "<= 1.15×",
        },
        {
          suite: SUITE,
          metric: "Sightline (per record and judge) / ideal",
          value: round(unit / IDEAL_S, 3),
          unit: "×",
        },
        { suite: SUITE, metric: `promptfoo ${PROMPTFOO}, same workload`, value: round(peer, 2), unit: "s" },
        {
          suite: SUITE,
          metric: "Sightline (faster grain) / promptfoo",
          value: round(best / peer, 3),
          unit: "×",
          goal: "<= 1.0",
        },
      ];
    } finally {
      await llm.close();
    }
  },
};
