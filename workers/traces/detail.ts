import { and, asc, eq, inArray } from "drizzle-orm";
import { spans, traces } from "../../schema";
import type { ProjectContext } from "../auth/context";
import { readPayload } from "../ingest/payload";
import { ApiError } from "../lib/errors";
import { linkedPromptsQuery, linkedPromptsView } from "../prompts/trace-links";
import { SPAN_COLUMNS, SPAN_SUMMARY_COLUMNS, TRACE_COLUMNS } from "./columns";
import { isoFromUs, normaliseTraceId, type TraceRow, toSummary } from "./list";
import type { Span, SpanSummary, TraceDetail, TraceOutline } from "./schemas";

type SpanRow = typeof spans.$inferSelect;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Attributes are a JSON object unless cut at the cap; then the cut text is kept under one key. */
function attributesOf(text: string): Record<string, unknown> {
  const value = readPayload(text);
  return isObject(value) ? value : { "sightline.truncatedAttributes": value };
}

type StoredEvent = { timeUs?: unknown; name?: unknown; attributes?: unknown };

function eventsOf(text: string): Span["events"] {
  const value = readPayload(text);
  if (!Array.isArray(value)) return [];
  return value.map((e: StoredEvent) => ({
    time: typeof e.timeUs === "number" ? isoFromUs(e.timeUs) : "",
    name: typeof e.name === "string" ? e.name : "",
    attributes: isObject(e.attributes) ? e.attributes : {},
  }));
}

type SummaryRow = Pick<SpanRow, keyof typeof SPAN_SUMMARY_COLUMNS>;

/** Identity, timing and status: the fields before the payloads in a Span. */
function headOf(s: SummaryRow) {
  const status: Span["status"] = s.status === "ERROR" || s.status === "OK" ? s.status : "UNSET";
  return {
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    spanType: s.spanType,
    startTime: isoFromUs(s.startUs),
    endTime: isoFromUs(s.endUs),
    durationMs: (s.endUs - s.startUs) / 1000,
    status,
    statusMessage: s.statusMessage,
  };
}

/** Model and usage: the fields after the payloads in a Span. */
function usageOf(s: SummaryRow) {
  return {
    model: s.model,
    provider: s.provider,
    inputTokens: s.inputTokens,
    outputTokens: s.outputTokens,
    totalTokens: s.totalTokens,
    cacheReadTokens: s.cacheReadTokens,
    cacheWriteTokens: s.cacheWriteTokens,
    costUsd: s.costUsd,
  };
}

export function toSpan(s: SpanRow): Span {
  return {
    ...headOf(s),
    inputs: readPayload(s.inputs),
    outputs: readPayload(s.outputs),
    attributes: attributesOf(s.attributes),
    events: eventsOf(s.events),
    ...usageOf(s),
  };
}

export function toSpanSummary(s: SummaryRow): SpanSummary {
  return { ...headOf(s), ...usageOf(s) };
}

/** Spans of several traces of one project (one primary-key range per trace), by start time. */
export async function spansOf(ctx: ProjectContext, traceIds: string[]): Promise<Map<string, Span[]>> {
  const projectId = ctx.project.id;
  const out = new Map<string, Span[]>(traceIds.map((id) => [id, []]));
  if (traceIds.length === 0) return out;
  const rows = await ctx.db
    .select(SPAN_COLUMNS)
    .from(spans)
    .where(and(eq(spans.projectId, projectId), inArray(spans.traceId, traceIds)))
    .orderBy(asc(spans.traceId), asc(spans.startUs), asc(spans.spanId));
  for (const row of rows) out.get(row.traceId)?.push(toSpan(row));
  return out;
}

export function withSpans(row: TraceRow, list: Span[]): TraceDetail {
  return { ...toSummary(row), spans: list };
}

type TraceArgs = { ctx: ProjectContext; input: { traceId: string } };

/** The trace row's query, and its spans' filter and order: the two halves of one round trip. */
function traceQueries(ctx: ProjectContext, traceId: string) {
  const id = normaliseTraceId(traceId);
  const projectId = ctx.project.id;
  return {
    trace: ctx.db
      .select(TRACE_COLUMNS)
      .from(traces)
      .where(and(eq(traces.projectId, projectId), eq(traces.traceId, id))),
    spansWhere: and(eq(spans.projectId, projectId), eq(spans.traceId, id)),
    spansOrder: [asc(spans.startUs), asc(spans.spanId)] as const,
    prompts: ctx.db.run(linkedPromptsQuery(projectId, id)),
  };
}

function found(rows: TraceRow[]): TraceRow {
  const row = rows[0];
  if (!row) throw ApiError.notFound("Trace");
  return row;
}

/** One round trip: the trace row, its spans and its prompt links, read together. */
export async function getTraceDetail({ ctx, input }: TraceArgs): Promise<TraceDetail> {
  const { db } = ctx;
  const q = traceQueries(ctx, input.traceId);
  const [rows, spanRows, promptRows] = await db.batch([
    q.trace,
    db
      .select(SPAN_COLUMNS)
      .from(spans)
      .where(q.spansWhere)
      .orderBy(...q.spansOrder),
    q.prompts,
  ]);
  return { ...withSpans(found(rows), spanRows.map(toSpan)), prompts: linkedPromptsView(promptRows.rows) };
}

/**
 * The trace with span summaries (`spans=summary`): only the light columns are read, so neither
 * the database nor the answer carries payloads, attributes or events.
 */
export async function getTraceOutline({ ctx, input }: TraceArgs): Promise<TraceOutline> {
  const { db } = ctx;
  const q = traceQueries(ctx, input.traceId);
  const [rows, spanRows, promptRows] = await db.batch([
    q.trace,
    db
      .select(SPAN_SUMMARY_COLUMNS)
      .from(spans)
      .where(q.spansWhere)
      .orderBy(...q.spansOrder),
    q.prompts,
  ]);
  return {
    ...toSummary(found(rows)),
    spans: spanRows.map(toSpanSummary),
    prompts: linkedPromptsView(promptRows.rows),
  };
}

/** One whole span of a trace (ids in any case); NotFound for unknown ids and other projects' spans. */
export async function getSpan({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { traceId: string; spanId: string };
}): Promise<Span> {
  const [row] = await ctx.db
    .select(SPAN_COLUMNS)
    .from(spans)
    .where(
      and(
        eq(spans.projectId, ctx.project.id),
        eq(spans.traceId, normaliseTraceId(input.traceId)),
        eq(spans.spanId, input.spanId.toLowerCase()),
      ),
    )
    .limit(1);
  if (!row) throw ApiError.notFound("Span");
  return toSpan(row);
}
