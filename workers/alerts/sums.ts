import { sql } from "drizzle-orm";
import type { Db } from "../lib/db";
import { FIVE_MINUTES_MS, HOUR_MS } from "../lib/time";
import { addRow, emptySums, metricsQuery, percentileFromBuckets, type RollupRow } from "../traces/metrics";
import { SCORE_METRICS } from "./config";
import type { ScoreSums, TraceSums, WindowSums } from "./windows";

/** What a rule reads: its metric's rollup, narrowed by the dimensions the rollups are keyed by. */
export type RuleScope = {
  projectId: string;
  metric: string;
  windowMs: number;
  /** Score metrics: the feedback name, and the monitor ('' for every source). */
  assessmentName: string | null;
  monitorId: string;
  /** Trace metrics: one model's calls, or '' for the traces. */
  model: string;
};

/** What a stored rule reads, from its row and parsed configuration. */
export function ruleScope(
  row: { projectId: string; assessmentName: string | null; monitorId: string; model: string },
  rule: { metric: string; windowMinutes: number },
): RuleScope {
  return {
    projectId: row.projectId,
    metric: rule.metric,
    windowMs: rule.windowMinutes * 60_000,
    assessmentName: row.assessmentName,
    monitorId: row.monitorId,
    model: row.model,
  };
}

const isScoreMetric = (metric: string) => (SCORE_METRICS as readonly string[]).includes(metric);

/**
 * The window sums of every window in [from, to) (aligned to the window length) with any rollup,
 * by window start. Score metrics read `score_rollups` (hourly) or `score_rollups_5m` (windows under
 * an hour), summed over monitors unless the rule names one; trace metrics read `rollups` (hourly).
 * One query, one primary-key range; never raw traces.
 */
export async function windowSums(
  db: Db,
  scope: RuleScope,
  from: number,
  to: number,
): Promise<Map<number, WindowSums>> {
  const size = scope.windowMs;
  const out = new Map<number, WindowSums>();
  if (isScoreMetric(scope.metric)) {
    const hourly = size % HOUR_MS === 0;
    const table = sql.raw(hourly ? "score_rollups" : "score_rollups_5m");
    const time = sql.raw(hourly ? "hour" : "start");
    const rows = await db.all<ScoreSums & { t: number }>(sql`
      select ${time} - ${time} % ${size} as t, sum(count) as count, sum(scored) as scored, total(sum) as sum,
        total(sum_squares) as sumSquares, sum(judged) as judged, sum(passes) as passes, sum(errors) as errors
      from ${table}
      where project_id = ${scope.projectId} and name = ${scope.assessmentName ?? ""}
        ${scope.monitorId === "" ? sql`` : sql`and monitor_id = ${scope.monitorId}`}
        and ${time} >= ${from} and ${time} < ${to}
      group by t`);
    for (const r of rows)
      out.set(Number(r.t), {
        scores: {
          count: Number(r.count),
          scored: Number(r.scored),
          sum: Number(r.sum),
          sumSquares: Number(r.sumSquares),
          judged: Number(r.judged),
          passes: Number(r.passes),
          errors: Number(r.errors),
        },
      });
    return out;
  }
  const rows = await db.all<RollupRow>(metricsQuery(scope.projectId, from, to, size));
  const byWindow = new Map<number, ReturnType<typeof emptySums>>();
  for (const r of rows) {
    // '' rules read the trace rows and every model's usage; a model's rule only its calls.
    if (scope.model !== "" && r.model !== scope.model) continue;
    const t = Number(r.t);
    const sums = byWindow.get(t) ?? emptySums();
    addRow(sums, r);
    byWindow.set(t, sums);
  }
  for (const [t, s] of byWindow) {
    const perModel = scope.model !== "";
    const traces: TraceSums = {
      traces: perModel ? s.calls : s.traces,
      errorTraces: perModel ? s.errorCalls : s.errorTraces,
      latencyP95Ms: percentileFromBuckets(perModel ? s.callBuckets : s.traceBuckets, 0.95),
      costUsd: s.costUsd,
      tokens: s.inputTokens + s.outputTokens,
    };
    out.set(t, { traces });
  }
  return out;
}

/** The finest rollups a window length can be read from (trace rollups are hourly only). */
export function windowAllowed(metric: string, windowMs: number): boolean {
  return isScoreMetric(metric) ? windowMs % FIVE_MINUTES_MS === 0 : windowMs % HOUR_MS === 0;
}
