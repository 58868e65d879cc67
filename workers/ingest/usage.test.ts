/**
 * Usage counts where it was spent (usage.ts): an agent span repeating its model calls' usage adds
 * nothing, whatever order the spans arrive in, across requests.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agentTrace, permutations, sendSpans } from "../test/agent-trace";
import { testOrgDb } from "../test/services";
import { getTrace } from "../test/trace-api";
import { traceProject } from "../test/trace-fixtures";

describe("usage where it was spent", () => {
  it("gives the same trace totals and rollups whatever order the spans arrive in, one request each", async () => {
    const p = await traceProject();
    const orders = permutations([0, 1, 2, 3]);
    const traces = [];
    for (const order of orders) {
      const t = agentTrace();
      for (const i of order) await sendSpans(p.ingestKey, [t.spans[i]]);
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
      for (const part of [first, second])
        await sendSpans(
          p.ingestKey,
          part.map((i) => t.spans[i]),
        );
      const trace = await getTrace(p.owner.cookie, p.owner.projectId, t.traceId);
      expect([first, trace.inputTokens, trace.outputTokens]).toEqual([first, 304, 36]);
    }
  });
});
