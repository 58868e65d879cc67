import type { SpanSummary } from "../../api/traceTypes";
import { formatCost, formatInteger } from "../../app/numbers";
import type { SpanTree } from "./spanTree";

/** Token and cost figures added up over spans. */
export interface UsageTotals {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number | null;
}

/** Where each span's usage stands, by position in the span tree. */
export interface UsageRollup {
  /** The span's own usage counts toward the trace total. */
  counted: Uint8Array;
  /** Some descendant is metered (has usage or a model). */
  usageBelow: Uint8Array;
  /** The counted usage of the span's subtree, itself included. */
  subtree: UsageTotals[];
}

type UsageFields = Pick<SpanSummary, "model" | "inputTokens" | "outputTokens" | "totalTokens" | "costUsd">;

/**
 * A *metered* span: it reports tokens or a cost, or names the model it called. The server's test
 * (`workers/ingest/usage.ts`, `isMetered`), mirrored: a cost is only ever there with a model or
 * a cost the client reported.
 */
export function isMetered(span: UsageFields): boolean {
  return (
    span.model !== null ||
    span.inputTokens !== null ||
    span.outputTokens !== null ||
    span.totalTokens !== null ||
    span.costUsd !== null
  );
}

const zero = (): UsageTotals => ({ inputTokens: 0, outputTokens: 0, totalTokens: 0, costUsd: null });

function add(into: UsageTotals, from: UsageFields | UsageTotals) {
  const input = from.inputTokens ?? 0;
  const output = from.outputTokens ?? 0;
  into.inputTokens += input;
  into.outputTokens += output;
  into.totalTokens += from.totalTokens ?? input + output;
  if (from.costUsd !== null) into.costUsd = (into.costUsd ?? 0) + from.costUsd;
}

/**
 * The trace-total rule, as the server applies it: a span's usage counts only where it was
 * spent, that is when the span is metered and none of its descendants is. An agent
 * span repeating its model calls' usage is not counted again. One pass from the leaves up: in the
 * tree's depth-first order every descendant comes after its span.
 */
export function usageRollup(tree: SpanTree): UsageRollup {
  const count = tree.spans.length;
  const counted = new Uint8Array(count);
  const usageBelow = new Uint8Array(count);
  const subtree = Array.from({ length: count }, zero);
  for (let position = count - 1; position >= 0; position--) {
    const span = tree.spans[position];
    const totals = subtree[position];
    if (!span || !totals) continue;
    const own = isMetered(span);
    if (own && !usageBelow[position]) {
      counted[position] = 1;
      add(totals, span);
    }
    const parent = tree.parent[position] ?? -1;
    const parentTotals = subtree[parent];
    if (parent < 0 || !parentTotals) continue;
    if (own || usageBelow[position]) usageBelow[parent] = 1;
    add(parentTotals, totals);
  }
  return { counted, usageBelow, subtree };
}

/** What the span detail says about a span's tokens. */
export type SpanTokens =
  /** Usage counted in the trace total as it is (a model call). */
  | { kind: "counted"; own: UsageTotals }
  /** A span over model calls: its own copy (if any) is not counted; its subtree total is. */
  | {
      kind: "wrapper";
      /** Its own token figures, when it reports some; its own cost, when it has one. */
      own: UsageTotals | null;
      ownCostUsd: number | null;
      repeatsChildren: boolean;
      subtree: UsageTotals;
    }
  | { kind: "none" };

export function spanTokens(tree: SpanTree, rollup: UsageRollup, position: number): SpanTokens {
  const span = tree.spans[position];
  const subtree = rollup.subtree[position];
  if (!span || !subtree) return { kind: "none" };
  const reportsTokens = span.inputTokens !== null || span.outputTokens !== null || span.totalTokens !== null;
  const own = zero();
  add(own, span);
  if (rollup.counted[position]) return reportsTokens ? { kind: "counted", own } : { kind: "none" };
  if (!rollup.usageBelow[position]) return { kind: "none" };
  return {
    kind: "wrapper",
    own: reportsTokens ? own : null,
    ownCostUsd: span.costUsd,
    repeatsChildren:
      reportsTokens && own.inputTokens === subtree.inputTokens && own.outputTokens === subtree.outputTokens,
    subtree,
  };
}

/** How the span detail words a wrapper's figures. */
export interface WrapperLabels {
  own: string | null;
  ownNote: string | null;
  subtree: string;
  ownCost: string | null;
  subtreeCost: string | null;
}

const inOut = (totals: UsageTotals) =>
  `${formatInteger(totals.inputTokens)} in / ${formatInteger(totals.outputTokens)} out`;

/**
 * "Own: 304 in / 36 out — repeats its children's usage, not counted in the trace total" and
 * "Subtree: 304 in / 36 out": a span over model calls says which of its figures the trace adds.
 */
export function wrapperLabels(tokens: Extract<SpanTokens, { kind: "wrapper" }>): WrapperLabels {
  const { own, subtree } = tokens;
  return {
    own: own && `Own: ${inOut(own)}`,
    ownNote:
      own &&
      (tokens.repeatsChildren
        ? "repeats its children's usage, not counted in the trace total"
        : "not counted in the trace total: the spans under it report their own usage"),
    subtree: `Subtree: ${inOut(subtree)}`,
    ownCost: tokens.ownCostUsd !== null ? `Own: ${formatCost(tokens.ownCostUsd)}, not counted` : null,
    subtreeCost: subtree.costUsd !== null ? `Subtree: ${formatCost(subtree.costUsd)}` : null,
  };
}
