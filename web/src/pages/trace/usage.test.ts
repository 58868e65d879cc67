import { describe, expect, it } from "vitest";
import type { SpanSummary } from "../../api/traceTypes";
import { buildSpanTree } from "./spanTree";
import { testSpan } from "./testSpans";
import { spanTokens, usageRollup, wrapperLabels } from "./usage";

const model = "gpt-4o-mini";
/** The AI SDK 7 fixture's first turn: invoke_agent repeats its two chats' usage (304/36). */
const vercelAi7 = [
  testSpan("POST /api/chat", null, 0),
  testSpan("invoke_agent", "POST /api/chat", 1, { model, inputTokens: 304, outputTokens: 36 }),
  testSpan("step 1", "invoke_agent", 2),
  testSpan("chat 1", "step 1", 3, { model, inputTokens: 101, outputTokens: 17, costUsd: 0.001 }),
  testSpan("execute_tool", "step 1", 4),
  testSpan("step 2", "invoke_agent", 5),
  testSpan("chat 2", "step 2", 6, { model, inputTokens: 203, outputTokens: 19, costUsd: 0.002 }),
];

function tokensOf(spans: SpanSummary[], spanId: string) {
  const tree = buildSpanTree(spans);
  return spanTokens(tree, usageRollup(tree), tree.positions.get(spanId) ?? -1);
}

describe("span usage", () => {
  it("counts the model calls, not the agent span that repeats them", () => {
    const tree = buildSpanTree(vercelAi7);
    const rollup = usageRollup(tree);
    const counted = tree.spans.filter((_, position) => rollup.counted[position]).map((s) => s.spanId);
    expect(counted).toEqual(["chat 1", "chat 2"]);
    expect(rollup.subtree[0]).toEqual({
      inputTokens: 304,
      outputTokens: 36,
      totalTokens: 340,
      costUsd: 0.003,
    });
  });

  it("labels the agent span's own figure as a repeat and gives its subtree total", () => {
    expect(tokensOf(vercelAi7, "invoke_agent")).toEqual({
      kind: "wrapper",
      own: { inputTokens: 304, outputTokens: 36, totalTokens: 340, costUsd: null },
      ownCostUsd: null,
      repeatsChildren: true,
      subtree: { inputTokens: 304, outputTokens: 36, totalTokens: 340, costUsd: 0.003 },
    });
    expect(tokensOf(vercelAi7, "step 2")).toMatchObject({
      kind: "wrapper",
      own: null,
      subtree: { inputTokens: 203 },
    });
    expect(tokensOf(vercelAi7, "chat 1")).toMatchObject({ kind: "counted", own: { inputTokens: 101 } });
    expect(tokensOf(vercelAi7, "execute_tool")).toEqual({ kind: "none" });
  });

  it("says when a wrapper's own figure differs from what is under it", () => {
    const spans = [
      testSpan("agent", null, 0, { inputTokens: 500, outputTokens: 50 }),
      testSpan("llm", "agent", 1, { model, inputTokens: 101, outputTokens: 17 }),
    ];
    expect(tokensOf(spans, "agent")).toMatchObject({ kind: "wrapper", repeatsChildren: false });
  });

  it("treats a model call without tokens as usage: the span above it is not counted", () => {
    const spans = [
      testSpan("agent", null, 0, { inputTokens: 307, outputTokens: 23 }),
      testSpan("stream", "agent", 1, { model }),
    ];
    const tree = buildSpanTree(spans);
    const rollup = usageRollup(tree);
    expect([...rollup.counted]).toEqual([0, 1]);
    expect(tokensOf(spans, "stream")).toEqual({ kind: "none" });
    expect(tokensOf(spans, "agent")).toMatchObject({ kind: "wrapper", subtree: { inputTokens: 0 } });
  });

  it("treats a span with only a reported cost as metered, as the server does", () => {
    const spans = [
      testSpan("agent", null, 0, { costUsd: 0.01 }),
      testSpan("priced", "agent", 1, { costUsd: 0.002 }),
    ];
    const tokens = tokensOf(spans, "agent");
    expect(tokens).toMatchObject({
      kind: "wrapper",
      own: null,
      ownCostUsd: 0.01,
      subtree: { costUsd: 0.002 },
    });
    if (tokens.kind !== "wrapper") throw new Error("expected a wrapper");
    expect(wrapperLabels(tokens)).toMatchObject({
      ownCost: "Own: $0.010, not counted",
      subtreeCost: "Subtree: $0.0020",
    });
  });

  it("comes out the same whatever order the spans arrive in", () => {
    const reversed = [...vercelAi7].reverse();
    const a = buildSpanTree(vercelAi7);
    const b = buildSpanTree(reversed);
    expect(usageRollup(b).subtree[0]).toEqual(usageRollup(a).subtree[0]);
    expect(tokensOf(reversed, "invoke_agent")).toEqual(tokensOf(vercelAi7, "invoke_agent"));
  });
});

describe("span token labels", () => {
  it("words the agent span's figures", () => {
    const tokens = tokensOf(vercelAi7, "invoke_agent");
    if (tokens.kind !== "wrapper") throw new Error("expected a wrapper");
    expect(wrapperLabels(tokens)).toEqual({
      own: "Own: 304 in / 36 out",
      ownNote: "repeats its children's usage, not counted in the trace total",
      subtree: "Subtree: 304 in / 36 out",
      ownCost: null,
      subtreeCost: "Subtree: $0.0030",
    });
  });

  it("words a span with no figure of its own", () => {
    const tokens = tokensOf(vercelAi7, "POST /api/chat");
    if (tokens.kind !== "wrapper") throw new Error("expected a wrapper");
    expect(wrapperLabels(tokens)).toMatchObject({
      own: null,
      ownNote: null,
      subtree: "Subtree: 304 in / 36 out",
    });
  });
});
