/**
 * Builders for the hostile OTLP exports (hostile-otlp.ts): one span as OTLP/JSON with any field
 * replaced by anything (raw literals too), one span as hand-written protobuf, and the types that
 * say what an export is owed.
 */
import { randomHex } from "./otlp-builders";
import { exportRequest, span as wireSpan } from "./otlp-wire";

/** What the export must get. `stored`: whether the case's traces must exist afterwards. */
export type OtlpOwed =
  | { status: 200; rejected: number; stored: boolean }
  /** One span, accepted (stored, readable) or rejected (not stored): the docs leave it open. */
  | { status: 200; rejected: "either" }
  | { status: 400 | 413 | 415 };

export type SentExport = {
  body: BodyInit;
  headers: Record<string, string>;
  traceIds: string[];
  /** Spans that must not be stored even though their trace is. */
  absentSpans?: string[];
  /** When the hostile span starts, for a metrics range around it (ms). */
  startMs?: number;
  /** Checks on the stored trace's detail (JSON API answer); a failure description or null. */
  check?: (detail: TraceDetailLike) => string | null;
};
export type OtlpCase = {
  name: string;
  encoding: "json" | "protobuf";
  owed: OtlpOwed;
  build: () => SentExport | Promise<SentExport>;
};

export type TraceDetailLike = {
  name: string;
  inputTokens: number;
  totalTokens: number;
  spans: {
    spanId: string;
    name: string;
    statusMessage: string | null;
    attributes: Record<string, unknown>;
    events: { name: string; attributes: Record<string, unknown> }[];
  }[];
};

export const JSON_TYPE = { "content-type": "application/json" };
export const PROTOBUF_TYPE = { "content-type": "application/x-protobuf" };
export const FFFD = "\ufffd";
export const nanos = (ms: number) => (BigInt(Math.round(ms)) * 1_000_000n).toString();
export const NOW = () => Date.now() - 1000;
export const U64_MAX = "18446744073709551615";
export const YEAR_9999 = "253402300799000000000";

export type JsonAttr = { key: string; value: Record<string, unknown> };
export const s = (key: string, v: string): JsonAttr => ({ key, value: { stringValue: v } });
export const int = (key: string, v: string | number): JsonAttr => ({ key, value: { intValue: v } });
export const dbl = (key: string, v: number | string): JsonAttr => ({ key, value: { doubleValue: v } });

/** One OTLP/JSON span, every field overridable with anything. */
export function jsonSpan(
  over: Record<string, unknown> = {},
): Record<string, unknown> & { traceId: string; spanId: string } {
  const start = NOW();
  return {
    traceId: randomHex(16),
    spanId: randomHex(8),
    name: "hostile",
    kind: 1,
    startTimeUnixNano: nanos(start),
    endTimeUnixNano: nanos(start + 20),
    attributes: [],
    events: [],
    status: { code: 1 },
    ...over,
  } as Record<string, unknown> & { traceId: string; spanId: string };
}

export const jsonExport = (spans: unknown[], resource: JsonAttr[] = [s("service.name", "hostile")]) => ({
  resourceSpans: [
    { resource: { attributes: resource }, scopeSpans: [{ scope: { name: "hostile" }, spans }] },
  ],
});

export const RAW = "\u0000raw\u0000";
/** JSON text with the placeholder string replaced by a raw literal (numbers JS cannot hold). */
export const withLiteral = (doc: unknown, literal: string) =>
  JSON.stringify(doc).replace(JSON.stringify(RAW), () => literal);

/** A case of one JSON span whose fields `over` replaces. */
export function oneJsonSpan(
  name: string,
  owed: OtlpOwed,
  over: Record<string, unknown>,
  extra: { literal?: string; check?: SentExport["check"]; startMs?: number; resource?: JsonAttr[] } = {},
): OtlpCase {
  return {
    name,
    encoding: "json",
    owed,
    build: () => {
      const span = jsonSpan(over);
      const doc = jsonExport([span], extra.resource);
      const body = extra.literal ? withLiteral(doc, extra.literal) : JSON.stringify(doc);
      return {
        body,
        headers: JSON_TYPE,
        traceIds: [span.traceId],
        check: extra.check,
        startMs: extra.startMs,
      };
    },
  };
}

export const ACCEPTED: OtlpOwed = { status: 200, rejected: 0, stored: true };
export const REJECTED: OtlpOwed = { status: 200, rejected: 1, stored: false };
export const BAD: OtlpOwed = { status: 400 };

/** Fails unless `actual` equals `expected`, naming `what`. */
export const same = (what: string, actual: unknown, expected: unknown) =>
  actual === expected ? null : `${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
export const first = (d: TraceDetailLike) => d.spans[0];

export const deepJson = (kind: "kvlist" | "array", depth: number) => {
  const open =
    kind === "kvlist" ? '{"kvlistValue":{"values":[{"key":"k","value":' : '{"arrayValue":{"values":[';
  const close = kind === "kvlist" ? "}]}}" : "]}}";
  return `${open.repeat(depth)}{"stringValue":"x"}${close.repeat(depth)}`;
};

export function deepJsonCase(kind: "kvlist" | "array", depth: number, owed: OtlpOwed): OtlpCase {
  return oneJsonSpan(
    `${kind} attribute nested ${depth} deep (JSON)`,
    owed,
    {
      attributes: [{ key: "deep", value: RAW }],
    },
    { literal: deepJson(kind, depth) },
  );
}

export function protobufCase(
  name: string,
  owed: OtlpOwed,
  make: (ids: { traceId: string; spanId: string }) => Uint8Array,
  check?: SentExport["check"],
): OtlpCase {
  return {
    name,
    encoding: "protobuf",
    owed,
    build: () => {
      const ids = { traceId: randomHex(16), spanId: randomHex(8) };
      return { body: make(ids), headers: PROTOBUF_TYPE, traceIds: [ids.traceId], check };
    },
  };
}

export const hexBytes = (hex: string) =>
  new Uint8Array((hex.match(/../g) ?? []).map((h) => Number.parseInt(h, 16)));
/** One protobuf span with sane times; `over` replaces fields. */
export function pbSpan(
  ids: { traceId: string; spanId: string },
  over: Partial<Parameters<typeof wireSpan>[0]> = {},
) {
  const start = BigInt(NOW()) * 1_000_000n;
  return exportRequest([
    wireSpan({
      traceId: hexBytes(ids.traceId),
      spanId: hexBytes(ids.spanId),
      name: "hostile",
      startNanos: start,
      endNanos: start + 20_000_000n,
      ...over,
    }),
  ]);
}
