import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../index";
import { JUDGE_JOBS_QUEUE } from "../jobs/consumer";
import { asUser } from "../test/accounts";
import { merge, newDataset } from "../test/datasets";
import { env, eventually, expectError } from "../test/helpers";
import { judgeProject, type Project, script } from "../test/judges";
import { testServices } from "../test/services";
import { getJson } from "../test/trace-api";
import { buildTrace, hoursAgo, ingestTraces } from "../test/trace-fixtures";
import { rowMessages } from "./jobs";
import { scorerMetrics, tInterval } from "./metrics";
import type { ResultView, RunView } from "./schemas";
import { wilson } from "./stats";

const runsPath = (p: Project, rest = "") => `/api/v1/projects/${p.owner.projectId}/evaluations${rest}`;

async function scorer(p: Project, name: string, definition: object): Promise<string> {
  const res = await asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/scorers`, {
    method: "POST",
    json: { name, definition },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}
const polite = {
  type: "judge",
  instructions: "Is this reply polite? {{ outputs }}",
  model: "openai:/gpt-4o-mini",
};
const mentionsRefund = { type: "rule", rule: { kind: "contains", keywords: ["refund"] } };

async function start(p: Project, body: object) {
  return asUser(p.owner.cookie, runsPath(p), { method: "POST", json: body });
}
const finished = (p: Project, id: string) =>
  eventually(
    async () => {
      const run = await getJson<RunView>(p.owner.cookie, runsPath(p, `/${id}`));
      return run.status === "running" ? undefined : run;
    },
    { what: "the run to finish", timeoutMs: 30_000 },
  );

describe("evaluation runs", () => {
  it("score a dataset version's recorded outputs with pinned scorers, repeats, metrics and per-record results", async () => {
    const { p, apiKey } = await judgeProject();
    // The judge says yes to replies that say "please", no to the others.
    await script(apiKey, [
      { bodyIncludes: "please", reply: { content: '{"rationale":"Courteous.","value":"yes"}' } },
      { reply: { content: '{"rationale":"Curt.","value":"no"}' } },
    ]);
    const judgeId = await scorer(p, "polite", polite);
    const ruleId = await scorer(p, "mentions_refund", mentionsRefund);
    const d = await newDataset(p);
    await merge(p, d.id, [
      { inputs: { q: "1" }, outputs: "Your refund is on its way, please wait." },
      { inputs: { q: "2" }, outputs: "No." },
      { inputs: { q: "3" }, outputs: "Hold on for the refund, please." },
      { inputs: { q: "4" } },
    ]);
    await merge(p, d.id, [{ inputs: { q: "5" }, outputs: "later" }]);
    const res = await start(p, {
      name: "baseline",
      data: { dataset: { id: d.id, version: 1 } },
      scorers: [{ scorerId: judgeId }, { scorerId: ruleId }],
      repeats: 2,
      params: { model: "gpt-4o-mini" },
    });
    expect(res.status).toBe(202);
    const started = (await res.json()) as RunView;
    // Version 1: four records, one without outputs (not scored): 3 rows × 2 scorers × 2 repeats.
    expect(started).toMatchObject({
      source: "dataset",
      dataset: { id: d.id, version: 1 },
      rows: 4,
      progress: { total: 12 },
    });
    const run = await finished(p, started.id);
    expect(run).toMatchObject({ status: "completed", progress: { total: 12, done: 12, errors: 0 } });
    expect(run.metrics["polite/mean"]).toBeCloseTo(2 / 3);
    expect(run.metrics["mentions_refund/pass_rate"]).toBeCloseTo(2 / 3);
    const politeMetrics = run.scorerMetrics.find((m) => m.name === "polite");
    expect(politeMetrics).toMatchObject({ count: 6, errors: 0, withinRecordVariance: 0 });
    expect(politeMetrics?.meanInterval?.low).toBeGreaterThan(0.2);
    expect(politeMetrics?.meanInterval?.high).toBeLessThan(1);
    expect(run.judge.inputTokens).toBeGreaterThan(0);

    const { results } = await getJson<{ results: ResultView[] }>(
      p.owner.cookie,
      runsPath(p, `/${run.id}/results`),
    );
    expect(results.map((r) => [r.inputs, r.error === null, r.scores.length])).toEqual([
      [{ q: "1" }, true, 4],
      [{ q: "2" }, true, 4],
      [{ q: "3" }, true, 4],
      [{ q: "4" }, false, 0],
    ]);
    const second = results[1]?.scores.find((s) => s.scorer === "polite");
    expect(second).toMatchObject({ value: "no", passed: false, rationale: "Curt." });
    // Run scores stay out of the production score rollups.
    const prod = await getJson<{ totals: unknown[] }>(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/score-metrics`,
    );
    expect(prod.totals).toEqual([]);
    const list = await getJson<{ runs: RunView[] }>(p.owner.cookie, runsPath(p));
    expect(list.runs.map((r) => r.name)).toEqual(["baseline"]);
    const filtered = async (query: string) =>
      (await getJson<{ runs: RunView[] }>(p.owner.cookie, runsPath(p, query))).runs.map((r) => r.name);
    expect(await filtered(`?name=baseline&datasetId=${d.id}&status=completed`)).toEqual(["baseline"]);
    expect(await filtered("?name=other")).toEqual([]);
    expect(await filtered("?status=running")).toEqual([]);
  });

  it("take the SDK's records in parts while the app answers; a failed prediction is not scored", async () => {
    const { p } = await judgeProject();
    const ruleId = await scorer(p, "mentions_refund", mentionsRefund);
    const res = await start(p, {
      data: { records: [{ inputs: { q: "a" }, outputs: "refund sent", latencyMs: 120 }], open: true },
      scorers: [{ scorerId: ruleId }],
    });
    const run = (await res.json()) as RunView;
    expect(run).toMatchObject({ open: true, status: "running" });
    const more = await asUser(p.owner.cookie, runsPath(p, `/${run.id}/rows`), {
      method: "POST",
      json: {
        records: [
          { inputs: { q: "b" }, outputs: "nothing", latencyMs: 80 },
          { inputs: { q: "c" }, error: "predictFn threw: rate limited" },
        ],
        last: true,
      },
    });
    expect(more.status).toBe(200);
    const done = await finished(p, run.id);
    expect(done).toMatchObject({
      status: "completed",
      rows: 3,
      open: false,
      progress: { total: 2, done: 2 },
    });
    expect(done.metrics["mentions_refund/pass_rate"]).toBe(0.5);
    expect(done.latency).toEqual({ mean: 100, p50: 100, p95: 118 });
    await expectError(
      await asUser(p.owner.cookie, runsPath(p, `/${run.id}/rows`), { method: "POST", json: { records: [] } }),
      409,
      "CONFLICT",
    );
    await expectError(
      await start(p, {
        data: {
          records: [
            { inputs: { q: "x" }, outputs: "1" },
            { inputs: { q: "x" }, outputs: "2" },
          ],
        },
        scorers: [{ scorerId: ruleId }],
      }),
      422,
      "INVALID_INPUT",
    );
  });

  it("never counts a redelivered job twice, and a cancelled run's jobs do nothing until it resumes", async () => {
    const { p, apiKey } = await judgeProject({ concurrency: 1 });
    await script(apiKey, [{ reply: { content: '{"rationale":"ok","value":"yes"}', delayMs: 250 } }]);
    const judgeId = await scorer(p, "polite", polite);
    const records = Array.from({ length: 8 }, (_, i) => ({
      inputs: { q: String(i) },
      outputs: `answer ${i}`,
    }));
    const run = (await (
      await start(p, { data: { records }, scorers: [{ scorerId: judgeId }] })
    ).json()) as RunView;
    const cancelled = await asUser(p.owner.cookie, runsPath(p, `/${run.id}/cancel`), { method: "POST" });
    expect(await cancelled.json()).toMatchObject({ status: "cancelled" });
    await new Promise((r) => setTimeout(r, 2_000));
    const paused = await getJson<RunView>(p.owner.cookie, runsPath(p, `/${run.id}`));
    expect(paused.progress.done).toBeLessThan(8);
    const resumed = await asUser(p.owner.cookie, runsPath(p, `/${run.id}/resume`), { method: "POST" });
    expect(resumed.status).toBe(200);
    const done = await finished(p, run.id);
    expect(done).toMatchObject({ status: "completed", progress: { total: 8, done: 8 } });
    expect(done.scorerMetrics[0]?.count).toBe(8);

    // A message of a finished row delivered again: nothing changes.
    const { results } = await getJson<{ results: ResultView[] }>(
      p.owner.cookie,
      runsPath(p, `/${run.id}/results?limit=1`),
    );
    const body = {
      type: "evaluations.score_row",
      jobId: testServices().ids("job"),
      orgId: p.owner.orgId,
      projectId: p.owner.projectId,
      runId: run.id,
      rowKey: results[0]?.rowKey,
    };
    const batch = createMessageBatch(JUDGE_JOBS_QUEUE, [
      { id: "again", timestamp: new Date(), attempts: 2, body },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["again"]);
    const after = await getJson<RunView>(p.owner.cookie, runsPath(p, `/${run.id}`));
    expect(after.progress).toEqual(done.progress);
    expect(after.scorerMetrics[0]?.count).toBe(8);
  });

  it("compare: a rerun that breaks some records is worse, its regressions listed first; a rerun of the same is not", async () => {
    const { p } = await judgeProject();
    const ruleId = await scorer(p, "mentions_refund", mentionsRefund);
    const records = (broken: number) =>
      Array.from({ length: 30 }, (_, i) => ({
        inputs: { q: `case ${i}` },
        outputs: i < broken ? "Sorry, nothing to do." : `Your refund for case ${i} is on its way.`,
      }));
    const run = async (broken: number) => {
      const res = await start(p, { data: { records: records(broken) }, scorers: [{ scorerId: ruleId }] });
      return finished(p, ((await res.json()) as RunView).id);
    };
    const base = await run(0);
    const same = await run(0);
    const worse = await run(10);
    const res = await asUser(
      p.owner.cookie,
      runsPath(p, `/compare?runs=${base.id}&runs=${same.id}&runs=${worse.id}`),
    );
    expect(res.status).toBe(200);
    type Comparison = {
      baseline: string;
      comparisons: {
        candidate: string;
        pairs: number;
        metrics: { scorer: string; verdict: string; summary: string; test: string; difference: number }[];
        familywise: string;
        records: { rowKey: string; change: string }[];
        recordsTotal: number;
      }[];
    };
    const body = (await res.json()) as Comparison;
    expect(body.baseline).toBe(base.id);
    const [rerun, broken] = body.comparisons;
    expect(rerun?.metrics).toEqual([
      expect.objectContaining({
        scorer: "mentions_refund",
        verdict: "no detectable change",
        summary: "no detectable change (n = 30)",
      }),
    ]);
    expect(rerun?.records).toEqual([]);
    expect(broken).toMatchObject({ candidate: worse.id, pairs: 30, recordsTotal: 10 });
    expect(broken?.metrics[0]).toMatchObject({ verdict: "worse", test: "mcnemar" });
    expect(broken?.metrics[0]?.difference).toBeCloseTo(-1 / 3);
    expect(broken?.records.every((r) => r.change === "regressed")).toBe(true);
    await expectError(
      await asUser(p.owner.cookie, runsPath(p, `/compare?runs=${base.id}`)),
      422,
      "INVALID_INPUT",
    );
    await expectError(
      await asUser(p.owner.cookie, runsPath(p, `/compare?runs=${base.id}&runs=run_nope`)),
      404,
      "NOT_FOUND",
    );
  });

  it("score the project's traces under a trace-list filter, paired by trace id across runs", async () => {
    const { p } = await judgeProject();
    const ruleId = await scorer(p, "mentions_refund", mentionsRefund);
    const traces = [
      buildTrace({ startMs: hoursAgo(1, 1000), name: "support", answer: "Your refund is on its way." }),
      buildTrace({ startMs: hoursAgo(1, 2000), name: "support", answer: "We cannot help." }),
      buildTrace({ startMs: hoursAgo(1, 3000), name: "billing", answer: "A refund for billing." }),
    ];
    await ingestTraces(p.ingestKey, traces);
    const body = { data: { traces: { filter: { name: "support" } } }, scorers: [{ scorerId: ruleId }] };
    const first = await finished(p, ((await (await start(p, body)).json()) as RunView).id);
    expect(first).toMatchObject({
      source: "traces",
      status: "completed",
      rows: 2,
      progress: { total: 2, done: 2 },
    });
    expect(first.metrics["mentions_refund/pass_rate"]).toBe(0.5);
    const { results } = await getJson<{ results: ResultView[] }>(
      p.owner.cookie,
      runsPath(p, `/${first.id}/results`),
    );
    expect(new Set(results.map((r) => r.traceId))).toEqual(new Set(traces.slice(0, 2).map((t) => t.traceId)));
    const second = await finished(p, ((await (await start(p, body)).json()) as RunView).id);
    const compared = await getJson<{ comparisons: { pairs: number }[] }>(
      p.owner.cookie,
      runsPath(p, `/compare?runs=${first.id}&runs=${second.id}`),
    );
    expect(compared.comparisons[0]?.pairs).toBe(2);
  });

  it("refuse inline scorers, unknown datasets and empty versions", async () => {
    const { p } = await judgeProject();
    const ruleId = await scorer(p, "mentions_refund", mentionsRefund);
    await expectError(
      await start(p, { data: { records: [] }, scorers: [{ name: "x", definition: mentionsRefund }] }),
      422,
      "INVALID_INPUT",
    );
    await expectError(
      await start(p, { data: { dataset: { id: "ds_nope" } }, scorers: [{ scorerId: ruleId }] }),
      404,
      "NOT_FOUND",
    );
    const empty = await newDataset(p);
    await expectError(
      await start(p, { data: { dataset: { id: empty.id } }, scorers: [{ scorerId: ruleId }] }),
      422,
      "INVALID_INPUT",
    );
    await expectError(
      await start(p, { data: { records: [] }, scorers: [{ scorerId: ruleId }, { scorerId: ruleId }] }),
      422,
      "INVALID_INPUT",
    );
  });
});

