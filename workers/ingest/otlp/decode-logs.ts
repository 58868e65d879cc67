import { z } from "zod";
import {
  anyValue,
  int64,
  toAttributes as jsonAttributes,
  toValue as jsonValue,
  keyValues,
  OtlpDecodeError,
} from "./decode-json";
import { hex, toAttributes as pbAttributes, toValue as pbValue } from "./decode-protobuf";
import "./protobuf-runtime";
import { opentelemetry } from "./generated.js";
import { type Attributes, type AttrValue, type Int64, nanosToMicros } from "./model";

/** One OTLP log record, as both encodings decode it. */
export type RawLogRecord = {
  /** Lower-case hex, or null when the record carries no span context. */
  traceId: string | null;
  spanId: string | null;
  /** When it happened (µs); its observed time when the time is unset; 0 when neither is set. */
  timeUs: number;
  /** The record's event name, or its `event.name` attribute (older SDKs put it there). */
  eventName: string | null;
  body: AttrValue;
  attributes: Attributes;
};

const contextId = (id: string | null | undefined) => {
  const v = (id ?? "").toLowerCase();
  return /^[0-9a-f]+$/.test(v) && !/^0+$/.test(v) ? v : null;
};

function record(
  ids: { traceId: string | null; spanId: string | null },
  time: Int64 | null | undefined,
  observed: Int64 | null | undefined,
  eventName: string | null | undefined,
  body: AttrValue,
  attributes: Attributes,
): RawLogRecord {
  const timeUs = nanosToMicros(time) || nanosToMicros(observed) || 0;
  const named = eventName || (typeof attributes["event.name"] === "string" ? attributes["event.name"] : null);
  return { ...ids, timeUs, eventName: named || null, body, attributes };
}

const recordSchema = z.object({
  timeUnixNano: int64.optional(),
  observedTimeUnixNano: int64.optional(),
  body: anyValue.optional(),
  attributes: keyValues,
  traceId: z.string().optional(),
  spanId: z.string().optional(),
  eventName: z.string().optional(),
});

const logsSchema = z.object({
  resourceLogs: z
    .array(
      z.object({
        scopeLogs: z.array(z.object({ logRecords: z.array(recordSchema).optional() })).optional(),
      }),
    )
    .optional(),
});

/** An OTLP/JSON ExportLogsServiceRequest (parsed through the JSON boundary, lib/json-input.ts). */
export function decodeLogsJson(body: unknown): RawLogRecord[] {
  const parsed = logsSchema.safeParse(body);
  if (!parsed.success)
    throw new OtlpDecodeError(
      `not an ExportLogsServiceRequest: ${parsed.error.issues[0]?.message ?? "invalid"}`,
    );
  return (parsed.data.resourceLogs ?? []).flatMap((rl) =>
    (rl.scopeLogs ?? []).flatMap((sl) =>
      (sl.logRecords ?? []).map((r) =>
        record(
          { traceId: contextId(r.traceId), spanId: contextId(r.spanId) },
          r.timeUnixNano,
          r.observedTimeUnixNano,
          r.eventName,
          jsonValue(r.body),
          jsonAttributes(r.attributes),
        ),
      ),
    ),
  );
}

/** An OTLP/protobuf ExportLogsServiceRequest. */
export function decodeLogsProtobuf(bytes: Uint8Array): RawLogRecord[] {
  let request: ReturnType<typeof opentelemetry.proto.ExportLogsServiceRequest.decode>;
  try {
    request = opentelemetry.proto.ExportLogsServiceRequest.decode(bytes);
  } catch (err) {
    throw new OtlpDecodeError(`undecodable protobuf: ${err instanceof Error ? err.message : String(err)}`);
  }
  return (request.resourceLogs ?? []).flatMap((rl) =>
    (rl.scopeLogs ?? []).flatMap((sl) =>
      (sl.logRecords ?? []).map((r) =>
        record(
          { traceId: contextId(hex(r.traceId)), spanId: contextId(hex(r.spanId)) },
          r.timeUnixNano,
          r.observedTimeUnixNano,
          r.eventName,
          pbValue(r.body),
          pbAttributes(r.attributes),
        ),
      ),
    ),
  );
}

export function encodeLogsResponse(rejected: number, message: string | null): Uint8Array<ArrayBuffer> {
  const partialSuccess =
    rejected > 0 ? { rejectedLogRecords: rejected, errorMessage: message ?? "" } : undefined;
  return new Uint8Array(
    opentelemetry.proto.ExportLogsServiceResponse.encode(partialSuccess ? { partialSuccess } : {}).finish(),
  );
}
