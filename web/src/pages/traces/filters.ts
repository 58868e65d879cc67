import { ASSESSMENT_SOURCES, type AssessmentSource } from "../../api/assessments";
import type { SortOrder, TraceQuery, TraceSort, TraceStatus } from "../../api/traceTypes";
import { isRelativeRange, type RelativeRange, rangeStart } from "../../app/timeRange";

/**
 * The traces list's filters, kept in the URL query string so a filtered view can be shared and
 * survives a reload. Parameter names are the API's (`status=ERROR&tag=env=prod`), plus `range`
 * (1h, 24h, 7d, 30d) for a relative time range; a custom range is `from` and `to`. Feedback
 * filters are the API's too: `feedback=name` or `feedback=name=value`, `passed=name`,
 * `failed=name`, and `feedbackSource` for whose feedback counts.
 */
export type TimeRange = RelativeRange | "all" | "custom";

export const NUMERIC_FILTERS = [
  "minLatencyMs",
  "maxLatencyMs",
  "minTokens",
  "maxTokens",
  "minCost",
  "maxCost",
] as const;
export type NumericFilter = (typeof NUMERIC_FILTERS)[number];

/** The repeatable feedback filters. */
export const FEEDBACK_LISTS = ["feedback", "passed", "failed"] as const;

export const TEXT_FILTERS = [
  "name",
  "spanType",
  "model",
  "sessionId",
  "userId",
  "runId",
  "prompt",
  "contains",
] as const;
export type TextFilter = (typeof TEXT_FILTERS)[number];

export interface TraceFilters extends Record<TextFilter, string>, Record<NumericFilter, string> {
  range: TimeRange;
  /** ISO, for a custom range. */
  from: string;
  to: string;
  status: "" | TraceStatus;
  /** "key=value" pairs. */
  tag: string[];
  metadata: string[];
  /** "name" (any current feedback of that name) or "name=value". */
  feedback: string[];
  /** Feedback names that passed, or failed. */
  passed: string[];
  failed: string[];
  /** Only feedback from this source counts for the three above. */
  feedbackSource: "" | AssessmentSource;
  sort: TraceSort;
  order: SortOrder;
}

export const DEFAULT_FILTERS: TraceFilters = {
  range: "all",
  from: "",
  to: "",
  status: "",
  name: "",
  spanType: "",
  model: "",
  sessionId: "",
  userId: "",
  runId: "",
  prompt: "",
  contains: "",
  tag: [],
  metadata: [],
  feedback: [],
  passed: [],
  failed: [],
  feedbackSource: "",
  minLatencyMs: "",
  maxLatencyMs: "",
  minTokens: "",
  maxTokens: "",
  minCost: "",
  maxCost: "",
  sort: "time",
  order: "desc",
};

const SORTS: readonly TraceSort[] = ["time", "latency", "tokens", "cost"];

function isNumber(value: string): boolean {
  return value.trim() !== "" && Number.isFinite(Number(value));
}

/** A feedback name as the API takes it. */
const FEEDBACK_NAME = /^[\w .:/-]{1,200}$/;

export function isFeedbackName(name: string): boolean {
  return FEEDBACK_NAME.test(name);
}

/** "name" or "name=value" (split at the first "="), with a name the API takes. */
export function isFeedbackMatch(match: string): boolean {
  const at = match.indexOf("=");
  return isFeedbackName(at < 0 ? match : match.slice(0, at)) && (at < 0 || match.length - at - 1 <= 500);
}

function isSource(value: string | null): value is AssessmentSource {
  return ASSESSMENT_SOURCES.some((source) => source === value);
}

/** Splits "key=value" at the first "="; null when there is no key. */
export function splitPair(pair: string): { key: string; value: string } | null {
  const at = pair.indexOf("=");
  if (at <= 0) return null;
  return { key: pair.slice(0, at), value: pair.slice(at + 1) };
}

