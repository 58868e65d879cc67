import { and, asc, eq, sql } from "drizzle-orm";
import { assessments, spans } from "../../schema";
import type { ProjectContext } from "../auth/context";
import { getTraceInProject } from "../traces/list";
import type { Subject } from "./rules";

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * What scorers read of a stored trace: the inputs and outputs of the span that tells its story
 * (the root's when it has them, else the earliest span with both, else the earliest with
 * outputs), the trace's current expectations (the newest per name), its latency, tokens and cost,
 * and the names of its tool spans.
 */
export async function traceSubject(
  ctx: ProjectContext,
  traceId: string,
): Promise<Subject & { traceId: string }> {
  const trace = await getTraceInProject(ctx, traceId);
  const of = and(eq(spans.projectId, ctx.project.id), eq(spans.traceId, trace.traceId));
  const heads = await ctx.db
    .select({
      spanId: spans.spanId,
      parentSpanId: spans.parentSpanId,
      name: spans.name,
      spanType: spans.spanType,
      hasInputs: sql<number>`${spans.inputs} is not null`,
      hasOutputs: sql<number>`${spans.outputs} is not null`,
    })
    .from(spans)
    .where(of)
    .orderBy(asc(spans.startUs));
  const root = heads.find((h) => h.parentSpanId === null && (h.hasInputs || h.hasOutputs));
  const story =
    root ?? heads.find((h) => h.hasInputs && h.hasOutputs) ?? heads.find((h) => h.hasOutputs) ?? heads[0];
  const [payload] = story
    ? await ctx.db
        .select({ inputs: spans.inputs, outputs: spans.outputs })
        .from(spans)
        .where(and(of, eq(spans.spanId, story.spanId)))
        .limit(1)
    : [];
  const expectationRows = await ctx.db
    .select({ name: assessments.name, value: assessments.value })
    .from(assessments)
    .where(
      and(
        eq(assessments.projectId, ctx.project.id),
        eq(assessments.traceId, trace.traceId),
        eq(assessments.kind, "expectation"),
        eq(assessments.valid, 1),
      ),
    )
    .orderBy(asc(assessments.createdAt), asc(assessments.id));
  const expectations: Record<string, unknown> = {};
  for (const e of expectationRows) expectations[e.name] = parse(e.value);
  return {
    traceId: trace.traceId,
    inputs: parse(payload?.inputs ?? null),
    outputs: parse(payload?.outputs ?? null),
    expectations,
    trace: {
      durationMs: trace.durationMs,
      totalTokens: trace.totalTokens,
      costUsd: trace.costUsd,
      toolNames: [...new Set(heads.filter((h) => h.spanType === "TOOL").map((h) => h.name))],
    },
  };
}
