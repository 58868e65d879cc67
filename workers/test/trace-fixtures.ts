/**
 * Traces shaped for the read-side tests (list filters, sessions, metrics): each one an AGENT
 * root with a CHAT_MODEL child (model, tokens) and optionally a TOOL child, sent through the real
 * OTLP ingest path. Builds on the OTLP builders in ./otlp.
 */
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { createKey, type SignedUp, signUp } from "./accounts";
import { type AttrInput, newSpanId, newTraceId, type SpanInput, sendOtlpJson } from "./otlp";
import { testOrgDb } from "./services";

export type TraceSpec = {
  startMs: number;
  durationMs?: number;
  name?: string;
  error?: boolean;
  sessionId?: string;
  userId?: string;
  tags?: Record<string, string>;
  metadata?: Record<string, string>;
  /** Model of the chat span; null for a trace without a model call. */
  model?: string | null;
  inputTokens?: number;
  outputTokens?: number;
  question?: string;
  answer?: string;
  tool?: boolean;
};

export type BuiltTrace = { traceId: string; rootSpanId: string; spans: SpanInput[]; spec: TraceSpec };

export function buildTrace(spec: TraceSpec): BuiltTrace {
  const traceId = newTraceId();
  const root = newSpanId();
  const duration = spec.durationMs ?? 1000;
  const question = spec.question ?? "How do I reset my password?";
  const answer = spec.answer ?? "Open Settings, then Security, then Reset password.";
  const rootAttributes: Record<string, AttrInput> = {
    "mlflow.spanType": "AGENT",
    "mlflow.spanInputs": JSON.stringify({ messages: [{ role: "user", content: question }] }),
    "mlflow.spanOutputs": JSON.stringify(answer),
  };
  if (spec.sessionId) rootAttributes["session.id"] = spec.sessionId;
  if (spec.userId) rootAttributes["user.id"] = spec.userId;
  for (const [k, v] of Object.entries(spec.tags ?? {})) rootAttributes[`sightline.tag.${k}`] = v;
  for (const [k, v] of Object.entries(spec.metadata ?? {})) rootAttributes[`sightline.metadata.${k}`] = v;
  const spans: SpanInput[] = [
    {
      traceId,
      spanId: root,
      name: spec.name ?? "support_agent",
      startMs: spec.startMs,
      durationMs: duration,
      attributes: rootAttributes,
      status: spec.error ? 2 : 1,
      ...(spec.error ? { statusMessage: "agent failed" } : {}),
    },
  ];
  const model = spec.model === undefined ? "gpt-4o-mini" : spec.model;
  if (model !== null) {
    spans.push({
      traceId,
      spanId: newSpanId(),
      parentSpanId: root,
      name: `chat ${model}`,
      startMs: spec.startMs + duration * 0.1,
      durationMs: duration * 0.6,
      attributes: {
        "mlflow.spanType": "CHAT_MODEL",
        "gen_ai.system": "openai",
        "gen_ai.request.model": model,
        "gen_ai.usage.input_tokens": spec.inputTokens ?? 100,
        "gen_ai.usage.output_tokens": spec.outputTokens ?? 20,
        "mlflow.spanInputs": JSON.stringify([{ role: "user", content: question }]),
        "mlflow.spanOutputs": JSON.stringify({ role: "assistant", content: answer }),
      },
      status: 1,
    });
  }
  if (spec.tool) {
    spans.push({
      traceId,
      spanId: newSpanId(),
      parentSpanId: root,
      name: "lookup_account",
      startMs: spec.startMs + duration * 0.75,
      durationMs: duration * 0.2,
      attributes: { "mlflow.spanType": "TOOL", "mlflow.spanInputs": JSON.stringify({ account: 42 }) },
      status: 1,
    });
  }
  return { traceId, rootSpanId: root, spans, spec };
}

/** Sends the traces in one OTLP export and checks that every span was accepted. */
export async function ingestTraces(key: string, list: BuiltTrace[]): Promise<void> {
  const res = await sendOtlpJson(
    key,
    list.flatMap((t) => t.spans),
  );
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({});
}

export type TraceProject = { owner: SignedUp; ingestKey: string };

/** A fresh organization and project with an ingest key; the owner's cookie reads. */
export async function traceProject(): Promise<TraceProject> {
  const owner = await signUp();
  const { key } = await createKey(owner, ["ingest"]);
  return { owner, ingestKey: key };
}

/** A time `hoursAgo` hours before the start of the current hour, plus `offsetMs`. */
export function hoursAgo(hours: number, offsetMs = 0): number {
  const hour = 3_600_000;
  return Math.floor(Date.now() / hour) * hour - hours * hour + offsetMs;
}

/** How many rows of each table hold the trace (spans, facets, text index, trace row). */
export async function storedRows(projectId: string, traceId: string) {
  const [row] = await testOrgDb().all<{
    spans: number;
    facets: number;
    text: number;
    traces: number;
  }>(sql`
    select (select count(*) from spans where project_id = ${projectId} and trace_id = ${traceId}) as spans,
      (select count(*) from trace_facets f join traces t on t.id = f.trace_row where t.project_id = ${projectId} and t.trace_id = ${traceId}) as facets,
      (select count(*) from trace_text where project_id = ${projectId} and trace_id = ${traceId}) as text,
      (select count(*) from traces where project_id = ${projectId} and trace_id = ${traceId}) as traces`);
  return row;
}
