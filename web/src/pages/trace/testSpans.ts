import type { SpanSummary } from "../../api/traceTypes";

const T0 = Date.parse("2025-01-01T00:00:00.000Z");

/**
 * A span summary for tests: named by its id, starting `startMs` after a fixed instant, with no
 * usage unless `more` gives some.
 */
export function testSpan(
  spanId: string,
  parentSpanId: string | null,
  startMs: number,
  more: Partial<SpanSummary> = {},
): SpanSummary {
  const durationMs = more.durationMs ?? 10;
  return {
    spanId,
    parentSpanId,
    name: spanId,
    spanType: "CHAIN",
    startTime: new Date(T0 + startMs).toISOString(),
    endTime: new Date(T0 + startMs + durationMs).toISOString(),
    durationMs,
    status: "OK",
    statusMessage: null,
    model: null,
    provider: null,
    inputTokens: null,
    outputTokens: null,
    totalTokens: null,
    cacheReadTokens: null,
    cacheWriteTokens: null,
    costUsd: null,
    ...more,
  };
}
