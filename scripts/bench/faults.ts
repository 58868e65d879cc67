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
import { DB_TIMEOUT_MS } from "../../workers/lib/db.ts";
import { type Answer, missingSpans, startTraffic } from "../fault-traffic.ts";
import { type BenchStack, percentile, round, startBenchStack } from "./stack-client.ts";
import type { BenchRow, BenchSuite } from "./types.ts";

const SENDERS = 4;
/** Untimed ingest before the baseline: the Worker's first compile and JIT warm-up. */
const WARMUP_MS = 1_500;
const BASELINE_MS = 4_000;
/** Longer than the write bound, so a write that waits it out shows. */
const FREEZE_MS = 15_000;
const SETTLE_MS = 2_000;
/** How long recovery is awaited before it is reported as not seen (NaN). */
const RECOVERY_WAIT_MS = 20_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => Date.now();

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
  const missing = await missingSpans(bench.stack.dbUrl, bench.projectId, acknowledged);
  return (acknowledged.length - missing.length) / acknowledged.length;
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

/** The `status` a health answer reported, if it was a health report. */
function healthStatus(answer: Answer): string | undefined {
  try {
    return (JSON.parse(answer.body ?? "") as { status?: string }).status;
  } catch {
    return undefined;
  }
}

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
      share(health.filter((a) => healthStatus(a) === "degraded").length, health.length),
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
  const traffic = startTraffic({
    url: bench.stack.url,
    projectId: bench.projectId,
    key: await bench.key(["ingest", "read"]),
    senders: SENDERS,
    healthEveryMs: 500,
  });
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
    const sinceContinue = await traffic.firstAcceptedAfter(freezeEnd, RECOVERY_WAIT_MS);
    await sleep(SETTLE_MS);

    // Killed: the supervisor starts a new server on the same port.
    const killedPid = databasePid(bench);
    const killedAt = now();
    process.kill(killedPid, "SIGKILL");
    const [restartMs, acceptedMs] = await Promise.all([
      restartedAfter(bench, killedPid, killedAt),
      traffic.firstAcceptedAfter(killedAt, RECOVERY_WAIT_MS),
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
