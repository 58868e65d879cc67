import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { assessments, spans, traces } from "../../schema";
import type { ProjectScope } from "../auth/context";
import { ApiError } from "../lib/errors";
import { readStoredJson } from "../lib/json-input";
import { getTraceInProject } from "../traces/list";
import type { Subject } from "./rules";

const parse = readStoredJson;

/**
 * Which span tells a trace's story, ranked per trace: the root when it has inputs or outputs,
 * else the earliest span with both, else the earliest with outputs, else the earliest span.
 */
const storyRank = sql<number>`row_number() over (partition by ${spans.traceId} order by case
  when ${spans.parentSpanId} is null and (${spans.inputs} is not null or ${spans.outputs} is not null) then 0
  when ${spans.inputs} is not null and ${spans.outputs} is not null then 1
  when ${spans.outputs} is not null then 2
  else 3 end, ${spans.startUs}, ${spans.spanId})`;

/**
 * The story span's inputs and outputs of each of the traces, in one query (a session's turns
 * are not read one by one): each trace's spans are ranked through the primary key, and only the
 * winner of each comes back with its payload.
 */
export async function storiesOf(
  ctx: ProjectScope,
  traceIds: string[],
): Promise<Map<string, { inputs: unknown; outputs: unknown }>> {
  const ranked = ctx.db
    .select({ traceId: spans.traceId, spanId: spans.spanId, rank: storyRank.as("story_rank") })
    .from(spans)
    .where(and(eq(spans.projectId, ctx.project.id), inArray(spans.traceId, traceIds)))
    .as("ranked");
  const rows = await ctx.db
    .select({ traceId: spans.traceId, inputs: spans.inputs, outputs: spans.outputs })
    .from(ranked)
    .innerJoin(
      spans,
      and(
        eq(spans.projectId, ctx.project.id),
        eq(spans.traceId, ranked.traceId),
        eq(spans.spanId, ranked.spanId),
      ),
    )
    .where(eq(ranked.rank, 1));
  return new Map(rows.map((r) => [r.traceId, { inputs: parse(r.inputs), outputs: parse(r.outputs) }]));
}

/** A trace's or session's current expectations: the newest valid one per name. */
async function expectationsOf(ctx: ProjectScope, target: SQL): Promise<Record<string, unknown>> {
  const rows = await ctx.db
    .select({ name: assessments.name, value: assessments.value })
    .from(assessments)
    .where(
      and(
        eq(assessments.projectId, ctx.project.id),
        target,
        eq(assessments.kind, "expectation"),
        eq(assessments.valid, 1),
      ),
    )
    .orderBy(asc(assessments.createdAt), asc(assessments.id));
  const expectations: Record<string, unknown> = {};
  for (const e of rows) expectations[e.name] = parse(e.value);
  return expectations;
}

/**
 * What scorers read of a stored trace: the inputs and outputs of the span that tells its story
 * (the root's when it has them, else the earliest span with both, else the earliest with
 * outputs), the trace's current expectations (the newest per name), its latency, tokens and cost,
 * and the names of its tool spans.
 */
export async function traceSubject(
  ctx: ProjectScope,
  traceId: string,
): Promise<Subject & { traceId: string }> {
  const trace = await getTraceInProject(ctx, traceId);
  const of = and(eq(spans.projectId, ctx.project.id), eq(spans.traceId, trace.traceId));
  // Independent reads, in flight together: a scoring job runs many of these at once.
  const [heads, stories, expectations, workers] = await Promise.all([
    ctx.db
      .select({
        spanId: spans.spanId,
        parentSpanId: spans.parentSpanId,
        name: spans.name,
        spanType: spans.spanType,
        startUs: spans.startUs,
        endUs: spans.endUs,
        status: spans.status,
      })
      .from(spans)
      .where(of)
      .orderBy(asc(spans.startUs)),
    storiesOf(ctx, [trace.traceId]),
    expectationsOf(ctx, eq(assessments.traceId, trace.traceId)),
    // Tool and retriever spans with their payloads, for the tool-call and retrieval judges (at most 100).
    ctx.db
      .select({
        spanId: spans.spanId,
        name: spans.name,
        spanType: spans.spanType,
        inputs: spans.inputs,
        outputs: spans.outputs,
      })
      .from(spans)
      .where(and(of, inArray(spans.spanType, ["TOOL", "RETRIEVER"])))
      .orderBy(asc(spans.startUs))
      .limit(100),
  ]);
  const story = stories.get(trace.traceId);
  return {
    traceId: trace.traceId,
    inputs: story?.inputs ?? null,
    outputs: story?.outputs ?? null,
    expectations,
    trace: {
      durationMs: trace.durationMs,
      totalTokens: trace.totalTokens,
      costUsd: trace.costUsd,
      toolNames: [...new Set(heads.filter((h) => h.spanType === "TOOL").map((h) => h.name))],
      outline: outlineOf(heads),
      spanCount: heads.length,
      toolCalls: workers
        .filter((w) => w.spanType === "TOOL")
        .map((w) => ({ name: w.name, arguments: parse(w.inputs) })),
      retrieved: workers
        .filter((w) => w.spanType === "RETRIEVER" && w.outputs !== null)
        .map((w) => {
          const output = parse(w.outputs);
          return typeof output === "string" ? output : (w.outputs ?? "");
        }),
      retrievals: workers
        .filter((w) => w.spanType === "RETRIEVER" && w.outputs !== null)
        .slice(0, RETRIEVERS_MAX)
        .map((w) => ({ spanId: w.spanId, chunks: chunksOf(parse(w.outputs)) })),
    },
  };
}

