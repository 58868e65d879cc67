/**
 * Ingest throughput on the local stack: OTLP JSON and protobuf, batches of 100 realistic GenAI
 * spans, several concurrent clients; and, in the same run, the database ceiling: the same span
 * rows inserted straight into libSQL in batches of 100 with the same concurrency.
 */
import { createClient } from "@libsql/client";
import { agentTrace, otlpJson, otlpProtobuf, type SpanInput } from "../../workers/test/otlp-builders";
import { latencyRows, round, runConcurrently, startBenchStack } from "./stack-client.ts";
import type { BenchRow, BenchSuite } from "./suites.ts";

const BATCHES = Number(process.env.BENCH_INGEST_BATCHES ?? 200);
const SPANS_PER_BATCH = 100;
const CONCURRENCY = 4;

function makeBatches(count: number): SpanInput[][] {
  return Array.from({ length: count }, () => {
    const spans: SpanInput[] = [];
    while (spans.length < SPANS_PER_BATCH)
      spans.push(...agentTrace({ sessionId: `s-${spans.length % 7}` }).spans);
    return spans.slice(0, SPANS_PER_BATCH);
  });
}

export const ingestSuite: BenchSuite = {
  name: "ingest",
  description: `${BATCHES} batches × ${SPANS_PER_BATCH} spans per encoding, ${CONCURRENCY} concurrent clients`,
  async run() {
    const rows: BenchRow[] = [];
    // Each measurement starts from an empty database, so none pays for the rows an earlier one wrote.
    for (const encoding of ["json", "protobuf"] as const) {
      const bench = await startBenchStack(`ingest-${encoding}`);
      try {
        const key = await bench.key(["ingest"]);
        const batches = makeBatches(BATCHES);
        const bodies = batches.map((b): string | Uint8Array<ArrayBuffer> =>
          encoding === "json" ? JSON.stringify(otlpJson(b)) : new Uint8Array(otlpProtobuf(b)),
        );
        const started = performance.now();
        const latencies = await runConcurrently(bodies, CONCURRENCY, async (body) => {
          const res = await fetch(`${bench.stack.url}/v1/traces`, {
            method: "POST",
            headers: {
              authorization: `Bearer ${key}`,
              "content-type": encoding === "json" ? "application/json" : "application/x-protobuf",
            },
            body,
          });
          if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
          await res.arrayBuffer();
        });
        const seconds = (performance.now() - started) / 1000;
        rows.push(
          {
            suite: "ingest",
            metric: `OTLP ${encoding} spans/s`,
            value: round((BATCHES * SPANS_PER_BATCH) / seconds, 0),
            unit: "spans/s",
          },
          ...latencyRows("ingest", `OTLP ${encoding} request`, latencies),
        );
      } finally {
        await bench.stop();
      }
    }

    // The ceiling: the same span rows, straight into libSQL over its HTTP protocol.
    const bench = await startBenchStack("ingest-ceiling");
    try {
      const client = createClient({ url: bench.stack.dbUrl });
      const batches = makeBatches(BATCHES);
      const started = performance.now();
      await runConcurrently(batches, CONCURRENCY, async (batch) => {
        await client.batch(
          batch.map((s) => ({
            sql: `insert into spans (project_id, org_id, trace_id, span_id, parent_span_id, name, span_type, kind, start_us, end_us, status,
              inputs, outputs, attributes, events, model, input_tokens, output_tokens) values (?, ?, ?, ?, ?, ?, 'UNKNOWN', 1, ?, ?, 'OK', ?, ?, ?, '[]', ?, ?, ?)`,
            args: [
              bench.projectId,
              bench.orgId,
              s.traceId,
              s.spanId,
              s.parentSpanId ?? null,
              s.name,
              Math.round(s.startMs * 1000),
              Math.round((s.startMs + s.durationMs) * 1000),
              JSON.stringify(s.attributes?.["mlflow.spanInputs"] ?? null),
              JSON.stringify(s.attributes?.["mlflow.spanOutputs"] ?? null),
              JSON.stringify(s.attributes ?? {}),
              String(s.attributes?.["gen_ai.request.model"] ?? "") || null,
              Number(s.attributes?.["gen_ai.usage.input_tokens"] ?? 0) || null,
              Number(s.attributes?.["gen_ai.usage.output_tokens"] ?? 0) || null,
            ],
          })),
          "write",
        );
      });
      const ceiling = (BATCHES * SPANS_PER_BATCH) / ((performance.now() - started) / 1000);
      client.close();
      rows.push({
        suite: "ingest",
        metric: "libSQL ceiling spans/s (plain inserts)",
        value: round(ceiling, 0),
        unit: "spans/s",
      });
      for (const encoding of ["json", "protobuf"]) {
        const rate = rows.find((r) => r.metric === `OTLP ${encoding} spans/s`)?.value ?? 0;
        rows.push({
          suite: "ingest",
          metric: `OTLP ${encoding} share of ceiling`,
          value: round((100 * rate) / ceiling, 0),
          unit: "%",
          goal: ">= 50 %",
        });
      }
    } finally {
      await bench.stop();
    }
    return rows;
  },
};
