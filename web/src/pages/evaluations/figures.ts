import type { EvaluationRun, Interval, MetricComparison, ScorerMetrics } from "../../api/evaluations";
import { formatPercent } from "../../app/numbers";

/**
 * A scorer's headline figure: its pass rate when its values pass or fail (then the server's
 * interval is Wilson's on that rate), else the mean of its values (Student's t interval).
 */
export type MetricKind = "pass_rate" | "mean";

export interface MainMetric {
  name: string;
  kind: MetricKind;
  value: number | null;
  interval: Interval | null;
  count: number;
  errors: number;
}

export function mainMetric(metrics: ScorerMetrics): MainMetric {
  const passFail = metrics.passRate !== null;
  return {
    name: metrics.name,
    kind: passFail ? "pass_rate" : "mean",
    value: passFail ? metrics.passRate : metrics.mean,
    interval: metrics.meanInterval,
    count: metrics.count,
    errors: metrics.errors,
  };
}

const score = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const signedScore = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3, signDisplay: "exceptZero" });

/** "82%" for a pass rate, "3.4" for a mean; "—" for nothing measured. */
export function formatMetric(kind: MetricKind, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return kind === "pass_rate" ? formatPercent(value) : score.format(value);
}

/** "62%–91%" or "2.9–3.8"; null when there is no interval (fewer than two values). */
export function formatInterval(kind: MetricKind, interval: Interval | null): string | null {
  if (!interval) return null;
  return `${formatMetric(kind, interval.low)}–${formatMetric(kind, interval.high)}`;
}

export const METRIC_LABEL: Readonly<Record<MetricKind, string>> = { pass_rate: "pass rate", mean: "mean" };

/** A difference of pass rates in percentage points ("−8.0 pts"), of means as a signed number. */
export function formatDifference(kind: MetricKind, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "—";
  if (kind === "mean") return signedScore.format(value).replace("-", "−");
  const points = value * 100;
  if (points === 0) return "0 pts";
  return `${points > 0 ? "+" : "−"}${Math.abs(points).toFixed(1)} pts`;
}

/**
 * How a compared metric's figures read. The comparison calls a scorer pass_fail when every result
 * passed or failed, yet its figures are the means of the values: for a rule whose value is a
 * number with a threshold (length, similarity …) they are not rates, so they read as means.
 */
export function comparedKind(metric: Pick<MetricComparison, "kind" | "baseline" | "candidate">): MetricKind {
  const rate = (value: number | null) => value === null || (value >= 0 && value <= 1);
  return metric.kind === "pass_fail" && rate(metric.baseline) && rate(metric.candidate)
    ? "pass_rate"
    : "mean";
}

/** "0.004", "< 0.001", "1". */
export function formatPValue(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return "—";
  if (p < 0.001) return "< 0.001";
  return p >= 0.1 ? p.toFixed(2).replace(/\.?0+$/, "") : p.toFixed(3);
}

export interface RunProgress {
  done: number;
  total: number;
  errors: number;
  /** 0–100, whole; 100 for a run with nothing to score. */
  percent: number;
}

export function progressOf(run: Pick<EvaluationRun, "progress">): RunProgress {
  const { done, total, errors } = run.progress;
  return { done, total, errors, percent: total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100 };
}

export const isRunning = (run: Pick<EvaluationRun, "status">) => run.status === "running";

export interface TrendPoint {
  runId: string;
  runName: string;
  createdAt: string;
  value: number | null;
  interval: Interval | null;
}

export interface Trend {
  /** `<scorer>/<kind>`: a scorer measured as a pass rate and as a mean is two trends. */
  key: string;
  name: string;
  kind: MetricKind;
  /** One point a run, oldest first; null where the run has no such metric. */
  points: TrendPoint[];
}

/**
 * One trend per metric across the finished runs (completed or cancelled), in the order they were
 * started: a running run's figures are still moving, so they would draw a line that later changes.
 */
export function trendsOf(runs: readonly EvaluationRun[]): { runs: EvaluationRun[]; trends: Trend[] } {
  const finished = runs
    .filter((run) => run.status === "completed" || run.status === "cancelled")
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const trends = new Map<string, Trend>();
  finished.forEach((run, index) => {
    for (const metric of run.scorerMetrics.map(mainMetric)) {
      const key = `${metric.name}/${metric.kind}`;
      let trend = trends.get(key);
      if (!trend) {
        const points = finished.map((each) => ({
          runId: each.id,
          runName: each.name,
          createdAt: each.createdAt,
          value: null,
          interval: null,
        }));
        trend = { key, name: metric.name, kind: metric.kind, points };
        trends.set(key, trend);
      }
      trend.points[index] = {
        ...(trend.points[index] as TrendPoint),
        value: metric.value,
        interval: metric.interval,
      };
    }
  });
  return { runs: finished, trends: [...trends.values()].sort((a, b) => a.key.localeCompare(b.key)) };
}

/** The runs picked for a comparison, oldest first: the first is the baseline the others are compared with. */
export function comparisonOrder(runs: readonly EvaluationRun[], picked: ReadonlySet<string>): string[] {
  return runs
    .filter((run) => picked.has(run.id))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map((run) => run.id);
}
