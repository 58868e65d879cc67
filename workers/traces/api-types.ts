/**
 * Response shapes of the metrics route, as types only, so the dashboard can import them
 * (web/src/api/traceTypes.ts). The figures are inferred from their zod schema.
 */
import type { MetricFigures } from "./schemas";

export type { MetricFigures };

export type Granularity = "hour" | "day";
export type GroupBy = "none" | "model";

export type MetricPoint = MetricFigures & { time: string; group: string | null };
export type Metrics = { granularity: Granularity; series: MetricPoint[]; totals: MetricFigures };
