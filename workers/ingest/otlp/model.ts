/** The one span model both OTLP encodings decode into. */
export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

export type RawSpan = {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  startUs: number;
  endUs: number;
  attributes: Attributes;
  resource: Attributes;
  events: { timeUs: number; name: string; attributes: Attributes }[];
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage: string | null;
};

export type DecodedExport = { spans: RawSpan[]; rejected: number; errors: string[] };

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO = /^0+$/;

/** Checks one decoded span; returns why it is invalid, or null. */
export function invalidReason(span: RawSpan): string | null {
  if (!TRACE_ID.test(span.traceId) || ZERO.test(span.traceId)) return `invalid traceId "${span.traceId}"`;
  if (!SPAN_ID.test(span.spanId) || ZERO.test(span.spanId))
    return `invalid spanId "${span.spanId}" in trace ${span.traceId}`;
  if (span.parentSpanId !== null && !SPAN_ID.test(span.parentSpanId))
    return `invalid parentSpanId in span ${span.spanId}`;
  if (!Number.isFinite(span.startUs) || span.startUs <= 0) return `span ${span.spanId} has no start time`;
  if (!Number.isFinite(span.endUs) || span.endUs < span.startUs)
    return `span ${span.spanId} ends before it starts`;
  return null;
}

/** Keeps valid spans, counting and describing the others (at most a few messages). */
export function partition(
  candidates: RawSpan[],
  rejectedEarlier: number,
  errorsEarlier: string[],
): DecodedExport {
  const spans: RawSpan[] = [];
  const errors = [...errorsEarlier];
  let rejected = rejectedEarlier;
  for (const span of candidates) {
    const reason = invalidReason(span);
    if (reason) {
      rejected++;
      if (errors.length < 5) errors.push(reason);
    } else {
      spans.push(span);
    }
  }
  return { spans, rejected, errors };
}
