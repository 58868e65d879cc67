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

/** What a decoder found: every well-formed span (not yet checked, see ingest/accept.ts), and the malformed ones it refused. */
export type DecodedExport = { spans: RawSpan[]; rejected: number; errors: string[] };

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO = /^0+$/;

/**
 * The time window a span must fall in (documented in docs/api-traces.md): it starts no earlier
 * than 2000-01-01 and neither starts nor ends more than a day after it was received. Anything
 * outside is a broken clock or a hostile client, and would sit outside every time range,
 * retention included.
 */
export const EARLIEST_US = Date.UTC(2000, 0, 1) * 1000;
export const FUTURE_SLACK_US = 24 * 3_600_000 * 1000;

/** A 64-bit integer from either decoder: a number, or protobufjs's Long (which prints exactly). */
export type Int64 = number | string | { toString(): string };

/** The integer as a number when JavaScript holds it exactly, else as its decimal string. */
export function exactInteger(value: Int64): number | string {
  if (typeof value === "number") return value;
  const text = value.toString();
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Whether `text` is a decimal int64, as OTLP/JSON writes `intValue`. */
export function isInt64Text(text: string): boolean {
  if (!/^-?\d{1,19}$/.test(text)) return false;
  const n = BigInt(text);
  return n >= INT64_MIN && n <= INT64_MAX;
}

/** Nanoseconds since the epoch (any 64-bit form) to whole microseconds; NaN when absent. */
export function nanosToMicros(value: Int64 | null | undefined): number {
  if (value === undefined || value === null) return Number.NaN;
  if (typeof value === "number") return Math.round(value / 1000);
  const text = value.toString();
  // Exact for every u64; past 2^53 µs the window check rejects the span anyway.
  return /^\d+$/.test(text) ? Number(BigInt(text) / 1000n) : Number.NaN;
}

/** Client text quoted in a rejection message, cut short: the message goes back in the answer and to logs. */
export function shown(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}

/** Checks one decoded span against the ids and the time window; returns why it is invalid, or null. */
export function invalidReason(span: RawSpan, receivedUs: number): string | null {
  if (!TRACE_ID.test(span.traceId) || ZERO.test(span.traceId))
    return `invalid traceId ${shown(span.traceId)}`;
  if (!SPAN_ID.test(span.spanId) || ZERO.test(span.spanId))
    return `invalid spanId ${shown(span.spanId)} in trace ${span.traceId}`;
  if (span.parentSpanId !== null && !SPAN_ID.test(span.parentSpanId))
    return `invalid parentSpanId in span ${span.spanId}`;
  if (!Number.isFinite(span.startUs) || span.startUs <= 0) return `span ${span.spanId} has no start time`;
  const latest = receivedUs + FUTURE_SLACK_US;
  if (span.startUs < EARLIEST_US) return `span ${span.spanId} starts before 2000-01-01`;
  if (span.startUs > latest) return `span ${span.spanId} starts more than 24 h after it was received`;
  if (!Number.isFinite(span.endUs) || span.endUs < span.startUs)
    return `span ${span.spanId} ends before it starts`;
  if (span.endUs > latest) return `span ${span.spanId} ends more than 24 h after it was received`;
  for (const event of span.events) {
    if (event.timeUs < EARLIEST_US || event.timeUs > latest)
      return `event ${shown(event.name)} of span ${span.spanId} has a time outside 2000-01-01 … 24 h after receipt`;
  }
  return null;
}

/** Events without a time (0 or absent) happened, as far as anyone knows, when their span started. */
export function timeEvents(span: RawSpan): RawSpan {
  if (span.events.every((e) => Number.isFinite(e.timeUs) && e.timeUs !== 0)) return span;
  return {
    ...span,
    events: span.events.map((e) =>
      Number.isFinite(e.timeUs) && e.timeUs !== 0 ? e : { ...e, timeUs: span.startUs },
    ),
  };
}

/** Spans refused so far: how many, and a few messages saying why (for OTLP partial success). */
export type Rejections = { rejected: number; errors: string[] };

/** Counts a refused span, keeping the first few reasons. */
export function reject(rejections: Rejections, reason: string): void {
  rejections.rejected++;
  if (rejections.errors.length < 5) rejections.errors.push(reason);
}
