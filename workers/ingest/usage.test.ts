/**
 * Usage counts where it was spent (usage.ts): an agent span repeating its model calls' usage adds
 * nothing, whatever order the spans arrive in, across requests.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { BASE, call } from "../test/helpers";
import { newSpanId, newTraceId } from "../test/otlp";
import { testOrgDb } from "../test/services";
import { getTrace } from "../test/trace-api";
import { traceProject } from "../test/trace-fixtures";

const attr = (key: string, value: string | number) => ({
  key,
  value: typeof value === "number" ? { intValue: String(value) } : { stringValue: value },
});
const model = (input: number, output: number) => [
  attr("gen_ai.request.model", "gpt-4o-mini"),
  attr("gen_ai.usage.input_tokens", input),
  attr("gen_ai.usage.output_tokens", output),
];

/** agent (repeats 304 / 36) → chat (101 / 17), and agent → step → chat (203 / 19). */
function agentTrace() {
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
      ]),
      span("chat 1", ids.chat1, ids.agent, 1, [attr("gen_ai.operation.name", "chat"), ...model(101, 17)]),
      span("step 2", ids.step, ids.agent, 2, [attr("gen_ai.operation.name", "agent_step")]),
      span("chat 2", ids.chat2, ids.step, 3, [attr("gen_ai.operation.name", "chat"), ...model(203, 19)]),
    ],
  };
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe("usage where it was spent", () => {
  it("gives the same trace totals and rollups whatever order the spans arrive in, one request each", async () => {
    const p = await traceProject();
    const orders = permutations([0, 1, 2, 3]);
    const traces = [];
    for (const order of orders) {
      const t = agentTrace();
      for (const i of order) {
        const body = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [t.spans[i]] }] }] });
        const res = await call("/v1/traces", {
          method: "POST",
          headers: {
            authorization: `Bearer ${p.ingestKey}`,
            "content-type": "application/json",
            origin: BASE,
          },
          body,
        });
        expect(res.status).toBe(200);
      }
      traces.push(t);
    }
    for (const t of traces) {
      const trace = await getTrace(p.owner.cookie, p.owner.projectId, t.traceId);
      expect({ input: trace.inputTokens, output: trace.outputTokens, total: trace.totalTokens }).toEqual({
        input: 304,
        output: 36,
        total: 340,
      });
    }
    const counted = await testOrgDb(p.owner.orgId).all<{ name: string; counted: number | null; n: number }>(
      sql`select name, counted, count(*) as n from spans where project_id = ${p.owner.projectId} group by name, counted order by name`,
    );
    expect(counted).toEqual([
      { name: "chat 1", counted: 1, n: 24 },
      { name: "chat 2", counted: 1, n: 24 },
      { name: "invoke_agent", counted: 0, n: 24 },
      { name: "step 2", counted: null, n: 24 },
    ]);
    const [rollup] = await testOrgDb(p.owner.orgId).all<{
      calls: number;
      input: number;
      output: number;
      cost: number;
    }>(
      sql`select sum(calls) as calls, sum(input_tokens) as input, sum(output_tokens) as output, sum(cost_usd) as cost
        from rollups where project_id = ${p.owner.projectId} and model = 'gpt-4o-mini'`,
    );
    // Two model calls per trace; the agent span's repeat of them is taken back out wherever it was added.
    expect(rollup).toMatchObject({ calls: 48, input: 24 * 304, output: 24 * 36 });
    expect(rollup?.cost).toBeCloseTo((24 * (304 * 0.15 + 36 * 0.6)) / 1e6, 9);
  });

  it("gives the same totals when a trace comes in two requests of two spans, in every split", async () => {
    const p = await traceProject();
    const splits = [
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ];
    for (const first of splits) {
      const t = agentTrace();
      const second = [0, 1, 2, 3].filter((i) => !first.includes(i));
      for (const part of [first, second]) {
        const body = JSON.stringify({
          resourceSpans: [{ scopeSpans: [{ spans: part.map((i) => t.spans[i]) }] }],
        });
        const res = await call("/v1/traces", {
          method: "POST",
          headers: {
            authorization: `Bearer ${p.ingestKey}`,
            "content-type": "application/json",
            origin: BASE,
          },
          body,
        });
        expect(res.status).toBe(200);
      }
      const trace = await getTrace(p.owner.cookie, p.owner.projectId, t.traceId);
      expect([first, trace.inputTokens, trace.outputTokens]).toEqual([first, 304, 36]);
    }
  });
});
