/**
 * Evaluation runs' traces stay out of the production rollups (eval-traces.ts): the trace metrics
 * and the score metrics read as if they had never been sent, whatever order their spans and
 * feedback arrive in, while the run's traces stay readable and findable.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { asUser } from "../test/accounts";
import { agentTrace, attr, permutations, sendSpans } from "../test/agent-trace";
import { testOrgDb } from "../test/services";
import { allPages, getJson, getTrace } from "../test/trace-api";
import { type TraceProject, traceProject } from "../test/trace-fixtures";
import type { MetricFigures } from "../traces/api-types";

const RUN = attr("sightline.run_id", "run_0123456789abcdef");

async function totals(p: TraceProject): Promise<MetricFigures> {
  const from = new Date(Date.now() - 3 * 3_600_000).toISOString();
  const m = await getJson<{ totals: MetricFigures }>(
    p.owner.cookie,
    `/api/v1/projects/${p.owner.projectId}/metrics?from=${from}`,
  );
  return m.totals;
}

/** The project's rollup rows, summed: what any window of the dashboards could show. */
async function rollupSums(p: TraceProject) {
  const [row] = await testOrgDb(p.owner.orgId).all<Record<string, number>>(
    sql`select coalesce(sum(traces), 0) as traces, coalesce(sum(error_traces), 0) as errorTraces, coalesce(sum(calls), 0) as calls,
      coalesce(sum(input_tokens), 0) as input, coalesce(sum(output_tokens), 0) as output, coalesce(sum(latency_sum_ms), 0) as latency,
      coalesce(sum(b00 + b01 + b02 + b03 + b04 + b05 + b06 + b07 + b08 + b09 + b10 + b11 + b12 + b13 + b14 + b15 + b16 + b17 + b18 + b19 + b20 + b21 + b22 + b23), 0) as buckets
      from rollups where project_id = ${p.owner.projectId}`,
  );
  return row;
}

async function scoreTotals(p: TraceProject) {
  type Totals = { totals: { name: string; count: number; mean: number | null }[] };
  return (await getJson<Totals>(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/score-metrics`))
    .totals;
}

const feedback = (p: TraceProject, traceId: string, value: number) =>
  asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/traces/${traceId}/assessments`, {
    method: "POST",
    json: { name: "quality", value },
  });

describe("evaluation traces in the rollups", () => {
  it("count nothing in any order of their spans, one request each, beside production traces that count", async () => {
    const p = await traceProject();
    const production = agentTrace();
    await sendSpans(p.ingestKey, production.spans);
    const before = await totals(p);
    expect(before).toMatchObject({ traces: 1, calls: 2, inputTokens: 304, outputTokens: 36 });
    const sumsBefore = await rollupSums(p);

    const runs = [];
    for (const order of permutations([0, 1, 2, 3])) {
      const t = agentTrace([RUN]);
      for (const i of order) await sendSpans(p.ingestKey, [t.spans[i]]);
      runs.push(t);
    }
    // In two requests, every split; and all at once.
    for (const first of [[0], [1, 2], [0, 3], [1, 2, 3]]) {
      const t = agentTrace([RUN]);
      const rest = [0, 1, 2, 3].filter((i) => !first.includes(i));
      for (const part of [first, rest])
        await sendSpans(
          p.ingestKey,
          part.map((i) => t.spans[i]),
        );
      runs.push(t);
    }
    const whole = agentTrace([RUN]);
    await sendSpans(p.ingestKey, whole.spans);
    // Sent again, changes nothing either.
    await sendSpans(p.ingestKey, whole.spans);

    expect(await totals(p)).toEqual(before);
    expect(await rollupSums(p)).toEqual(sumsBefore);
    // The run's traces are stored as ever, with their usage, and carry their run.
    const trace = await getTrace(p.owner.cookie, p.owner.projectId, runs[5]?.traceId ?? "");
    expect({ input: trace.inputTokens, output: trace.outputTokens }).toEqual({ input: 304, output: 36 });
    const [marked] = await testOrgDb(p.owner.orgId).all<{ n: number }>(
      sql`select count(*) as n from traces where project_id = ${p.owner.projectId} and run_id = 'run_0123456789abcdef'`,
    );
    expect(marked?.n).toBe(runs.length + 1);
    // The trace list finds a run's traces, and tells which run made each.
    const { traces: listed } = await allPages(p.owner.cookie, p.owner.projectId, {
      runId: "run_0123456789abcdef",
    });
    expect(listed.map((t) => t.traceId).sort()).toEqual([...runs, whole].map((t) => t.traceId).sort());
    expect(new Set(listed.map((t) => t.runId))).toEqual(new Set(["run_0123456789abcdef"]));
    const { traces: all } = await allPages(p.owner.cookie, p.owner.projectId, {});
    expect(all.find((t) => t.traceId === production.traceId)?.runId).toBeNull();
  });

  it("keeps feedback on evaluation traces out of the score metrics, before or after their spans, and through deletes", async () => {
    const p = await traceProject();
    const production = agentTrace();
    await sendSpans(p.ingestKey, production.spans);
    expect((await feedback(p, production.traceId, 4)).status).toBe(201);

    // Feedback first (the SDK's code scorers log it as soon as predict returns), the spans after:
    // the marker takes it back out. Then feedback on a trace already known to be a run's.
    const early = agentTrace([RUN]);
    await sendSpans(p.ingestKey, early.spans.slice(1));
    const earlyRes = await feedback(p, early.traceId, 1);
    expect(earlyRes.status).toBe(201);
    const earlyId = ((await earlyRes.json()) as { id: string }).id;
    await sendSpans(p.ingestKey, early.spans.slice(0, 1));
    const late = agentTrace([RUN]);
    await sendSpans(p.ingestKey, late.spans);
    expect((await feedback(p, late.traceId, 1)).status).toBe(201);

    expect(await scoreTotals(p)).toMatchObject([{ name: "quality", count: 1, mean: 4 }]);
    // Deleting feedback that never counted takes nothing out.
    const del = await asUser(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/traces/${early.traceId}/assessments/${earlyId}`,
      { method: "DELETE" },
    );
    expect(del.status).toBe(204);
    expect(await scoreTotals(p)).toMatchObject([{ name: "quality", count: 1, mean: 4 }]);
  });
});
