/**
 * Builds OTLP trace exports (no Worker runtime needed: also used by the benchmarks) the way real clients send them, for tests and benchmarks:
 * JSON (lowerCamelCase, hex ids, int64 as strings) and protobuf (through the same generated code
 * the Worker decodes with).
 */
import "../ingest/otlp/protobuf-runtime";
import { opentelemetry } from "../ingest/otlp/generated.js";

export type AttrInput = string | number | boolean | string[];
export type SpanInput = {
  traceId: string;
  spanId: string;
  parentSpanId?: string | undefined;
  name: string;
  startMs: number;
  durationMs: number;
  attributes?: Record<string, AttrInput>;
  events?: { name: string; timeMs: number; attributes?: Record<string, AttrInput> }[];
  status?: 0 | 1 | 2;
  statusMessage?: string;
};

export function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

const newTraceId = () => randomHex(16);
const newSpanId = () => randomHex(8);

export { newSpanId, newTraceId };

type JsonValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean }
  | { arrayValue: { values: JsonValue[] } };

function jsonValue(v: AttrInput): JsonValue {
  if (Array.isArray(v)) return { arrayValue: { values: v.map(jsonValue) } };
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
}

const jsonAttrs = (a: Record<string, AttrInput> = {}) =>
  Object.entries(a).map(([key, v]) => ({ key, value: jsonValue(v) }));
const nanos = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

export function otlpJson(spans: SpanInput[], serviceName = "support-agent") {
  return {
    resourceSpans: [
      {
        resource: { attributes: jsonAttrs({ "service.name": serviceName }) },
        scopeSpans: [
          {
            scope: { name: "sightline-tests", version: "1" },
            spans: spans.map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              name: s.name,
              kind: 1,
              startTimeUnixNano: nanos(s.startMs),
              endTimeUnixNano: nanos(s.startMs + s.durationMs),
              attributes: jsonAttrs(s.attributes),
              events: (s.events ?? []).map((e) => ({
                name: e.name,
                timeUnixNano: nanos(e.timeMs),
                attributes: jsonAttrs(e.attributes),
              })),
              status: { code: s.status ?? 0, ...(s.statusMessage ? { message: s.statusMessage } : {}) },
            })),
          },
        ],
      },
    ],
  };
}

const bytesOf = (hex: string) => new Uint8Array((hex.match(/../g) ?? []).map((h) => Number.parseInt(h, 16)));

function pbValue(v: AttrInput): Record<string, unknown> {
  if (Array.isArray(v)) return { arrayValue: { values: v.map(pbValue) } };
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  return Number.isInteger(v) ? { intValue: v } : { doubleValue: v };
}
const pbAttrs = (a: Record<string, AttrInput> = {}) =>
  Object.entries(a).map(([key, v]) => ({ key, value: pbValue(v) }));

export function otlpProtobuf(spans: SpanInput[], serviceName = "support-agent"): Uint8Array {
  const message = {
    resourceSpans: [
      {
        resource: { attributes: pbAttrs({ "service.name": serviceName }) },
        scopeSpans: [
          {
            spans: spans.map((s) => ({
              traceId: bytesOf(s.traceId),
              spanId: bytesOf(s.spanId),
              parentSpanId: s.parentSpanId ? bytesOf(s.parentSpanId) : undefined,
              name: s.name,
              kind: 1,
              startTimeUnixNano: s.startMs * 1e6,
              endTimeUnixNano: (s.startMs + s.durationMs) * 1e6,
              attributes: pbAttrs(s.attributes),
              events: (s.events ?? []).map((e) => ({
                name: e.name,
                timeUnixNano: e.timeMs * 1e6,
                attributes: pbAttrs(e.attributes),
              })),
              status: { code: s.status ?? 0, message: s.statusMessage ?? "" },
            })),
          },
        ],
      },
    ],
  };
  return opentelemetry.proto.ExportTraceServiceRequest.encode(message as never).finish();
}

/** A realistic support-agent turn: AGENT root → RETRIEVER, CHAT_MODEL (gpt-4o-mini), TOOL. */
export function agentTrace(
  options: { startMs?: number; sessionId?: string; userId?: string; error?: boolean; question?: string } = {},
) {
  const traceId = newTraceId();
  const root = newSpanId();
  const start = options.startMs ?? Date.now() - 5000;
  const question = options.question ?? "Where is my refund for order 1234?";
  const messages = [
    { role: "system", content: "You are a helpful support agent." },
    { role: "user", content: question },
  ];
  const answer = { role: "assistant", content: "Your refund was issued on Monday; it takes 3-5 days." };
  const spans: SpanInput[] = [
    {
      traceId,
      spanId: root,
      name: "support_agent",
      startMs: start,
      durationMs: 1200,
      attributes: {
        "mlflow.spanType": "AGENT",
        "mlflow.spanInputs": JSON.stringify({ question }),
        "mlflow.spanOutputs": JSON.stringify(answer.content),
        ...(options.sessionId ? { "session.id": options.sessionId } : {}),
        ...(options.userId ? { "user.id": options.userId } : {}),
        "sightline.tag.env": "prod",
      },
      status: options.error ? 2 : 1,
      ...(options.error ? { statusMessage: "tool timed out" } : {}),
    },
    {
      traceId,
      spanId: newSpanId(),
      parentSpanId: root,
      name: "search_docs",
      startMs: start + 10,
      durationMs: 80,
      attributes: {
        "openinference.span.kind": "RETRIEVER",
        "input.value": question,
        "output.value": '["refund policy"]',
      },
      status: 1,
    },
    {
      traceId,
      spanId: newSpanId(),
      parentSpanId: root,
      name: "chat gpt-4o-mini",
      startMs: start + 100,
      durationMs: 900,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
        "gen_ai.usage.input_tokens": 1000,
        "gen_ai.usage.output_tokens": 200,
        "gen_ai.input.messages": JSON.stringify(messages),
        "gen_ai.output.messages": JSON.stringify([answer]),
      },
      status: 1,
    },
    {
      traceId,
      spanId: newSpanId(),
      parentSpanId: root,
      name: "lookup_order",
      startMs: start + 1010,
      durationMs: 150,
      attributes: { "mlflow.spanType": "TOOL", "mlflow.spanInputs": JSON.stringify({ order: 1234 }) },
      status: options.error ? 2 : 1,
      ...(options.error
        ? {
            events: [
              {
                name: "exception",
                timeMs: start + 1150,
                attributes: {
                  "exception.type": "TimeoutError",
                  "exception.message": "tool timed out",
                  "exception.stacktrace": "at lookup_order",
                },
              },
            ],
          }
        : {}),
    },
  ];
  return { traceId, rootSpanId: root, spans };
}
