/** OTLP/JSON encoding (ExportTraceServiceRequest), as the OTLP specification maps protobuf to JSON. */
import type { Span, SpanEvent } from "./span.ts";
import type { AttributeValue } from "./types.ts";
import { SDK_NAME, SDK_VERSION } from "./version.ts";

export type OtlpAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number | string }
  | { arrayValue: { values: OtlpAnyValue[] } };

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

export interface OtlpEvent {
  timeUnixNano: string;
  name: string;
  attributes: OtlpKeyValue[];
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** SPAN_KIND_INTERNAL */
  kind: 1;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  events: OtlpEvent[];
  status: { code: 0 | 1 | 2; message?: string };
}

export interface OtlpExportRequest {
  resourceSpans: {
    resource: { attributes: OtlpKeyValue[] };
    scopeSpans: { scope: { name: string; version: string }; spans: OtlpSpan[] }[];
  }[];
}

function encodeScalar(value: string | number | boolean | bigint): OtlpAnyValue {
  switch (typeof value) {
    case "string":
      return { stringValue: value };
    case "boolean":
      return { boolValue: value };
    case "bigint":
      return { intValue: value.toString() };
    default:
      if (Number.isSafeInteger(value)) return { intValue: String(value) };
      // Protobuf's JSON mapping spells non-finite doubles as strings.
      return { doubleValue: Number.isFinite(value) ? value : String(value) };
  }
}

export function encodeValue(value: AttributeValue): OtlpAnyValue {
  if (Array.isArray(value)) return { arrayValue: { values: value.map(encodeScalar) } };
  return encodeScalar(value);
}

export function encodeAttributes(attributes: Iterable<[string, AttributeValue]>): OtlpKeyValue[] {
  return Array.from(attributes, ([key, value]) => ({ key, value: encodeValue(value) }));
}

function encodeEvent(event: SpanEvent): OtlpEvent {
  return {
    timeUnixNano: event.timeUnixNano,
    name: event.name,
    attributes: encodeAttributes(event.attributes),
  };
}

export function encodeSpan(span: Span): OtlpSpan {
  const status = span.status;
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
    name: span.name,
    kind: 1,
    startTimeUnixNano: span.startTimeUnixNano,
    endTimeUnixNano: span.endTimeUnixNano ?? span.startTimeUnixNano,
    attributes: encodeAttributes(Object.entries(span.attributes)),
    events: span.events.map(encodeEvent),
    status:
      status.message === undefined ? { code: status.code } : { code: status.code, message: status.message },
  };
}

export function exportRequest(resource: OtlpKeyValue[], spans: OtlpSpan[]): OtlpExportRequest {
  return {
    resourceSpans: [
      {
        resource: { attributes: resource },
        scopeSpans: [{ scope: { name: SDK_NAME, version: SDK_VERSION }, spans }],
      },
    ],
  };
}
