/** A started local stack plus a signed-up owner and API keys, for benchmarks. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { agentTrace, otlpJson, otlpProtobuf, type SpanInput } from "../../workers/test/otlp-builders.ts";
import { freePort } from "../free-port.ts";
import { type Stack, startStack } from "../stack.ts";
import { signUpOnStack } from "../stack-account.ts";
import type { BenchRow } from "./types.ts";

export type BenchStack = {
  stack: Stack;
  cookie: string;
  projectId: string;
  orgId: string;
  key(scopes: string[]): Promise<string>;
  stop(): Promise<void>;
};

export async function startBenchStack(
  label: string,
  options: { extraVars?: Record<string, string> } = {},
): Promise<BenchStack> {
  const dataDir = await mkdtemp(join(tmpdir(), `sightline-bench-${label}-`));
  const stack = await startStack({
    dataDir,
    port: await freePort(),
    dbPort: await freePort(),
    environment: "test",
    verbose: process.env.BENCH_VERBOSE === "1",
    ...(options.extraVars ? { extraVars: options.extraVars } : {}),
  });
  const stop = async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  // A stack left running keeps the benchmark process alive after its suite failed.
  const account = await signUpOnStack(stack.url, "bench").catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return {
    stack,
    cookie: account.cookie,
    projectId: account.projectId,
    orgId: account.orgId,
    key: account.key,
    stop,
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Runs `task` over `items` with `concurrency` workers; returns each item's latency in ms. */
export async function runConcurrently<T>(
  items: T[],
  concurrency: number,
  task: (item: T) => Promise<void>,
): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const item = items[next++];
        if (item === undefined) return;
        const started = performance.now();
        await task(item);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * The p50 and p95 rows of `samples` (latencies in ms, sorted). `metric` names a row from its
 * percentile: a label gets " p50"/" p95" appended, a function places it itself. `goal` goes on p95.
 */
export function latencyRows(
  suite: string,
  metric: string | ((p: "p50" | "p95") => string),
  samples: number[],
  goal?: string,
): BenchRow[] {
  const name = typeof metric === "string" ? (p: string) => `${metric} ${p}` : metric;
  return [
    { suite, metric: name("p50"), value: round(percentile(samples, 50)), unit: "ms" },
    {
      suite,
      metric: name("p95"),
      value: round(percentile(samples, 95)),
      unit: "ms",
      ...(goal ? { goal } : {}),
    },
  ];
}

export type OtlpEncoding = "json" | "protobuf";

/** `count` batches of `size` realistic support-agent spans (sessions s-0 … s-6). */
export function agentBatches(count: number, size = 100): SpanInput[][] {
  return Array.from({ length: count }, () => {
    const spans: SpanInput[] = [];
    while (spans.length < size) spans.push(...agentTrace({ sessionId: `s-${spans.length % 7}` }).spans);
    return spans.slice(0, size);
  });
}

/** Encodes `batches` as OTLP request bodies and returns `send(i)`, which exports body i and expects 200. */
export function otlpSender(
  url: string,
  key: string,
  encoding: OtlpEncoding,
  batches: SpanInput[][],
): (i: number) => Promise<void> {
  const bodies = batches.map((b): string | Uint8Array<ArrayBuffer> =>
    encoding === "json" ? JSON.stringify(otlpJson(b)) : new Uint8Array(otlpProtobuf(b)),
  );
  return async (i) => {
    const res = await fetch(`${url}/v1/traces`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": encoding === "json" ? "application/json" : "application/x-protobuf",
      },
      body: bodies[i],
    });
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };
}
