/**
 * The local database frozen (SIGSTOP) and then killed (SIGKILL) under steady OTLP ingest, on a
 * stack of its own (issue 10). tests/browser/database-faults.test.ts asserts the bounds with
 * margins; this suite reports what they measure: the slowest answers while frozen against the
 * Worker's bounds (DB_TIMEOUT_MS), how refusals are answered, how long recovery takes after
 * SIGCONT and after a kill, and whether every acknowledged span was stored.
 *
 * Times are given as ratios to figures of the same run (the bounds, and this stack's normal OTLP
 * p50 measured just before the faults), because this shared machine's speed drifts.
 */
import { createClient } from "@libsql/client";
import { DB_TIMEOUT_MS } from "../../workers/lib/db.ts";
import { newSpanId, newTraceId, otlpJson } from "../../workers/test/otlp-builders.ts";
import { type BenchStack, percentile, round, startBenchStack } from "./stack-client.ts";
import type { BenchRow, BenchSuite } from "./types.ts";

const SENDERS = 4;
const SPANS_PER_BATCH = 5;
/** Untimed ingest before the baseline: the Worker's first compile and JIT warm-up. */
const WARMUP_MS = 1_500;
const BASELINE_MS = 4_000;
/** Longer than the write bound, so a write that waits it out shows. */
const FREEZE_MS = 15_000;
const SETTLE_MS = 2_000;
/** A request without an answer by then is recorded as status 0. */
const REQUEST_TIMEOUT_MS = 30_000;
/** How long recovery is awaited before it is reported as not seen (NaN). */
const RECOVERY_WAIT_MS = 20_000;

type Answer = {
  kind: "write" | "read" | "health";
  started: number;
  ended: number;
  status: number;
  retryAfter: string | null;
  /** `status` of a health report. */
  health?: string;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

/** One request; a request that fails or gets no answer in time is recorded with status 0. */
async function timedRequest(kind: Answer["kind"], url: string, init: RequestInit = {}): Promise<Answer> {
  const started = now();
  let status = 0;
  let retryAfter: string | null = null;
  let health: string | undefined;
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    status = res.status;
    retryAfter = res.headers.get("retry-after");
    const text = await res.text();
    if (kind === "health") health = (JSON.parse(text) as { status?: string }).status;
  } catch {
    // No answer (or not JSON from health): status 0 / no health status, as recorded.
  }
  return { kind, started, ended: now(), status, retryAfter, ...(health ? { health } : {}) };
}

