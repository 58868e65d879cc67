/**
 * An agent trace whose agent span repeats its model calls' usage, for the usage and evaluation
 * traces tests: agent (304 / 36 tokens) → chat (101 / 17), and agent → step → chat (203 / 19).
 */
import { expect } from "vitest";
import { BASE, call } from "./helpers";
import { newSpanId, newTraceId } from "./otlp";

export const attr = (key: string, value: string | number) => ({
  key,
  value: typeof value === "number" ? { intValue: String(value) } : { stringValue: value },
});
const model = (input: number, output: number) => [
  attr("gen_ai.request.model", "gpt-4o-mini"),
  attr("gen_ai.usage.input_tokens", input),
  attr("gen_ai.usage.output_tokens", output),
];

/** The trace's four spans; `rootAttributes` go on the agent span (the root). */
export function agentTrace(rootAttributes: unknown[] = []) {
  const traceId = newTraceId();
  const ids = { agent: newSpanId(), chat1: newSpanId(), step: newSpanId(), chat2: newSpanId() };
  const startNs = BigInt(Date.now() - 60_000) * 1_000_000n;
  const span = (
    name: string,
    spanId: string,
    parentSpanId: string | undefined,
    offsetMs: number,
    attributes: unknown[],
  ) => ({
    traceId,
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name,
    kind: 1,
    startTimeUnixNano: (startNs + BigInt(offsetMs) * 1_000_000n).toString(),
    endTimeUnixNano: (startNs + BigInt(offsetMs + 40) * 1_000_000n).toString(),
    attributes,
  });
  return {
    traceId,
    ids,
    spans: [
      span("invoke_agent", ids.agent, undefined, 0, [
        attr("gen_ai.operation.name", "invoke_agent"),
        ...model(304, 36),
        ...rootAttributes,
      ]),
      span("chat 1", ids.chat1, ids.agent, 1, [attr("gen_ai.operation.name", "chat"), ...model(101, 17)]),
      span("step 2", ids.step, ids.agent, 2, [attr("gen_ai.operation.name", "agent_step")]),
      span("chat 2", ids.chat2, ids.step, 3, [attr("gen_ai.operation.name", "chat"), ...model(203, 19)]),
    ],
  };
}

export function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** Sends spans in one OTLP/JSON request with the ingest key; expects them accepted. */
export async function sendSpans(ingestKey: string, spans: unknown[]): Promise<void> {
  const res = await call("/v1/traces", {
    method: "POST",
    headers: { authorization: `Bearer ${ingestKey}`, "content-type": "application/json", origin: BASE },
    body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }),
  });
  expect(res.status).toBe(200);
}
