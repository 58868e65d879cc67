/**
 * The judge runner's throughput under the organization's concurrency limit: BENCH_JUDGE_CALLS
 * (default 1,000) custom-judge calls through `POST /score` on the local stack (the Worker in
 * workerd, the organization's gate Durable Object in Miniflare) against the scripted
 * OpenAI-compatible server answering each in a fixed 200 ms, with the limit at 20 and twice as
 * many clients as permits, so the gate is always full. The figure is wall time over the ideal
 * (calls × latency / limit). A second pass with exactly as many clients as permits (no waiting
 * for a permit) gives the runner's own overhead per call: request time less the model's 200 ms,
 * the permit round trips and the Worker's request path included.
 * Then the way production runs it: the same number of stored traces as one scoring job through
 * the judges' queue (queuedPass below).
 */

import { agentTrace } from "../../workers/test/otlp-builders.ts";
import { startOpenAIServer } from "../openai-server.ts";
import { type BenchStack, latencyRows, otlpSender, round, startBenchStack } from "./stack-client.ts";
import type { BenchRow, BenchSuite } from "./types.ts";

const CALLS = Number(process.env.BENCH_JUDGE_CALLS ?? 1000);
const LIMIT = 20;
const MODEL_MS = 200;

export const judgesSuite: BenchSuite = {
  name: "judges",
  description: `${CALLS} judge calls, ${MODEL_MS} ms each, organization limit ${LIMIT}`,
  async run(): Promise<BenchRow[]> {
    const llm = await startOpenAIServer();
    llm.script([{ reply: { content: '{"rationale":"fine","value":"yes"}', delayMs: MODEL_MS } }]);
    const bench = await startBenchStack("judges");
    try {
      const api = (path: string, init: { method: string; json?: unknown }) =>
        fetch(`${bench.stack.url}${path}`, {
          method: init.method,
          headers: { cookie: bench.cookie, "content-type": "application/json", origin: bench.stack.url },
          ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
        });
      const added = await api(`/api/v1/orgs/${bench.orgId}/judge-providers`, {
        method: "POST",
        json: { name: "openai", baseUrl: llm.url, apiKey: "sk-bench-judges" },
      });
      if (added.status !== 201)
        throw new Error(`adding the provider answered ${added.status}: ${await added.text()}`);
      const limited = await api(`/api/v1/orgs/${bench.orgId}/judge-settings`, {
        method: "PATCH",
        json: { concurrency: LIMIT },
      });
      if (limited.status !== 200) throw new Error(`setting the limit answered ${limited.status}`);
      const body = {
        target: { outputs: "Thanks for waiting, your refund is on its way." },
        scorer: {
          name: "polite",
          definition: {
            type: "judge",
            instructions: "Is this reply polite? {{ outputs }}",
            model: "openai:/gpt-4o-mini",
          },
        },
      };
      const call = async (): Promise<number> => {
        const started = performance.now();
        const res = await api(`/api/v1/projects/${bench.projectId}/score`, { method: "POST", json: body });
        const result = (await res.json()) as { value?: unknown; error?: unknown };
        if (res.status !== 200 || result.value !== "yes")
          throw new Error(`a judge call answered ${res.status}: ${JSON.stringify(result)}`);
        return performance.now() - started;
      };
      const pass = async (calls: number, clients: number) => {
        let next = 0;
        const latencies: number[] = [];
        const started = performance.now();
        await Promise.all(
          Array.from({ length: clients }, async () => {
            while (next < calls) {
              next++;
              latencies.push(await call());
            }
          }),
        );
        return { seconds: (performance.now() - started) / 1000, latencies };
      };
      await pass(LIMIT * 2, LIMIT); // warm-up: the Worker's first compile, the gate's first start
      const saturated = await pass(CALLS, LIMIT * 2);
      const ideal = (CALLS * MODEL_MS) / 1000 / LIMIT;
      const unqueued = await pass(Math.min(CALLS, 400), LIMIT);
      const overhead = unqueued.latencies.map((ms) => ms - MODEL_MS).sort((a, b) => a - b);
      const queued = await queuedPass(bench, api);
      return [
        {
          suite: "judges",
          metric: `wall time, ${CALLS} calls`,
          value: round(saturated.seconds, 2),
          unit: "s",
        },
        { suite: "judges", metric: "ideal (calls × 200 ms / limit)", value: round(ideal, 2), unit: "s" },
        {
          suite: "judges",
          metric: "wall time / ideal",
          value: round(saturated.seconds / ideal, 3),
          unit: "×",
          goal: "<= 1.10×",
        },
        ...latencyRows("judges", "runner overhead per call (request less the model's 200 ms)", overhead),
        {
          suite: "judges",
          metric: `queued: wall time, ${CALLS} traces as one scoring job`,
          value: round(queued.seconds, 2),
          unit: "s",
        },
        {
          suite: "judges",
          metric: "queued: wall time / ideal",
          value: round(queued.seconds / ideal, 3),
          unit: "×",
          goal: "<= 1.10×",
        },
        {
          suite: "judges",
          metric: "queued: rule scorer, same traces (queue path without the model)",
          value: round(queued.ruleSeconds, 2),
          unit: "s",
        },
      ];
    } finally {
      await bench.stop();
      await llm.close();
    }
  },
};

