/**
 * Turns recorded OTLP requests into a readable view for the people who write attribute mappings:
 * each span's name, kind, parent, status and every attribute; each log record's body and
 * attributes. Protobuf is decoded with the protobufjs root that @opentelemetry/otlp-transformer
 * 0.212 ships (installed in the recording work directory, never in the repo); JSON is read as is.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  bytesValue?: string;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
}
interface KeyValue {
  key: string;
  value?: AnyValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number | string;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: KeyValue[];
  events?: { name: string; attributes?: KeyValue[] }[];
  status?: { code?: number | string; message?: string };
}
interface OtlpLogRecord {
  timeUnixNano?: string | number;
  severityText?: string;
  eventName?: string;
  body?: AnyValue;
  attributes?: KeyValue[];
  traceId?: string;
  spanId?: string;
}
interface Scope {
  scope?: { name?: string; version?: string };
}
interface ExportRequest {
  resourceSpans?: ({ resource?: { attributes?: KeyValue[] } } & {
    scopeSpans?: (Scope & { spans?: OtlpSpan[] })[];
  })[];
  resourceLogs?: ({ resource?: { attributes?: KeyValue[] } } & {
    scopeLogs?: (Scope & { logRecords?: OtlpLogRecord[] })[];
  })[];
}
interface ProtoMessage {
  decode(bytes: Uint8Array): unknown;
  toObject(message: unknown, options: Record<string, unknown>): ExportRequest;
}

export interface RawRequest {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface DecodedSpan {
  name: string;
  kind: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  /** The parent's name when the parent is in the recording. */
  parent: string | null;
  status: { code: string; message?: string };
  scope: string;
  durationMs: number;
  attributes: Record<string, unknown>;
  events?: { name: string; attributes: Record<string, unknown> }[];
}

export interface DecodedLogRecord {
  eventName: string | null;
  traceId: string | null;
  spanId: string | null;
  /** The name of the span the record points at, when it is in the recording. */
  span: string | null;
  scope: string;
  severityText: string | null;
  body: unknown;
  attributes: Record<string, unknown>;
}

export interface DecodedView {
  resource: Record<string, unknown>;
  requests: { path: string; encoding: string; spans: number; logRecords: number }[];
  spans: DecodedSpan[];
  logRecords: DecodedLogRecord[];
}

const SPAN_KINDS = ["UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"];
const STATUS_CODES = ["UNSET", "OK", "ERROR"];

function plainValue(value: AnyValue | undefined): unknown {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.bytesValue !== undefined) return `base64:${value.bytesValue}`;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plainValue);
  if (value.kvlistValue) return attributesOf(value.kvlistValue.values);
  return null;
}

function attributesOf(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, plainValue(kv.value)]));
}

function loadProtoRoot(workdir: string) {
  const require = createRequire(join(workdir, "decode", "package.json"));
  const root = require("@opentelemetry/otlp-transformer/build/src/generated/root");
  const collector = root.opentelemetry.proto.collector;
  return {
    traces: collector.trace.v1.ExportTraceServiceRequest as ProtoMessage,
    logs: collector.logs.v1.ExportLogsServiceRequest as ProtoMessage,
  };
}

/** Protobuf ids arrive as base64 (toObject's `bytes: String`); JSON ids are already hex. */
function hexId(id: string | undefined, fromProtobuf: boolean): string | null {
  if (!id) return null;
  return fromProtobuf ? Buffer.from(id, "base64").toString("hex") : id.toLowerCase();
}

function parse(request: RawRequest, proto: ReturnType<typeof loadProtoRoot>) {
  const bytes = request.headers["content-encoding"] === "gzip" ? gunzipSync(request.body) : request.body;
  const protobuf = (request.headers["content-type"] ?? "").includes("protobuf");
  if (!protobuf) return { protobuf, message: JSON.parse(bytes.toString("utf8")) as ExportRequest };
  const type = request.path.endsWith("/logs") ? proto.logs : proto.traces;
  const message = type.toObject(type.decode(bytes), { longs: String, bytes: String, enums: Number });
  return { protobuf, message };
}

