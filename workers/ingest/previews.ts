import type { NormalisedSpan } from "./normalise";
import { previewOf } from "./payload";

/**
 * Where a trace's list previews (and its text index) come from: the span that best tells its
 * story. Real apps often have an HTTP or framework root span without inputs or outputs, so: the
 * root span's, else the earliest agent, chain, workflow or task span's, else the earliest model
 * call's, else the earliest span's that has any. Spans arrive in any order, so each trace keeps
 * its previews' rank and start, and a better candidate arriving later replaces them (store.ts).
 */
export function previewRank(span: Pick<NormalisedSpan, "parentSpanId" | "spanType">): number {
  return span.parentSpanId === null ? 0 : (RANK_OF_TYPE.get(span.spanType) ?? OTHER_RANK);
}

/** Span types that tell a trace's story, best first (the root ranks 0, every other type OTHER_RANK). */
const RANK_OF_TYPE = new Map([
  ["AGENT", 1],
  ["CHAIN", 1],
  ["WORKFLOW", 1],
  ["TASK", 1],
  ["LLM", 2],
  ["CHAT_MODEL", 2],
]);
const OTHER_RANK = 3;
/** Added to a candidate's rank for each side (input, output) it has no preview for. */
export const MISSING_SIDE = 10;

/** previewRank in SQL, of the span row `alias` (its parent_span_id and span_type). */
export function previewRankSql(alias: string): string {
  const byType = [...RANK_OF_TYPE].map(([type, rank]) => `when ${alias}.span_type = '${type}' then ${rank}`);
  return `case when ${alias}.parent_span_id is null then 0 ${byType.join(" ")} else ${OTHER_RANK} end`;
}

/** SQL: whether a candidate's (rank, start) beats the previews stored on the `traces` row. */
export function beatsStoredPreview(rank: string, startUs: string): string {
  return `(traces.preview_rank is null or ${rank} < traces.preview_rank
  or (${rank} = traces.preview_rank and ${startUs} < traces.preview_start_us))`;
}

/**
 * Whether outputs are a model's step rather than an answer: a message list whose last message
 * only calls tools (no text). Such a span's output does not make a preview: the call that
 * answered after the tools tells the story.
 */
export function onlyCallsTools(outputs: unknown): boolean {
  const last = Array.isArray(outputs) ? outputs.at(-1) : outputs;
  if (!last || typeof last !== "object" || Array.isArray(last)) return false;
  const m = last as { role?: unknown; parts?: unknown; content?: unknown; tool_calls?: unknown };
  if (typeof m.role !== "string") return false;
  if (Array.isArray(m.parts))
    return m.parts.length > 0 && m.parts.every((p) => (p as { type?: unknown })?.type === "tool_call");
  return (m.content === null || m.content === undefined || m.content === "") && Array.isArray(m.tool_calls);
}

/** The output preview of a span, or null when it has none or only called tools. */
export function answerPreview(outputs: unknown): string | null {
  return onlyCallsTools(outputs) ? null : previewOf(outputs, "output");
}

export type PreviewCandidate = {
  spanId: string;
  rank: number;
  startUs: number;
  input: string | null;
  output: string | null;
};

/**
 * The best candidate among a batch's spans of one trace, or null when none has inputs or outputs.
 * A span with both an input and an output beats one with only one of them (a workflow root that
 * records only its answer loses to the agent under it that has the question too): the candidate's
 * rank is 10 per missing side plus previewRank.
 */
export function bestPreview(spans: NormalisedSpan[]): PreviewCandidate | null {
  let best: PreviewCandidate | null = null;
  // Best-ranked spans first, so the previews of spans that cannot win are never made.
  const ranked = spans.map((span) => ({ span, base: previewRank(span) })).sort((x, y) => x.base - y.base);
  for (const { span, base } of ranked) {
    if (best && base > best.rank) break; // neither this span nor any after it can win
    const input = previewOf(span.inputs, "input");
    const output = answerPreview(span.outputs);
    if (input === null && output === null) continue;
    const rank = (input === null ? MISSING_SIDE : 0) + (output === null ? MISSING_SIDE : 0) + base;
    if (best && (rank > best.rank || (rank === best.rank && span.startUs >= best.startUs))) continue;
    best = { spanId: span.spanId, rank, startUs: span.startUs, input, output };
  }
  return best;
}

/** SQL (for an upsert of `traces`): whether the excluded row's previews beat the stored ones. */
export const BETTER_PREVIEW = `excluded.preview_rank is not null and ${beatsStoredPreview(
  "excluded.preview_rank",
  "excluded.preview_start_us",
)}`;