type Api = (path: string, init: { method: string; json?: unknown }) => Promise<Response>;

/**
 * The way production scores many traces: CALLS stored traces as one scoring job (`POST
 * /score/jobs`), one message per trace on the judges' queue through Miniflare's queue, each taking
 * a permit from the gate. The figure is the job's own start-to-finish time (its row's created and
 * finished times). The same traces scored by a rule scorer (no model, no permit) show what the
 * queue path itself costs.
 */
async function queuedPass(bench: BenchStack, api: Api) {
  const traces = Array.from({ length: CALLS }, (_, i) => agentTrace({ sessionId: `q-${i % 50}` }));
  const send = otlpSender(
    bench.stack.url,
    await bench.key(["ingest"]),
    "json",
    Array.from({ length: Math.ceil(CALLS / 50) }, (_, b) =>
      traces.slice(b * 50, b * 50 + 50).flatMap((t) => t.spans),
    ),
  );
  for (let b = 0; b * 50 < CALLS; b++) await send(b);
  const traceIds = traces.map((t) => t.traceId);
  const register = async (name: string, definition: object) => {
    const res = await api(`/api/v1/projects/${bench.projectId}/scorers`, {
      method: "POST",
      json: { name, definition },
    });
    if (res.status !== 201)
      throw new Error(`registering ${name} answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };
  const runJob = async (scorerId: string): Promise<number> => {
    const res = await api(`/api/v1/projects/${bench.projectId}/score/jobs`, {
      method: "POST",
      json: { scorer: { scorerId }, traceIds },
    });
    if (res.status !== 202) throw new Error(`starting the job answered ${res.status}: ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    for (;;) {
      await new Promise((r) => setTimeout(r, 200));
      const job = (await (
        await api(`/api/v1/projects/${bench.projectId}/score/jobs/${id}`, { method: "GET" })
      ).json()) as {
        status: string;
        done: number;
        errors: number;
        createdAt: string;
        finishedAt: string | null;
      };
      if (job.status === "running") continue;
      if (job.status !== "completed" || job.errors > 0 || !job.finishedAt)
        throw new Error(`the scoring job ended ${JSON.stringify(job)}`);
      return (Date.parse(job.finishedAt) - Date.parse(job.createdAt)) / 1000;
    }
  };
  const judge = await register("polite_queued", {
    type: "judge",
    instructions: "Is this reply polite? {{ outputs }}",
    model: "openai:/gpt-4o-mini",
  });
  const rule = await register("not_empty_queued", { type: "rule", rule: { kind: "not_empty" } });
  const seconds = await runJob(judge);
  const ruleSeconds = await runJob(rule);
  return { seconds, ruleSeconds };
}
