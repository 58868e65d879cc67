import { type Column, getTableColumns, type SQL, sql } from "drizzle-orm";
import { spans, traces } from "../../schema";
import { clampToSafeInteger } from "../lib/db";

/**
 * The columns trace and span reads select. Integer columns come back clamped to ±(2^53 − 1):
 * ingest keeps every value inside that range, but a row written before it did (or by a future
 * bug) would otherwise make the libSQL client throw for the whole page. A clamped value still
 * shows (a time in year 2255, a huge count) and the trace can still be opened and deleted.
 */
function clamped<T extends Column>(
  column: T,
): SQL<T["_"]["data"] | (T["_"]["notNull"] extends true ? never : null)> {
  return clampToSafeInteger(sql`${column}`).mapWith(column) as SQL<
    T["_"]["data"] | (T["_"]["notNull"] extends true ? never : null)
  >;
}

export const TRACE_COLUMNS = {
  ...getTableColumns(traces),
  startUs: clamped(traces.startUs),
  endUs: clamped(traces.endUs),
  spanCount: clamped(traces.spanCount),
  errorCount: clamped(traces.errorCount),
  inputTokens: clamped(traces.inputTokens),
  outputTokens: clamped(traces.outputTokens),
  totalTokens: clamped(traces.totalTokens),
};

/** The light span columns (no payloads, attributes or events), clamped as above. */
export const SPAN_SUMMARY_COLUMNS = {
  spanId: spans.spanId,
  parentSpanId: spans.parentSpanId,
  name: spans.name,
  spanType: spans.spanType,
  startUs: clamped(spans.startUs),
  endUs: clamped(spans.endUs),
  status: spans.status,
  statusMessage: spans.statusMessage,
  model: spans.model,
  provider: spans.provider,
  inputTokens: clamped(spans.inputTokens),
  outputTokens: clamped(spans.outputTokens),
  totalTokens: clamped(spans.totalTokens),
  cacheReadTokens: clamped(spans.cacheReadTokens),
  cacheWriteTokens: clamped(spans.cacheWriteTokens),
  costUsd: spans.costUsd,
};

export const SPAN_COLUMNS = { ...getTableColumns(spans), ...SPAN_SUMMARY_COLUMNS };
