/** Shapes of the traces API (docs/api-traces.md). Times are ISO 8601 strings, durations in ms. */

export type TraceStatus = "OK" | "ERROR";
export type SpanStatus = "OK" | "ERROR" | "UNSET";
export type TraceSort = "time" | "latency" | "tokens" | "cost";
export type SortOrder = "asc" | "desc";

export interface TraceSummary {
  traceId: string;
  name: string;
  startTime: string;
  endTime: string;
  durationMs: number;
  status: TraceStatus;
  spanCount: number;
  errorCount: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number | null;
  sessionId: string | null;
  userId: string | null;
  inputPreview: string | null;
  outputPreview: string | null;
  tags: Record<string, string>;
  metadata: Record<string, string>;
  models: string[];
}

export interface SpanEvent {
  time: string;
  name: string;
  attributes: Record<string, unknown>;
}

/** A span without its payloads, attributes and events: enough for the tree and the waterfall. */
export interface SpanSummary {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  spanType: string;
  startTime: string;
  endTime: string;
  durationMs: number;
  status: SpanStatus;
  statusMessage: string | null;
  model: string | null;
  provider: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  totalTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  costUsd: number | null;
}

export interface Span extends SpanSummary {
  /** Parsed JSON, or the cut text ending in "…[truncated by Sightline]". */
  inputs: unknown;
  outputs: unknown;
  attributes: Record<string, unknown>;
  events: SpanEvent[];
}

/** A trace with span summaries (`spans=summary`). */
export interface TraceOutline extends TraceSummary {
  spans: SpanSummary[];
}

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
  model?: string;
  minLatencyMs?: number;
  maxLatencyMs?: number;
  minTokens?: number;
  maxTokens?: number;
  minCost?: number;
  maxCost?: number;
  contains?: string;
  sort?: TraceSort;
  order?: SortOrder;
  limit?: number;
  cursor?: string;
}

export interface TracePage {
  traces: TraceSummary[];
  nextCursor: string | null;
}

export interface SessionSummary {
  sessionId: string;
  userId: string | null;
  turns: number;
  firstTime: string;
  lastTime: string;
  totalTokens: number;
  costUsd: number | null;
  errorCount: number;
  firstInputPreview: string | null;
}

export interface SessionPage {
  sessions: SessionSummary[];
  nextCursor: string | null;
}

export interface SessionQuery {
  from?: string;
  to?: string;
  userId?: string;
  limit?: number;
  cursor?: string;
}

export interface SessionDetail {
  sessionId: string;
  traces: TraceSummary[];
}

export type Granularity = "hour" | "day";
export type MetricsGroupBy = "none" | "model";

export interface MetricValues {
  /** Null in per-model points. */
  traces: number | null;
  errorTraces: number | null;
  errorRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
  /** Model calls (spans with a model). */
  calls: number;
  errorCalls?: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

export interface MetricPoint extends MetricValues {
  time: string;
  /** The model, when grouped by model; null otherwise. */
  group: string | null;
}

export interface Metrics {
  granularity: Granularity;
  series: MetricPoint[];
  totals: MetricValues;
}

export interface MetricsQuery {
  from: string;
  to: string;
  granularity: Granularity;
  groupBy: MetricsGroupBy;
}
