import { toBase64 } from "../../lib/crypto";
import { OtlpDecodeError } from "./decode-json";
import "./protobuf-runtime";
import { opentelemetry, type PbAnyValue, type PbKeyValue } from "./generated.js";
import {
  type Attributes,
  type AttrValue,
  type DecodedExport,
  exactInteger,
  nanosToMicros,
  type RawSpan,
} from "./model";

export const hex = (bytes: Uint8Array | null | undefined) => {
  let out = "";
  for (const b of bytes ?? []) out += b.toString(16).padStart(2, "0");
  return out;
};

export function toValue(v: PbAnyValue | null | undefined): AttrValue {
  if (!v) return null;
  switch (v.value) {
    case "stringValue":
      return v.stringValue ?? "";
    case "boolValue":
      return v.boolValue ?? false;
    case "intValue":
      return exactInteger(v.intValue ?? 0);
    case "doubleValue":
      return v.doubleValue ?? 0;
    case "arrayValue":
      return (v.arrayValue?.values ?? []).map(toValue);
    case "kvlistValue":
      return toAttributes(v.kvlistValue?.values);
    case "bytesValue":
      return toBase64(v.bytesValue ?? new Uint8Array());
    default:
      return null;
  }
}

export function toAttributes(list: PbKeyValue[] | null | undefined): Attributes {
  const out: Attributes = {};
  for (const kv of list ?? []) if (kv.key) out[kv.key] = toValue(kv.value);
  return out;
}

/**
 * Decodes an OTLP protobuf body. Strings must be UTF-8 (protobufjs refuses others: 400) and
 * messages nest at most 100 deep; the spans are checked by ingest/accept.ts.
 */
export function decodeOtlpProtobuf(bytes: Uint8Array): DecodedExport {
  let request: ReturnType<typeof opentelemetry.proto.ExportTraceServiceRequest.decode>;
  try {
    request = opentelemetry.proto.ExportTraceServiceRequest.decode(bytes);
  } catch (err) {
    throw new OtlpDecodeError(`undecodable protobuf: ${err instanceof Error ? err.message : String(err)}`);
  }
  const candidates: RawSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = toAttributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        const parent = hex(s.parentSpanId);
        candidates.push({
          traceId: hex(s.traceId),
          spanId: hex(s.spanId),
          parentSpanId: parent === "" ? null : parent,
          name: s.name || "(unnamed)",
          kind: s.kind ?? 0,
          startUs: nanosToMicros(s.startTimeUnixNano),
          endUs: nanosToMicros(s.endTimeUnixNano),
          attributes: toAttributes(s.attributes),
          resource,
          events: (s.events ?? []).map((e) => ({
            timeUs: nanosToMicros(e.timeUnixNano),
            name: e.name ?? "",
            attributes: toAttributes(e.attributes),
          })),
          statusCode: s.status?.code ?? 0,
          statusMessage: s.status?.message || null,
        });
      }
    }
  }
  return { spans: candidates, rejected: 0, errors: [] };
}

export function encodeExportResponse(rejected: number, message: string | null): Uint8Array<ArrayBuffer> {
  const partialSuccess =
    rejected > 0 || message ? { rejectedSpans: rejected, errorMessage: message ?? "" } : undefined;
  return new Uint8Array(
    opentelemetry.proto.ExportTraceServiceResponse.encode(partialSuccess ? { partialSuccess } : {}).finish(),
  );
}

export function encodeRpcStatus(code: number, message: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(opentelemetry.proto.RpcStatus.encode({ code, message }).finish());
}