/** Ingest, reads and health polls running side by side until `stop()`. */
function startTraffic(bench: BenchStack, key: string) {
  const { url } = bench.stack;
  const answers: Answer[] = [];
  /** Span ids of exports answered 200. */
  const acknowledged: string[] = [];
  let running = true;

  async function postBatch(): Promise<Answer> {
    const traceId = newTraceId();
    const spans = Array.from({ length: SPANS_PER_BATCH }, (_, i) => ({
      traceId,
      spanId: newSpanId(),
      name: `fault-span-${i}`,
      startMs: Date.now() - 100,
      durationMs: 50,
    }));
    const answer = await timedRequest("write", `${url}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(otlpJson(spans)),
    });
    answers.push(answer);
    if (answer.status === 200) acknowledged.push(...spans.map((s) => s.spanId));
    return answer;
  }

  const poll = async (request: () => Promise<Answer>, pauseMs: (a: Answer) => number) => {
    while (running) {
      const answer = await request();
      if (answer.kind !== "write") answers.push(answer);
      await sleep(pauseMs(answer));
    }
  };
  const loops = [
    ...Array.from({ length: SENDERS }, () => poll(postBatch, (a) => (a.status === 200 ? 50 : 250))),
    poll(
      () =>
        timedRequest("read", `${url}/api/v1/projects/${bench.projectId}/traces?limit=5`, {
          headers: { authorization: `Bearer ${key}` },
        }),
      () => 500,
    ),
    poll(
      () => timedRequest("health", `${url}/api/health`),
      () => 500,
    ),
  ];

  return {
    answers,
    acknowledged,
    postBatch,
    /** Exports until one started at or after `since` is answered 200; ms from `since` to that answer. */
    async firstAcceptedAfter(since: number): Promise<number> {
      while (now() - since < RECOVERY_WAIT_MS) {
        const answer = await postBatch();
        if (answer.status === 200) return answer.ended - since;
        await sleep(50);
      }
      return Number.NaN;
    },
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** ms from `since` until the database child has a pid other than `oldPid`. */
async function restartedAfter(bench: BenchStack, oldPid: number, since: number): Promise<number> {
  while (now() - since < RECOVERY_WAIT_MS) {
    const pid = bench.stack.db.pid();
    if (pid !== undefined && pid !== oldPid) return now() - since;
    await sleep(5);
  }
  return Number.NaN;
}

function databasePid(bench: BenchStack): number {
  const pid = bench.stack.db.pid();
  if (pid === undefined) throw new Error("the database server is not running");
  return pid;
}

async function storedShare(bench: BenchStack, acknowledged: string[]): Promise<number> {
  const db = createClient({ url: bench.stack.dbUrl });
  try {
    const rows = await db.execute({
      sql: "select span_id from spans where project_id = ?",
      args: [bench.projectId],
    });
    const stored = new Set(rows.rows.map((r) => String(r.span_id)));
    return acknowledged.filter((id) => stored.has(id)).length / acknowledged.length;
  } finally {
    db.close();
  }
}

const slowest = (answers: Answer[]) => Math.max(...answers.map((a) => a.ended - a.started));
const share = (part: number, whole: number) => (whole === 0 ? Number.NaN : round((100 * part) / whole));
const row = (metric: string, value: number, unit: string, goal?: string): BenchRow => ({
  suite: "faults",
  metric,
  value,
  unit,
  ...(goal ? { goal } : {}),
});

/** The answers to every request that overlapped the freeze, against the bounds. */
function freezeRows(answers: Answer[], freezeStart: number, freezeEnd: number): BenchRow[] {
  const frozen = answers.filter((a) => a.started < freezeEnd && a.ended > freezeStart);
  const writes = frozen.filter((a) => a.kind === "write");
  const reads = frozen.filter((a) => a.kind === "read");
  const health = frozen.filter((a) => a.kind === "health");
  const refused = [...writes, ...reads].filter((a) => a.status !== 200);
  const retryable = refused.filter((a) => a.status === 503 && /^[1-9]\d*$/.test(a.retryAfter ?? ""));
  const bounded = (label: string, kind: Answer[], boundMs: number) => [
    row(`frozen: slowest ${label}`, round(slowest(kind)), "ms"),
    row(
      `frozen: slowest ${label} ÷ its bound (${boundMs} ms)`,
      round(slowest(kind) / boundMs, 2),
      "×",
      "≈ 1.0 (≤ 1.2)",
    ),
  ];
  return [
    ...bounded("write (OTLP)", writes, DB_TIMEOUT_MS.write),
    ...bounded("read (trace list)", reads, DB_TIMEOUT_MS.read),
    ...bounded("/api/health", health, DB_TIMEOUT_MS.health),
    row("frozen: writes + reads answered", writes.length + reads.length, "requests"),
    row("frozen: of them not 200", refused.length, "requests"),
    row("frozen: /api/health answers", health.length, "requests"),
    row(
      "frozen: 503 with Retry-After, share of non-200",
      share(retryable.length, refused.length),
      "%",
      "100 %",
    ),
    row(
      "frozen: /api/health said degraded, share",
      share(health.filter((a) => a.health === "degraded").length, health.length),
      "%",
      "100 %",
    ),
  ];
}

async function runFaults(): Promise<BenchRow[]> {
  const bench = await startBenchStack("faults");
  try {
    return await measureFaults(bench);
  } finally {
    await bench.stop();
  }
}

async function measureFaults(bench: BenchStack): Promise<BenchRow[]> {
  const traffic = startTraffic(bench, await bench.key(["ingest", "read"]));
  const baselineRows: BenchRow[] = [];
  const recoveryRows: BenchRow[] = [];
  let freezeStart = 0;
  let freezeEnd = 0;
  try {
    await sleep(WARMUP_MS);
    const baselineStart = now();
    await sleep(BASELINE_MS);
    const baseline = traffic.answers
      .filter((a) => a.kind === "write" && a.status === 200 && a.started >= baselineStart)
      .map((a) => a.ended - a.started)
      .sort((a, b) => a - b);
    const p50 = percentile(baseline, 50);
    baselineRows.push(row("OTLP export p50 before the faults (4 senders, 5 spans each)", round(p50), "ms"));

    // Frozen: the process keeps its port but answers nothing.
    const frozenPid = databasePid(bench);
    freezeStart = now();
    process.kill(frozenPid, "SIGSTOP");
    try {
      await sleep(FREEZE_MS);
    } finally {
      process.kill(frozenPid, "SIGCONT");
      freezeEnd = now();
    }
    const sinceContinue = await traffic.firstAcceptedAfter(freezeEnd);
    await sleep(SETTLE_MS);

    // Killed: the supervisor starts a new server on the same port.
    const killedPid = databasePid(bench);
    const killedAt = now();
    process.kill(killedPid, "SIGKILL");
    const [restartMs, acceptedMs] = await Promise.all([
      restartedAfter(bench, killedPid, killedAt),
      traffic.firstAcceptedAfter(killedAt),
    ]);
    await sleep(SETTLE_MS);
    recoveryRows.push(
      row("SIGCONT → first 200 on /v1/traces", round(sinceContinue), "ms"),
      row("SIGCONT → first 200 on /v1/traces ÷ normal p50", round(sinceContinue / p50), "×"),
      row("SIGKILL → supervisor restarted it (new pid)", round(restartMs), "ms"),
      row("SIGKILL → first 200 on /v1/traces", round(acceptedMs), "ms"),
      row("SIGKILL → first 200 on /v1/traces ÷ normal p50", round(acceptedMs / p50), "×"),
      row("supervisor restarts", bench.stack.db.restarts(), "", "1"),
    );
  } finally {
    // Waits for every request in flight, so an answer that never came is counted (status 0).
    await traffic.stop();
  }
  const stored = await storedShare(bench, traffic.acknowledged);
  return [
    ...baselineRows,
    ...freezeRows(traffic.answers, freezeStart, freezeEnd),
    ...recoveryRows,
    row("acknowledged spans", traffic.acknowledged.length, "spans"),
    row("acknowledged spans stored", round(100 * stored, 2), "%", "100 %"),
  ];
}

export const faultsSuite: BenchSuite = {
  name: "faults",
  description: `the database frozen ${FREEZE_MS / 1000} s, then killed, under OTLP ingest, reads and health polls`,
  run: runFaults,
};
