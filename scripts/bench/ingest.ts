/**
 * Ingest throughput on the local stack: OTLP JSON and protobuf, batches of 100 realistic GenAI
 * spans, several concurrent clients; and, in the same run, the database ceiling: the same span
 * rows inserted straight into libSQL in batches of 100 with the same concurrency.
 *
 * Each of the three measurements has its own stack and empty database, and warms up with the
 * same untimed batches. They then run in interleaved rounds (JSON, protobuf, ceiling, JSON, …):
 * this machine's speed drifts by ±15 % over a minute, and back-to-back runs of one measurement
 * each would compare them under different conditions.
 */
import { createClient } from "@libsql/client";
import { clientUnits } from "./client-payloads.ts";
import {
  agentBatches,
  type BenchStack,
  latencyRows,
  type OtlpEncoding,
  otlpSender,
  round,
  runConcurrently,
  startBenchStack,
} from "./stack-client.ts";
import type { BenchRow, BenchSuite } from "./types.ts";

const BATCHES = Number(process.env.BENCH_INGEST_BATCHES ?? 200);
const SPANS_PER_BATCH = 100;
const CONCURRENCY = 4;
const ROUNDS = 4;
/**
 * Untimed batches sent first on each fresh stack, so the timed rounds measure the steady state,
 * not the Worker's first compile, JIT warm-up and the first pages of an empty database.
 */
const WARMUP_BATCHES = 20;

type Measurement = {
  label: "json" | "protobuf" | "ceiling" | "clients";
  /** Timed items (batches, or units of the mixed workload) and the spans they carry. */
  count: number;
  spans: number;
  bench: BenchStack;
  /** Sends batch `i` (warm-up batches first). */
  send(i: number): Promise<void>;
  close(): void;
  seconds: number;
  latencies: number[];
};

async function otlpMeasurement(encoding: OtlpEncoding): Promise<Measurement> {
  const bench = await startBenchStack(`ingest-${encoding}`);
  const key = await bench.key(["ingest"]);
  return {
    label: encoding,
    count: BATCHES,
    spans: BATCHES * SPANS_PER_BATCH,
    bench,
    seconds: 0,
    latencies: [],
    close() {},
    send: otlpSender(bench.stack.url, key, encoding, agentBatches(WARMUP_BATCHES + BATCHES, SPANS_PER_BATCH)),
  };
}

/** The ceiling: the same span rows, straight into libSQL over its HTTP protocol. */
async function ceilingMeasurement(): Promise<Measurement> {
  const bench = await startBenchStack("ingest-ceiling");
  const client = createClient({ url: bench.stack.dbUrl });
  const batches = agentBatches(WARMUP_BATCHES + BATCHES, SPANS_PER_BATCH);
  return {
    label: "ceiling",
    count: BATCHES,
    spans: BATCHES * SPANS_PER_BATCH,
    bench,
    seconds: 0,
    latencies: [],
    close: () => client.close(),
    async send(i) {
      await client.batch(
        (batches[i] ?? []).map((s) => ({
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
    },
  };
}

/**
 * The mixed workload: what seven real libraries send (client-payloads.ts), one library's requests
 * per unit, with fresh ids; as many spans in all as the other measurements, about.
 */
async function clientsMeasurement(): Promise<Measurement> {
  const bench = await startBenchStack("ingest-clients");
  const key = await bench.key(["ingest"]);
  const perUnit = clientUnits(7).reduce((n, u) => n + u.spans, 0) / 7;
  const count = Math.round((BATCHES * SPANS_PER_BATCH) / perUnit);
  const units = clientUnits(WARMUP_BATCHES + count);
  return {
    label: "clients",
    count,
    spans: units.slice(WARMUP_BATCHES).reduce((n, u) => n + u.spans, 0),
    bench,
    seconds: 0,
    latencies: [],
    close() {},
    async send(i) {
      for (const r of units[i]?.requests ?? []) {
        const res = await fetch(`${bench.stack.url}${r.path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": r.contentType },
          body: r.body,
        });
        if (res.status !== 200) throw new Error(`${r.path} answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      }
    },
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

export const ingestSuite: BenchSuite = {
  name: "ingest",
  description: `${BATCHES} batches × ${SPANS_PER_BATCH} spans per encoding and for the ceiling, about as many spans of seven real libraries' payloads, ${CONCURRENCY} concurrent clients, ${ROUNDS} interleaved rounds`,
  async run() {
    const measurements: Measurement[] = [];
    try {
      // One at a time, so a stack that fails to start leaves the others to be stopped below.
      measurements.push(await otlpMeasurement("json"));
      measurements.push(await otlpMeasurement("protobuf"));
      measurements.push(await ceilingMeasurement());
      measurements.push(await clientsMeasurement());
      for (const m of measurements) await runConcurrently(range(0, WARMUP_BATCHES), CONCURRENCY, m.send);
      for (let r = 0; r < ROUNDS; r++) {
        for (const m of measurements) {
          const first = WARMUP_BATCHES + Math.floor((r * m.count) / ROUNDS);
          const last = WARMUP_BATCHES + Math.floor(((r + 1) * m.count) / ROUNDS);
          const started = performance.now();
          m.latencies.push(...(await runConcurrently(range(first, last), CONCURRENCY, m.send)));
          m.seconds += (performance.now() - started) / 1000;
        }
      }
    } finally {
      for (const m of measurements) {
        m.close();
        await m.bench.stop();
      }
    }

    const rate = (m: Measurement) => m.spans / m.seconds;
    const [json, protobuf, ceiling, clients] = measurements as [
      Measurement,
      Measurement,
      Measurement,
      Measurement,
    ];
    const rows: BenchRow[] = [];
    for (const m of [json, protobuf]) {
      rows.push(
        { suite: "ingest", metric: `OTLP ${m.label} spans/s`, value: round(rate(m), 0), unit: "spans/s" },
        ...latencyRows(
          "ingest",
          `OTLP ${m.label} request`,
          m.latencies.sort((a, b) => a - b),
        ),
      );
    }
    rows.push({
      suite: "ingest",
      metric: "libSQL ceiling spans/s (plain inserts)",
      value: round(rate(ceiling), 0),
      unit: "spans/s",
    });
    rows.push(
      {
        suite: "ingest",
        metric: "real clients' payloads spans/s (mixed)",
        value: round(rate(clients), 0),
        unit: "spans/s",
      },
      ...latencyRows(
        "ingest",
        "real clients' unit (one library's requests)",
        clients.latencies.sort((a, b) => a - b),
      ),
      {
        suite: "ingest",
        metric: "real clients' payloads share of ceiling",
        value: round((100 * rate(clients)) / rate(ceiling), 0),
        unit: "%",
      },
    );
    for (const m of [json, protobuf]) {
      rows.push({
        suite: "ingest",
        metric: `OTLP ${m.label} share of ceiling`,
        value: round((100 * rate(m)) / rate(ceiling), 0),
        unit: "%",
        goal: ">= 50 %",
      });
    }
    return rows;
  },
};