/** At most this many spans in a judge's {{ trace }} outline; a larger trace is read by the agent (judges/agent.ts). */
export const OUTLINE_SPANS = 300;

/** The span tree as indented lines: name, type, duration, and ERROR where a span failed. */
function outlineOf(
  heads: {
    spanId: string;
    parentSpanId: string | null;
    name: string;
    spanType: string;
    startUs: number;
    endUs: number;
    status: string;
  }[],
): string {
  const children = new Map<string | null, typeof heads>();
  const ids = new Set(heads.map((h) => h.spanId));
  for (const h of heads) {
    const parent = h.parentSpanId !== null && ids.has(h.parentSpanId) ? h.parentSpanId : null;
    children.set(parent, [...(children.get(parent) ?? []), h]);
  }
  const lines: string[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const h of children.get(parent) ?? []) {
      if (lines.length >= OUTLINE_SPANS) return;
      const ms = Math.round((h.endUs - h.startUs) / 1000);
      lines.push(
        `${"  ".repeat(depth)}- ${h.name} [${h.spanType}] ${ms} ms${h.status === "ERROR" ? " ERROR" : ""}`,
      );
      walk(h.spanId, depth + 1);
    }
  };
  walk(null, 0);
  if (heads.length > lines.length) lines.push(`[… ${heads.length - lines.length} more spans not shown]`);
  return lines.join("\n");
}

/** At most this many turns of a session go to a judge (the newest, in order). */
export const SESSION_TURNS = 50;

/**
 * What scorers read of a session: its traces in order as turns (each one's story span's inputs
 * and outputs, as traceSubject reads them), the last turn's inputs and outputs, and the session's
 * own expectations. Three queries however many turns.
 */
export async function sessionSubject(
  ctx: ProjectScope,
  sessionId: string,
): Promise<Subject & { sessionId: string }> {
  const newestFirst = await ctx.db
    .select({ traceId: traces.traceId })
    .from(traces)
    .where(and(eq(traces.projectId, ctx.project.id), eq(traces.sessionId, sessionId)))
    .orderBy(desc(traces.startUs))
    .limit(SESSION_TURNS);
  if (newestFirst.length === 0) throw ApiError.notFound("Session");
  const traceIds = newestFirst.map((t) => t.traceId).reverse();
  const stories = await storiesOf(ctx, traceIds);
  const conversation = traceIds.map((traceId) => ({
    traceId,
    inputs: stories.get(traceId)?.inputs ?? null,
    outputs: stories.get(traceId)?.outputs ?? null,
  }));
  const expectations = await expectationsOf(ctx, eq(assessments.sessionId, sessionId));
  const last = conversation.at(-1);
  return {
    sessionId,
    inputs: last?.inputs ?? null,
    outputs: last?.outputs ?? null,
    expectations,
    conversation,
  };
}

/** At most this many retriever spans, and documents of each, are judged one by one. */
const RETRIEVERS_MAX = 3;
const CHUNKS_MAX = 10;

/**
 * A retriever's output as one text per document: a list of documents (strings, or objects with
 * `page_content`, `content`, `text` or `document.content`, as LangChain, OpenInference and others
 * write them), a `{ documents: [...] }` object, or else the whole output as one document.
 */
export function chunksOf(output: unknown): string[] {
  const list = Array.isArray(output)
    ? output
    : output && typeof output === "object" && Array.isArray((output as { documents?: unknown }).documents)
      ? (output as { documents: unknown[] }).documents
      : [output];
  return list.slice(0, CHUNKS_MAX).map((d) => {
    if (typeof d === "string") return d;
    if (d && typeof d === "object") {
      const o = d as Record<string, unknown>;
      const doc = o.document && typeof o.document === "object" ? (o.document as Record<string, unknown>) : {};
      for (const v of [o.page_content, o.content, o.text, doc.content, doc.page_content])
        if (typeof v === "string") return v;
    }
    return JSON.stringify(d) ?? "";
  });
}
