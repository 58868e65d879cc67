/**
 * Response shapes of the metrics route that are not inferred from a zod schema. Kept free of
 * imports so the dashboard can import them as types (web/src/api/traceTypes.ts).
 */

export type Granularity = "hour" | "day";
export type GroupBy = "none" | "model";

export type MetricFigures = {
  /** Null in per-model points: a trace may use several models, so traces are not per model. */
  traces: number | null;
  errorTraces: number | null;
  /** errorTraces / traces (overall), errorCalls / calls (per model); null with nothing to divide. */
  errorRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
  calls: number;
  errorCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
};
export type MetricPoint = MetricFigures & { time: string; group: string | null };
export type Metrics = { granularity: Granularity; series: MetricPoint[]; totals: MetricFigures };
