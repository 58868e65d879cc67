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
  if (span.parentSpanId === null) return 0;
  switch (span.spanType) {
    case "AGENT":
    case "CHAIN":
    case "WORKFLOW":
    case "TASK":
      return 1;
    case "LLM":
    case "CHAT_MODEL":
      return 2;
    default:
      return 3;
  }
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
  for (const span of spans) {
    if (best && previewRank(span) > best.rank) continue; // cannot win even with both sides
    const input = previewOf(span.inputs, "input");
    const output = answerPreview(span.outputs);
    if (input === null && output === null) continue;
    const rank = (input === null ? 10 : 0) + (output === null ? 10 : 0) + previewRank(span);
    if (best && (rank > best.rank || (rank === best.rank && span.startUs >= best.startUs))) continue;
    best = { spanId: span.spanId, rank, startUs: span.startUs, input, output };
  }
  return best;
}

/** SQL (for an upsert of `traces`): whether the excluded row's previews beat the stored ones. */
export const BETTER_PREVIEW = `excluded.preview_rank is not null and (traces.preview_rank is null
  or excluded.preview_rank < traces.preview_rank
  or (excluded.preview_rank = traces.preview_rank and excluded.preview_start_us < traces.preview_start_us))`;