export function parseFilters(search: string): TraceFilters {
  const params = new URLSearchParams(search);
  const filters: TraceFilters = { ...DEFAULT_FILTERS };
  const range = params.get("range");
  filters.from = params.get("from") ?? "";
  filters.to = params.get("to") ?? "";
  if (isRelativeRange(range)) filters.range = range;
  else if (filters.from || filters.to) filters.range = "custom";
  const status = params.get("status");
  if (status === "OK" || status === "ERROR") filters.status = status;
  for (const key of TEXT_FILTERS) filters[key] = params.get(key) ?? "";
  for (const key of NUMERIC_FILTERS) {
    const value = params.get(key) ?? "";
    filters[key] = isNumber(value) ? value : "";
  }
  filters.tag = params.getAll("tag").filter((pair) => splitPair(pair) !== null);
  filters.metadata = params.getAll("metadata").filter((pair) => splitPair(pair) !== null);
  filters.feedback = params.getAll("feedback").filter(isFeedbackMatch);
  filters.passed = params.getAll("passed").filter(isFeedbackName);
  filters.failed = params.getAll("failed").filter(isFeedbackName);
  const source = params.get("feedbackSource");
  filters.feedbackSource = isSource(source) ? source : "";
  const sort = params.get("sort");
  filters.sort = SORTS.find((candidate) => candidate === sort) ?? "time";
  filters.order = params.get("order") === "asc" ? "asc" : "desc";
  return filters;
}

/** The query string for `filters` (defaults left out), with `extra` kept (e.g. the open quick view). */
export function filtersToSearch(filters: TraceFilters, extra: Record<string, string | null> = {}): string {
  const params = new URLSearchParams();
  if (filters.range === "custom") {
    if (filters.from) params.set("from", filters.from);
    if (filters.to) params.set("to", filters.to);
  } else if (filters.range !== "all") {
    params.set("range", filters.range);
  }
  if (filters.status) params.set("status", filters.status);
  for (const key of TEXT_FILTERS) if (filters[key].trim()) params.set(key, filters[key].trim());
  for (const pair of filters.tag) params.append("tag", pair);
  for (const pair of filters.metadata) params.append("metadata", pair);
  for (const key of FEEDBACK_LISTS) for (const item of filters[key]) params.append(key, item);
  if (filters.feedbackSource) params.set("feedbackSource", filters.feedbackSource);
  for (const key of NUMERIC_FILTERS) if (isNumber(filters[key])) params.set(key, filters[key]);
  if (filters.sort !== "time") params.set("sort", filters.sort);
  if (filters.order !== "desc") params.set("order", filters.order);
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** Whether anything narrows the list (sorting doesn't). */
export function hasFilters(filters: TraceFilters): boolean {
  return activeFilterCount(filters) > 0;
}

export function activeFilterCount(filters: TraceFilters): number {
  let count = filters.range === "all" ? 0 : 1;
  if (filters.status) count += 1;
  for (const key of TEXT_FILTERS) if (filters[key].trim()) count += 1;
  for (const key of NUMERIC_FILTERS) if (isNumber(filters[key])) count += 1;
  if (filters.feedbackSource) count += 1;
  for (const key of FEEDBACK_LISTS) count += filters[key].length;
  return count + filters.tag.length + filters.metadata.length;
}

/** Keeps sorting, drops every filter. */
export function clearedFilters(filters: TraceFilters): TraceFilters {
  return { ...DEFAULT_FILTERS, sort: filters.sort, order: filters.order };
}

/** The API query; a relative range is resolved against `now`. */
export function toTraceQuery(filters: TraceFilters, now: number = Date.now()): TraceQuery {
  const query: TraceQuery = { sort: filters.sort, order: filters.order };
  if (filters.range === "custom") {
    if (filters.from) query.from = filters.from;
    if (filters.to) query.to = filters.to;
  } else if (filters.range !== "all") {
    query.from = rangeStart(filters.range, now);
  }
  if (filters.status) query.status = filters.status;
  for (const key of TEXT_FILTERS) {
    const value = filters[key].trim();
    // The text search needs at least 3 characters (FTS5 trigram).
    if (value && (key !== "contains" || value.length >= 3)) query[key] = value;
  }
  if (filters.tag.length > 0) query.tag = filters.tag;
  if (filters.metadata.length > 0) query.metadata = filters.metadata;
  for (const key of FEEDBACK_LISTS) if (filters[key].length > 0) query[key] = filters[key];
  // The source only qualifies the feedback filters; alone it would narrow nothing.
  const feedbackFilters = FEEDBACK_LISTS.some((key) => filters[key].length > 0);
  if (filters.feedbackSource && feedbackFilters) query.feedbackSource = filters.feedbackSource;
  for (const key of NUMERIC_FILTERS) if (isNumber(filters[key])) query[key] = Number(filters[key]);
  return query;
}
