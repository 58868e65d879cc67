/**
 * A judge over a 5,000-span trace: its outline does not fit, so the judge reads the stored trace
 * with tools (search, then one span whole) instead of scoring a cut prompt. The scripted
 * OpenAI-compatible server plays the model: two tool-call turns, then the answer.
 */
import { describe, expect, it } from "vitest";
import type { ScoreResult } from "../scorers/schemas";
import { asUser } from "../test/accounts";
import { env } from "../test/helpers";
import { judgeProject, script } from "../test/judges";
import { newSpanId, newTraceId, type SpanInput, sendOtlpJson } from "../test/otlp";

type Sent = {
  body: { messages?: { role: string; content: string | null }[]; tools?: { function: { name: string } }[] };
};

async function sentWith(apiKey: string): Promise<Sent[]> {
  const res = await fetch(
    `${env.TEST_OPENAI_URL.replace(/\/v1$/, "")}/_control/requests?apiKey=${encodeURIComponent(apiKey)}`,
  );
  return ((await res.json()) as { requests: Sent[] }).requests;
}

describe("the large-trace judge", () => {
  it("reads a 5,000-span trace with list/get/search tools instead of scoring a cut prompt", async () => {
    const { p, apiKey } = await judgeProject();
    const traceId = newTraceId();
    const root = newSpanId();
    const needle = newSpanId();
    const start = Date.now() - 3_600_000;
    const all: SpanInput[] = [
      {
        traceId,
        spanId: root,
        name: "agent",
        startMs: start,
        durationMs: 60_000,
        attributes: { "mlflow.spanType": "AGENT" },
      },
    ];
    for (let i = 1; i < 5000; i++) {
      const isNeedle = i === 4321;
      all.push({
        traceId,
        spanId: isNeedle ? needle : newSpanId(),
        parentSpanId: root,
        name: isNeedle ? "refund_lookup" : `step_${i}`,
        startMs: start + i * 10,
        durationMs: 5,
        attributes: {
          "mlflow.spanType": isNeedle ? "TOOL" : "CHAIN",
          "mlflow.spanInputs": JSON.stringify(
            isNeedle ? { order: "order 77", note: "refund approved" } : { i },
          ),
        },
      });
    }
    for (let i = 0; i < all.length; i += 1000)
      expect((await sendOtlpJson(p.ingestKey, all.slice(i, i + 1000))).status).toBe(200);

    await script(apiKey, [
      { times: 1, reply: { toolCalls: [{ name: "search_trace", arguments: { text: "refund" } }] } },
      { times: 1, reply: { toolCalls: [{ name: "get_span", arguments: { span_id: needle } }] } },
      { reply: { content: '{"rationale":"The agent looked the refund up (order 77).","value":"yes"}' } },
    ]);
    const res = await asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/score`, {
      method: "POST",
      json: {
        target: { traceId },
        scorer: {
          name: "looked_up_refund",
          definition: {
            type: "judge",
            instructions: "Did the agent look up the refund?\n{{ trace }}",
            model: "openai:/gpt-4o-mini",
          },
        },
      },
    });
    expect(res.status).toBe(200);
    const result = (await res.json()) as ScoreResult;
    expect(result).toMatchObject({
      value: "yes",
      rationale: "The agent looked the refund up (order 77).",
      error: null,
    });

    const sent = await sentWith(apiKey);
    expect(sent).toHaveLength(3);
    const first = sent[0]?.body;
    expect(first?.tools?.map((t) => t.function.name)).toEqual(["list_spans", "get_span", "search_trace"]);
    const prompt = first?.messages?.find((m) => m.role === "user")?.content ?? "";
    expect(prompt).toContain("This trace has 5000 spans");
    expect(prompt.length).toBeLessThan(10_000);
    // The tools answered from the stored trace: the search found the span, get_span read it whole.
    const toolAnswers = (i: number) =>
      (sent[i]?.body.messages ?? []).filter((m) => m.role === "tool").map((m) => m.content ?? "");
    expect(toolAnswers(1).join("\n")).toContain(`${needle} refund_lookup [TOOL]`);
    expect(toolAnswers(2).join("\n")).toContain("order 77");
    // Three calls' tokens, summed.
    expect(result.usage?.inputTokens).toBeGreaterThan(0);
  });
});
