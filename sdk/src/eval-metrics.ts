/**
 * Metrics of the local code scorers, computed here: the server stores their feedback on traces
 * but a run's metrics come from its own scorers only, so evaluate() adds these with the same
 * names and meaning as the server's (workers/evaluations/metrics.ts): valid values' mean, min,
 * max, median, p90 and sample variance, yes/no and booleans as 1/0, errors excluded and counted
 * apart, a 95 % interval on the mean (Wilson for pass rates, Student's t for numbers) and one
 * on the pass rate, and the scorer's kind (pass_fail when every result passes or fails).
 */
import type { CodeScoreResult } from "./code-scorers.ts";
import type { ScorerMetrics } from "./evaluation-types.ts";

const YES = new Set(["yes", "pass", "passed", "true"]);
const NO = new Set(["no", "fail", "failed", "false"]);
const Z95 = 1.959963984540054;

/** What the server's aggregates read of a value: a score, and a pass/fail where one applies. */
export function projectValue(value: unknown): { score: number | null; passed: boolean | null } {
  if (typeof value === "boolean") return { score: value ? 1 : 0, passed: value };
  if (typeof value === "number") return { score: value, passed: null };
  if (typeof value === "string") {
    const word = value.trim().toLowerCase();
    const passed = YES.has(word) ? true : NO.has(word) ? false : null;
    return { score: passed === null ? null : Number(passed), passed };
  }
  return { score: null, passed: null };
}

function wilsonInterval(passes: number, n: number) {
  const p = passes / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** One code scorer's metrics over its results (one per record: code scorers run once). */
export async function codeScorerMetrics(name: string, results: CodeScoreResult[]): Promise<ScorerMetrics> {
  const [stats, { default: jStat }] = await Promise.all([import("simple-statistics"), import("jstat")]);
  const projected = results.filter((r) => r.error === null).map((r) => projectValue(r.value));
  const scores = projected.flatMap((p) => (p.score === null ? [] : [p.score])).sort((a, b) => a - b);
  const judged = projected.filter((p) => p.passed !== null);
  const passes = judged.filter((p) => p.passed === true).length;
  const isPassFail = judged.length > 0 && judged.length === projected.length;
  const n = scores.length;
  const mean = n ? stats.mean(scores) : null;
  let meanInterval: ScorerMetrics["meanInterval"] = null;
  // A code scorer's pass/fail values (booleans, yes/no) are their own verdict: Wilson, as the server does.
  if (isPassFail) meanInterval = wilsonInterval(passes, judged.length);
  else if (n >= 2 && mean !== null) {
    const half = jStat.studentt.inv(0.975, n - 1) * Math.sqrt(stats.sampleVariance(scores) / n);
    meanInterval = { low: mean - half, high: mean + half };
  }
  return {
    name,
    count: n,
    errors: results.length - projected.length,
    kind: isPassFail ? "pass_fail" : "numeric",
    mean,
    meanInterval,
    passRateInterval: judged.length ? wilsonInterval(passes, judged.length) : null,
    min: scores[0] ?? null,
    max: scores.at(-1) ?? null,
    median: n ? stats.median(scores) : null,
    p90: n ? stats.quantileSorted(scores, 0.9) : null,
    variance: n > 1 ? stats.sampleVariance(scores) : null,
    passRate: judged.length ? passes / judged.length : null,
    withinRecordVariance: null,
  };
}

const AGGREGATIONS = ["mean", "min", "max", "median", "p90", "variance"] as const;

/** `<scorer>/<aggregation>` for each scorer, `pass_rate` where it applies, as the server names them. */
export function metricsOf(list: ScorerMetrics[]): Record<string, number | null> {
  const metrics: Record<string, number | null> = {};
  for (const m of list) {
    for (const agg of AGGREGATIONS) metrics[`${m.name}/${agg}`] = m[agg];
    if (m.passRate !== null) metrics[`${m.name}/pass_rate`] = m.passRate;
  }
  return metrics;
}
