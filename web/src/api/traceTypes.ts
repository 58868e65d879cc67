/** Shapes of the traces API (docs/api-traces.md). Times are ISO 8601 strings, durations in ms. */

import type { Granularity, GroupBy, MetricFigures } from "../../../workers/traces/api-types";
import type { Span, TraceSort, TraceSummary } from "../../../workers/traces/schemas";

// Answers are the server's own types (type-only imports: nothing of the server is bundled), so
// the dashboard cannot drift from what the API sends.
export type { Granularity, MetricPoint, Metrics } from "../../../workers/traces/api-types";
export type {
  SessionDetail,
  SessionPage,
  SessionSummary,
  Span,
  SpanSummary,
  TraceOutline,
  TracePage,
  TraceSort,
  TraceSummary,
} from "../../../workers/traces/schemas";

export type TraceStatus = TraceSummary["status"];
export type SpanStatus = Span["status"];
export type SortOrder = "asc" | "desc";
export type SpanEvent = Span["events"][number];

/** The list filters of `GET traces` (also the body of `POST traces/delete`). */
export interface TraceQuery {
  from?: string;
  to?: string;
  status?: TraceStatus;
  name?: string;
  spanType?: string;
  tag?: string[];
  metadata?: string[];
  sessionId?: string;
  userId?: string;
  /** Only the traces of this evaluation run. */
  runId?: string;
  /** Only the traces linked to this prompt version, `name/3`. */
  prompt?: string;
  model?: string;
  minLatencyMs?: number;
  maxLatencyMs?: number;
  minTokens?: number;
  maxTokens?: number;
  minCost?: number;
  maxCost?: number;
  contains?: string;
  /** "name" or "name=value": traces with that current feedback. */
  feedback?: string[];
  /** Feedback names that passed / failed. */
  passed?: string[];
  failed?: string[];
  feedbackSource?: "HUMAN" | "LLM_JUDGE" | "CODE";
  /** Feedback names to add to each trace (`feedback` of TraceSummary), at most 10. */
  feedbackColumns?: string[];
  sort?: TraceSort;
  order?: SortOrder;
  limit?: number;
  cursor?: string;
}

export interface SessionQuery {
  from?: string;
  to?: string;
  userId?: string;
  limit?: number;
  cursor?: string;
}

export type MetricValues = MetricFigures;
export type MetricsGroupBy = GroupBy;

export interface MetricsQuery {
  from: string;
  to: string;
  granularity: Granularity;
  groupBy: MetricsGroupBy;
}
