import { type SQL, sql } from "drizzle-orm";
import { LATENCY_BUCKETS } from "../../schema/traces";
import type { ProjectContext } from "../auth/context";
import { bucketRange } from "../lib/time-buckets";
import type { Granularity, GroupBy, MetricFigures, MetricPoint, Metrics } from "./api-types";

/**
 * Estimates a percentile from the latency histogram (bucket i = [2^i, 2^(i+1)) ms, bucket 0 =
 * [0, 2) ms): finds the bucket holding the rank, then interpolates geometrically inside it
 * (linearly in bucket 0, whose lower edge is 0).
 */
export function percentileFromBuckets(buckets: readonly number[], p: number): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const rank = p * total;
  let below = 0;
  for (const [i, count] of buckets.entries()) {
    if (count > 0 && below + count >= rank) {
      const fraction = Math.min(1, Math.max(0, (rank - below) / count));
      const value = i === 0 ? 2 * fraction : 2 ** i * 2 ** fraction;
      return Math.round(value * 100) / 100;
    }
    below += count;
  }
  return null;
}

export type RollupSums = {
  traces: number;
  errorTraces: number;
  calls: number;
  errorCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  traceBuckets: number[];
  callBuckets: number[];
};

export const emptySums = (): RollupSums => ({
  traces: 0,
  errorTraces: 0,
  calls: 0,
  errorCalls: 0,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  traceBuckets: Array(LATENCY_BUCKETS).fill(0),
  callBuckets: Array(LATENCY_BUCKETS).fill(0),
});

export type RollupRow = {
  t: number;
  model: string;
  traces: number;
  errorTraces: number;
  calls: number;
  errorCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
} & Record<`b${string}`, number>;

const bucketNames = Array.from({ length: LATENCY_BUCKETS }, (_, i) => `b${String(i).padStart(2, "0")}`);
const bucketSums = sql.raw(bucketNames.map((b) => `sum(${b}) as ${b}`).join(", "));

/** Adds a rollup row: model '' rows carry traces, the others one model's calls. */
export function addRow(into: RollupSums, r: RollupRow): void {
  const buckets = bucketNames.map((b) => Number(r[b as `b${string}`] ?? 0));
  if (r.model === "") {
    into.traces += Number(r.traces);
    into.errorTraces += Number(r.errorTraces);
    buckets.forEach((n, i) => {
      into.traceBuckets[i] = (into.traceBuckets[i] ?? 0) + n;
    });
  } else {
    into.calls += Number(r.calls);
    into.errorCalls += Number(r.errorCalls);
    into.inputTokens += Number(r.inputTokens);
    into.outputTokens += Number(r.outputTokens);
    into.costUsd += Number(r.costUsd);
    buckets.forEach((n, i) => {
      into.callBuckets[i] = (into.callBuckets[i] ?? 0) + n;
    });
  }
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

function figures(s: RollupSums, perModel: boolean): MetricFigures {
  const buckets = perModel ? s.callBuckets : s.traceBuckets;
  return {
    traces: perModel ? null : s.traces,
    errorTraces: perModel ? null : s.errorTraces,
    errorRate: perModel ? ratio(s.errorCalls, s.calls) : ratio(s.errorTraces, s.traces),
    latencyP50Ms: percentileFromBuckets(buckets, 0.5),
    latencyP95Ms: percentileFromBuckets(buckets, 0.95),
    latencyP99Ms: percentileFromBuckets(buckets, 0.99),
    calls: s.calls,
    errorCalls: s.errorCalls,
    inputTokens: s.inputTokens,
    outputTokens: s.outputTokens,
    costUsd: Math.round(s.costUsd * 1e9) / 1e9,
  };
}

/** Sums per bucket and model over one primary-key range of `rollups` (exported for EXPLAIN). */
export function metricsQuery(projectId: string, start: number, to: number, size: number): SQL {
  return sql`
    select hour - hour % ${size} as t, model, sum(traces) as traces, sum(error_traces) as errorTraces,
      sum(calls) as calls, sum(error_calls) as errorCalls, total(input_tokens) as inputTokens,
      total(output_tokens) as outputTokens, sum(cost_usd) as costUsd, ${bucketSums}
    from rollups
    where project_id = ${projectId} and hour >= ${start} and hour < ${to}
    group by t, model
    order by t, model`;
}

/**
 * Metrics from `rollups` only: one query, one range of its primary key (project_id, hour, model)
 * — hours × (1 + models) rows, folded into day buckets in SQL. `from` is rounded down to the
 * start of its hour or day (UTC); buckets start before `to`. Overall series have a point for
 * every bucket (zeros when idle); per-model series only where the model was called.
 */
export async function projectMetrics({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { from?: number | undefined; to?: number | undefined; granularity: Granularity; groupBy: GroupBy };
}): Promise<Metrics> {
  const { granularity, groupBy } = input;
  const { start, to, size } = bucketRange(input, ctx.services.clock.now());
  const projectId = ctx.project.id;
  const rows = await ctx.db.all<RollupRow>(metricsQuery(projectId, start, to, size));

  const totals = emptySums();
  const overall = new Map<number, RollupSums>();
  const perModel = new Map<string, RollupSums>();
  for (const row of rows) {
    const t = Number(row.t);
    addRow(totals, row);
    const point = overall.get(t) ?? emptySums();
    addRow(point, row);
    overall.set(t, point);
    if (row.model !== "") {
      const key = `${t}\u0000${row.model}`;
      const m = perModel.get(key) ?? emptySums();
      addRow(m, row);
      perModel.set(key, m);
    }
  }

  const series: MetricPoint[] = [];
  if (groupBy === "none") {
    for (let t = start; t < to; t += size) {
      series.push({
        time: new Date(t).toISOString(),
        group: null,
        ...figures(overall.get(t) ?? emptySums(), false),
      });
    }
  } else {
    for (const [key, sums] of perModel) {
      const [t, model] = key.split("\u0000");
      series.push({ time: new Date(Number(t)).toISOString(), group: model ?? "", ...figures(sums, true) });
    }
  }
  return { granularity, series, totals: figures(totals, false) };
}