describe("run statistics", () => {
  it("match published reference values", () => {
    // Wilson 95 % interval for 81 of 263 (Newcombe 1998, method 3: 0.2553–0.3662).
    const w = wilson(81, 263);
    expect(w?.low).toBeCloseTo(0.2553, 3);
    expect(w?.high).toBeCloseTo(0.3662, 3);
    // t interval: R's t.test(sleep$extra[sleep$group == 1]) gives -0.5297804 to 2.0297804.
    const t = tInterval([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]);
    expect(t?.low).toBeCloseTo(-0.5297804, 6);
    expect(t?.high).toBeCloseTo(2.0297804, 6);
  });

  it("exclude errors from the values and count them apart; variance within records with repeats", () => {
    const m = scorerMetrics("s", [
      { name: "s", rowKey: "a", score: 4, passed: null, errorCode: null },
      { name: "s", rowKey: "a", score: 2, passed: null, errorCode: null },
      { name: "s", rowKey: "b", score: 5, passed: null, errorCode: null },
      { name: "s", rowKey: "b", score: 5, passed: null, errorCode: null },
      { name: "s", rowKey: "c", score: null, passed: null, errorCode: "TIMEOUT" },
    ]);
    expect(m).toMatchObject({ count: 4, errors: 1, mean: 4, min: 2, max: 5, median: 4.5, passRate: null });
    // Record a: variance 2; record b: 0.
    expect(m.withinRecordVariance).toBe(1);
  });
});

describe("a run's queue jobs", () => {
  it("are one per record with all its scorers, or one per record and scorer (EVAL_JOB_GRAIN)", () => {
    const run = {
      id: "run_x",
      projectId: "prj_x",
      scorers: [
        { scorerId: "scr_a", versionId: "scv_a", name: "a" },
        { scorerId: "scr_b", versionId: "scv_b", name: "b" },
      ],
    } as Parameters<typeof rowMessages>[1];
    expect(rowMessages("row", run, "org_x", ["r1", "r2"])).toEqual([
      { orgId: "org_x", projectId: "prj_x", runId: "run_x", rowKey: "r1" },
      { orgId: "org_x", projectId: "prj_x", runId: "run_x", rowKey: "r2" },
    ]);
    expect(rowMessages("unit", run, "org_x", ["r1"]).map((m) => [m.rowKey, m.versionId])).toEqual([
      ["r1", "scv_a"],
      ["r1", "scv_b"],
    ]);
  });
});