function scopeName({ scope }: Scope): string {
  return `${scope?.name ?? ""}@${scope?.version ?? ""}`;
}

function kindName(kind: number | string | undefined): string {
  if (typeof kind === "string") return kind.replace(/^SPAN_KIND_/, "");
  return SPAN_KINDS[kind ?? 0] ?? String(kind);
}

function statusName(code: number | string | undefined): string {
  if (typeof code === "string") return code.replace(/^STATUS_CODE_/, "");
  return STATUS_CODES[code ?? 0] ?? String(code);
}

export function decodeRequests(requests: RawRequest[], workdir: string): DecodedView {
  const proto = loadProtoRoot(workdir);
  const view: DecodedView = { resource: {}, requests: [], spans: [], logRecords: [] };
  const times = new Map<DecodedSpan, { start: bigint; end: bigint }>();
  for (const request of requests) {
    const { protobuf, message } = parse(request, proto);
    let spanCount = 0;
    let logCount = 0;
    for (const resourceSpans of message.resourceSpans ?? []) {
      Object.assign(view.resource, attributesOf(resourceSpans.resource?.attributes));
      for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
        const scope = scopeName(scopeSpans);
        for (const span of scopeSpans.spans ?? []) {
          spanCount++;
          const decoded: DecodedSpan = {
            name: span.name,
            kind: kindName(span.kind),
            traceId: hexId(span.traceId, protobuf) ?? "",
            spanId: hexId(span.spanId, protobuf) ?? "",
            parentSpanId: hexId(span.parentSpanId, protobuf),
            parent: null,
            status: {
              code: statusName(span.status?.code),
              ...(span.status?.message ? { message: span.status.message } : {}),
            },
            scope,
            durationMs: Number(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)) / 1e6,
            attributes: attributesOf(span.attributes),
          };
          if (span.events?.length) {
            decoded.events = span.events.map((e) => ({
              name: e.name,
              attributes: attributesOf(e.attributes),
            }));
          }
          times.set(decoded, { start: BigInt(span.startTimeUnixNano), end: BigInt(span.endTimeUnixNano) });
          view.spans.push(decoded);
        }
      }
    }
    for (const resourceLogs of message.resourceLogs ?? []) {
      Object.assign(view.resource, attributesOf(resourceLogs.resource?.attributes));
      for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
        const scope = scopeName(scopeLogs);
        for (const record of scopeLogs.logRecords ?? []) {
          logCount++;
          view.logRecords.push({
            eventName: record.eventName || null,
            traceId: hexId(record.traceId, protobuf),
            spanId: hexId(record.spanId, protobuf),
            span: null,
            scope,
            severityText: record.severityText || null,
            body: plainValue(record.body),
            attributes: attributesOf(record.attributes),
          });
        }
      }
    }
    view.requests.push({
      path: request.path,
      encoding: protobuf ? "protobuf" : "json",
      spans: spanCount,
      logRecords: logCount,
    });
  }
  // Start order reads like the program ran (exporters batch spans in end order). Some SDKs stamp
  // starts to the millisecond, so ties go to the parent first, then to the span that ended first.
  const byId = new Map(view.spans.map((s) => [s.spanId, s]));
  const depth = (span: DecodedSpan): number => {
    const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
    return parent && parent !== span ? 1 + depth(parent) : 0;
  };
  const compare = (x: bigint, y: bigint) => (x < y ? -1 : x > y ? 1 : 0);
  view.spans.sort((a, b) => {
    const ta = times.get(a) ?? { start: 0n, end: 0n };
    const tb = times.get(b) ?? { start: 0n, end: 0n };
    return compare(ta.start, tb.start) || depth(a) - depth(b) || compare(ta.end, tb.end);
  });
  const names = new Map(view.spans.map((s) => [s.spanId, s.name]));
  for (const span of view.spans)
    span.parent = span.parentSpanId ? (names.get(span.parentSpanId) ?? null) : null;
  for (const record of view.logRecords)
    record.span = record.spanId ? (names.get(record.spanId) ?? null) : null;
  return view;
}
