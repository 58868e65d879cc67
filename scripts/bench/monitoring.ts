/**
 * Online scoring latency: how long after a trace's last span is ingested its monitor's feedback is
 * stored, on the local stack (the Worker in workerd, Miniflare's queues with their delays, the
 * judge through the scripted OpenAI-compatible server answering in MODEL_MS), with the settle time
 * at 0. A trace is sent every SPACING_MS (one OTLP request each, the root last, as SDKs do); the
 * latency is the feedback's `createdAt` (server clock) less the moment its ingest request was
 * answered (same machine). The ideal is the model's own time: the ratio is what the queue hops,
 * the settle check, reading the trace and storing cost on top of it.
 */
import { agentTrace } from "../../workers/test/otlp-builders.ts";
import { startOpenAIServer } from "../openai-server.ts";
import { otlpSender, startBenchStack } from "./stack-client.ts";
import type { BenchRow, BenchSuite } from "./types.ts";

const TRACES = Number(process.env.BENCH_MONITOR_TRACES ?? 200);
const SPACING_MS = 100;
const MODEL_MS = 300;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export const monitoringSuite: BenchSuite = {
  name: "monitoring",
  description: `${TRACES} live traces, one every ${SPACING_MS} ms, scored by a judge monitor (${MODEL_MS} ms model, settle 0)`,
  async run(): Promise<BenchRow[]> {
    const llm = await startOpenAIServer();
    llm.script([{ reply: { content: '{"rationale":"right","value":"yes"}', delayMs: MODEL_MS } }]);
    const bench = await startBenchStack("monitoring");
    try {
      const api = async (path: string, init: { method: string; json?: unknown }) => {
        const res = await fetch(`${bench.stack.url}${path}`, {
          method: init.method,
          headers: { cookie: bench.cookie, "content-type": "application/json", origin: bench.stack.url },
          ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
        });
        if (!res.ok) throw new Error(`${init.method} ${path}: ${res.status} ${await res.text()}`);
        return res.json() as Promise<Record<string, unknown>>;
      };
      await api(`/api/v1/orgs/${bench.orgId}/judge-providers`, {
        method: "POST",
        json: { name: "openai", baseUrl: llm.url, apiKey: "sk-bench-monitoring" },
      });
      const project = `/api/v1/projects/${bench.projectId}`;
      const scorer = await api(`${project}/scorers`, {
        method: "POST",
        json: {
          name: "correctness",
          definition: {
            type: "judge",
            instructions: "Is this answer right? {{ outputs }}",
            model: "openai:/gpt-4o-mini",
          },
        },
      });
      await api(`${project}/monitors`, {
        method: "POST",
        json: { scorerId: scorer.id, samplingRate: 1, settleSeconds: 0 },
      });
      const key = await bench.key(["ingest"]);
      const traces = Array.from({ length: TRACES }, () => agentTrace());
      // Each trace in one request, its root span last (it ends last).
      const batches = traces.map((t) => [...t.spans.slice(1), ...t.spans.slice(0, 1)]);
      const send = otlpSender(bench.stack.url, key, "json", batches);
      const sentAt = new Map<string, number>();
      const started = Date.now();
      for (let i = 0; i < traces.length; i++) {
        const due = started + i * SPACING_MS;
        if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
        await send(i);
        sentAt.set(traces[i]?.traceId ?? "", Date.now());
      }
      const latencies: number[] = [];
      const waiting = new Set(sentAt.keys());
      const deadline = Date.now() + 120_000;
      while (waiting.size > 0 && Date.now() < deadline) {
        await Promise.all(
          [...waiting].map(async (traceId) => {
            const { assessments } = (await api(`${project}/traces/${traceId}/assessments`, {
              method: "GET",
            })) as {
              assessments: { monitorId: string | null; createdAt: string }[];
            };
            const scored = assessments.find((a) => a.monitorId !== null);
            if (!scored) return;
            latencies.push(Date.parse(scored.createdAt) - (sentAt.get(traceId) ?? 0));
            waiting.delete(traceId);
          }),
        );
        if (waiting.size > 0) await new Promise((r) => setTimeout(r, 500));
      }
      if (waiting.size > 0) throw new Error(`${waiting.size} traces were never scored`);
      latencies.sort((a, b) => a - b);
      const p50 = quantile(latencies, 0.5);
      const p95 = quantile(latencies, 0.95);
      const row = (metric: string, value: number, unit: string, goal?: string): BenchRow => ({
        suite: "monitoring",
        metric,
        value: Math.round(value * 1000) / 1000,
        unit,
        ...(goal ? { goal } : {}),
      });
      return [
        row("last span ingested → feedback stored, p50", p50, "ms"),
        row("last span ingested → feedback stored, p95", p95, "ms", "<= 3000 ms p95"),
        row("p50 over the model's own time", p50 / MODEL_MS, "×"),
        row("p95 over the model's own time", p95 / MODEL_MS, "×"),
        row("slowest", latencies.at(-1) ?? 0, "ms"),
      ];
    } finally {
      await bench.stop();
      await llm.close();
    }
  },
};
