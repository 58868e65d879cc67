import { z } from "zod";
import {
  type Attributes,
  type AttrValue,
  type DecodedExport,
  exactInteger,
  isInt64Text,
  nanosToMicros,
  reject,
} from "./model";

/**
 * OTLP/JSON (the protobuf JSON mapping): lowerCamelCase fields, trace and span ids as hex,
 * 64-bit integers as decimal strings or numbers, enums as integers.
 */
export type JsonAnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number | string;
  arrayValue?: { values?: JsonAnyValue[] };
  kvlistValue?: { values?: { key: string; value?: JsonAnyValue }[] };
  bytesValue?: string;
};

export const anyValue: z.ZodType<JsonAnyValue> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: z
      .union([z.string().refine(isInt64Text, "must be a decimal 64-bit integer"), z.number().int()])
      .optional(),
    doubleValue: z.union([z.number(), z.string()]).optional(),
    arrayValue: z.object({ values: z.array(anyValue).optional() }).optional(),
    kvlistValue: z
      .object({ values: z.array(z.object({ key: z.string(), value: anyValue.optional() })).optional() })
      .optional(),
    bytesValue: z.string().optional(),
  }),
);
export const keyValues = z.array(z.object({ key: z.string(), value: anyValue.optional() })).optional();
export const int64 = z.union([z.string().regex(/^\d+$/), z.number().nonnegative()]);

const spanSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().optional(),
  name: z.string().optional(),
  kind: z.number().int().optional(),
  startTimeUnixNano: int64.optional(),
  endTimeUnixNano: int64.optional(),
  attributes: keyValues,
  events: z
    .array(z.object({ timeUnixNano: int64.optional(), name: z.string().optional(), attributes: keyValues }))
    .optional(),
  status: z.object({ code: z.number().int().optional(), message: z.string().optional() }).optional(),
});

const requestSchema = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource: z.object({ attributes: keyValues }).optional(),
        scopeSpans: z.array(z.object({ spans: z.array(z.unknown()).optional() })).optional(),
      }),
    )
    .optional(),
});

/** An OTLP/JSON export request as ingest accepts it (every form the protobuf JSON mapping allows). */
export type OtlpJsonRequest = z.input<typeof requestSchema> & {
  resourceSpans?: { scopeSpans?: { spans?: z.input<typeof spanSchema>[] }[] }[];
};

export function toValue(v: JsonAnyValue | undefined): AttrValue {
  if (!v) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return exactInteger(v.intValue);
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(toValue);
  if (v.kvlistValue)
    return Object.fromEntries((v.kvlistValue.values ?? []).map((kv) => [kv.key, toValue(kv.value)]));
  if (v.bytesValue !== undefined) return v.bytesValue;
  return null;
}

export function toAttributes(
  list: { key: string; value?: JsonAnyValue | undefined }[] | undefined,
): Attributes {
  const out: Attributes = {};
  for (const kv of list ?? []) out[kv.key] = toValue(kv.value);
  return out;
}

export class OtlpDecodeError extends Error {}

/**
 * Decodes a parsed OTLP/JSON body (see lib/json-input.ts: depth-limited, strings well-formed);
 * malformed spans are counted, the others are checked by ingest/accept.ts.
 */
export function decodeOtlpJson(body: unknown): DecodedExport {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success)
    throw new OtlpDecodeError(
      `not an ExportTraceServiceRequest: ${parsed.error.issues[0]?.message ?? "invalid"}`,
    );
  const decoded: DecodedExport = { spans: [], rejected: 0, errors: [] };
  for (const rs of parsed.data.resourceSpans ?? []) {
    const resource = toAttributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const raw of ss.spans ?? []) {
        const span = spanSchema.safeParse(raw);
        if (!span.success) {
          const issue = span.error.issues[0];
          reject(decoded, `malformed span: ${issue?.path.join(".")} ${issue?.message}`);
          continue;
        }
        const s = span.data;
        decoded.spans.push({
          traceId: s.traceId.toLowerCase(),
          spanId: s.spanId.toLowerCase(),
          parentSpanId: s.parentSpanId ? s.parentSpanId.toLowerCase() : null,
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
  return decoded;
}
