import { and, eq, sql } from "drizzle-orm";
import jStat from "jstat";
import { mean, median, quantileSorted, sampleVariance } from "simple-statistics";
import { evalRows } from "../../schema";
import type { ProjectScope } from "../auth/context";
import type { RunRow } from "./lookup";
import type { RunView, ScorerMetrics } from "./schemas";
import { wilson } from "./stats";

/**
 * A run's metrics, computed from its stored assessments (so a redelivered job, counted once in
 * `eval_items`, cannot skew them): per scorer, the valid values' mean, min, max, median, p90 and
 * variance (yes/no as 1/0; errors excluded and counted apart), the pass rate where the values
 * pass or fail, a 95 % interval on the mean (Wilson for pass rates, Student's t for numbers),
 * and with repeats the mean within-record variance. Code scorers' results (sent with the rows)
 * are units like the judges' and are read the same way.
 */

/** Student's t interval for the mean of `values`. */
export function tInterval(values: number[]): { low: number; high: number } | null {
  if (values.length < 2) return null;
  const m = mean(values);
  const se = Math.sqrt(sampleVariance(values) / values.length);
  const t = jStat.studentt.inv(0.975, values.length - 1);
  return { low: m - t * se, high: m + t * se };
}

type Value = {
  name: string;
  rowKey: string;
  score: number | null;
  passed: number | null;
  errorCode: string | null;
};

export function scorerMetrics(
  name: string,
  values: Value[],
  source: ScorerMetrics["source"] = "registered",
): ScorerMetrics {
  const valid = values.filter((v) => v.errorCode === null && v.score !== null);
  const scores = valid.map((v) => v.score as number).sort((a, b) => a - b);
  const judged = valid.filter((v) => v.passed !== null);
  const passes = judged.filter((v) => v.passed === 1).length;
  const isPassFail = judged.length > 0 && judged.length === valid.length;
  const byRecord = new Map<string, number[]>();
  for (const v of valid) byRecord.set(v.rowKey, [...(byRecord.get(v.rowKey) ?? []), v.score as number]);
  const repeated = [...byRecord.values()].filter((s) => s.length > 1);
  return {
    name,
    source,
    count: scores.length,
    errors: values.filter((v) => v.errorCode !== null).length,
    kind: isPassFail ? "pass_fail" : "numeric",
    mean: scores.length ? mean(scores) : null,
    // Values that are their own verdict (1/0) take the Wilson interval; other numbers Student's t.
    meanInterval:
      isPassFail && valid.every((v) => v.score === v.passed)
        ? wilson(passes, judged.length)
        : tInterval(scores),
    passRateInterval: judged.length ? wilson(passes, judged.length) : null,
    min: scores.length ? (scores[0] ?? null) : null,
    max: scores.length ? (scores.at(-1) ?? null) : null,
    median: scores.length ? median(scores) : null,
    p90: scores.length ? quantileSorted(scores, 0.9) : null,
    variance: scores.length > 1 ? sampleVariance(scores) : null,
    passRate: judged.length ? passes / judged.length : null,
    withinRecordVariance: repeated.length ? mean(repeated.map((s) => sampleVariance(s))) : null,
  };
}

const AGGREGATIONS = ["mean", "min", "max", "median", "p90", "variance"] as const;

export async function runMetrics(
  ctx: ProjectScope,
  run: RunRow,
): Promise<Pick<RunView, "metrics" | "scorerMetrics" | "judge" | "latency">> {
  const values =
    (await ctx.db.all(sql`select a.name as name, i.row_key as rowKey, a.score as score, a.passed as passed,
      a.error_code as errorCode
    from eval_items i join assessments a on a.id = i.assessment_id
    where i.run_id = ${run.id} and a.project_id = ${ctx.project.id}`)) as Value[];
  const [judge] = (await ctx.db.all(sql`select total(json_extract(metadata, '$.inputTokens')) as inputTokens,
      total(json_extract(metadata, '$.outputTokens')) as outputTokens, total(json_extract(metadata, '$.costUsd')) as costUsd
    from assessments where project_id = ${ctx.project.id} and run_id = ${run.id}`)) as RunView["judge"][];
  const latencies = (
    await ctx.db
      .select({ ms: evalRows.latencyMs })
      .from(evalRows)
      .where(and(eq(evalRows.runId, run.id), sql`${evalRows.latencyMs} is not null`))
  )
    .map((r) => r.ms as number)
    .sort((a, b) => a - b);
  const of = (name: string) => values.filter((v) => v.name === name);
  const scorerMetricsList = [
    ...run.scorers.map((s) => scorerMetrics(s.name, of(s.name))),
    ...run.codeScorers.map((name) => scorerMetrics(name, of(name), "code")),
  ];
  const metrics: Record<string, number | null> = {};
  for (const m of scorerMetricsList) {
    for (const agg of AGGREGATIONS) metrics[`${m.name}/${agg}`] = m[agg];
    if (m.passRate !== null) metrics[`${m.name}/pass_rate`] = m.passRate;
  }
  return {
    metrics,
    scorerMetrics: scorerMetricsList,
    judge: judge ?? { inputTokens: 0, outputTokens: 0, costUsd: 0 },
    latency: {
      mean: latencies.length ? mean(latencies) : null,
      p50: latencies.length ? quantileSorted(latencies, 0.5) : null,
      p95: latencies.length ? quantileSorted(latencies, 0.95) : null,
    },
  };
}
