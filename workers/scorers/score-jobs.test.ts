import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { AssessmentView } from "../assessments/schemas";
import worker from "../index";
import { JUDGE_JOBS_QUEUE, queueConsumers } from "../jobs/consumer";
import { DeferJob, defineOrgJob } from "../jobs/define";
import { asKey, asUser, createKey } from "../test/accounts";
import { env, eventually, expectError } from "../test/helpers";
import { judgeProject, type Project, script } from "../test/judges";
import { testServices } from "../test/services";
import { getJson } from "../test/trace-api";
import { buildTrace, hoursAgo, ingestTraces } from "../test/trace-fixtures";
import type { ScoreJobView } from "./job-schemas";
import type { ScorerView } from "./schemas";

const jobsPath = (p: Project, rest = "") => `/api/v1/projects/${p.owner.projectId}/score/jobs${rest}`;

async function politeJudge(p: Project): Promise<ScorerView> {
  const res = await asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/scorers`, {
    method: "POST",
    json: {
      name: "polite",
      definition: {
        type: "judge",
        instructions: "Is this reply polite? {{ outputs }}",
        model: "openai:/gpt-4o-mini",
      },
    },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as ScorerView;
}

async function start(p: Project, body: object, as = p.owner.cookie) {
  return asUser(as, jobsPath(p), { method: "POST", json: body });
}

const finished = (p: Project, id: string, timeoutMs = 20_000) =>
  eventually(
    async () => {
      const job = await getJson<ScoreJobView>(p.owner.cookie, jobsPath(p, `/${id}`));
      return job.status === "running" ? undefined : job;
    },
    { what: "the scoring job to finish", timeoutMs },
  );

async function feedbackOn(p: Project, traceId: string, name: string): Promise<AssessmentView[]> {
  const { assessments } = await getJson<{ assessments: AssessmentView[] }>(
    p.owner.cookie,
    `/api/v1/projects/${p.owner.projectId}/traces/${traceId}/assessments`,
  );
  return assessments.filter((a) => a.name === name);
}

describe("scoring jobs: many traces through the judges' queue", () => {
  it("scores every trace once, counts a missing trace as an error, and feeds the score rollups", async () => {
    const { p, apiKey } = await judgeProject();
    await script(apiKey, [{ reply: { content: '{"rationale":"Courteous.","value":"yes"}' } }]);
    const traces = [0, 1, 2].map((i) => buildTrace({ startMs: hoursAgo(2, i * 1000) }));
    await ingestTraces(p.ingestKey, traces);
    const scorer = await politeJudge(p);
    const missing = `${"0".repeat(31)}1`;
    const res = await start(p, {
      scorer: { scorerId: scorer.id },
      traceIds: [...traces.map((t) => t.traceId), missing],
    });
    expect(res.status).toBe(202);
    const started = (await res.json()) as ScoreJobView;
    expect(started).toMatchObject({
      status: "running",
      total: 4,
      done: 0,
      name: "polite",
      scorerVersionId: scorer.latest.id,
    });

    const job = await finished(p, started.id);
    expect(job).toMatchObject({ status: "completed", total: 4, done: 4, errors: 1 });
    expect(job.finishedAt).not.toBeNull();
    for (const t of traces) {
      const [feedback, ...more] = await feedbackOn(p, t.traceId, "polite");
      expect(more).toEqual([]);
      expect(feedback).toMatchObject({
        value: "yes",
        rationale: "Courteous.",
        source: { type: "LLM_JUDGE", id: "openai:/gpt-4o-mini" },
        scorerVersionId: scorer.latest.id,
      });
    }
    const metrics = await getJson<{ totals: { name: string; count: number; passRate: number | null }[] }>(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/score-metrics`,
    );
    expect(metrics.totals).toEqual([expect.objectContaining({ name: "polite", count: 3, passRate: 1 })]);
    const { jobs } = await getJson<{ jobs: ScoreJobView[] }>(p.owner.cookie, jobsPath(p));
    expect(jobs.map((j) => j.id)).toEqual([started.id]);
  });

  it("a redelivered message changes nothing: one feedback, the counters unmoved", async () => {
    const { p, apiKey } = await judgeProject();
    await script(apiKey, [{ reply: { content: '{"rationale":"ok","value":"yes"}' } }]);
    const t = buildTrace({ startMs: hoursAgo(1) });
    await ingestTraces(p.ingestKey, [t]);
    const scorer = await politeJudge(p);
    const started = (await (
      await start(p, { scorer: { versionId: scorer.latest.id }, traceIds: [t.traceId] })
    ).json()) as ScoreJobView;
    const job = await finished(p, started.id);
    expect(job).toMatchObject({ done: 1, errors: 0 });

    const body = {
      type: "scorers.score_trace",
      jobId: testServices().ids("job"),
      orgId: p.owner.orgId,
      projectId: p.owner.projectId,
      scoreJobId: job.id,
      traceId: t.traceId,
    };
    const batch = createMessageBatch(JUDGE_JOBS_QUEUE, [
      { id: "again", timestamp: new Date(), attempts: 2, body },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["again"]);
    expect(await feedbackOn(p, t.traceId, "polite")).toHaveLength(1);
    expect(await getJson<ScoreJobView>(p.owner.cookie, jobsPath(p, `/${job.id}`))).toMatchObject({
      done: 1,
      errors: 0,
    });
  });

  it("cancelling stops the traces not yet scored; what was written stays", async () => {
    const { p, apiKey } = await judgeProject({ concurrency: 1 });
    await script(apiKey, [{ reply: { content: '{"rationale":"ok","value":"yes"}', delayMs: 300 } }]);
    const traces = Array.from({ length: 12 }, (_, i) => buildTrace({ startMs: hoursAgo(1, i * 1000) }));
    await ingestTraces(p.ingestKey, traces);
    const scorer = await politeJudge(p);
    const started = (await (
      await start(p, { scorer: { scorerId: scorer.id }, traceIds: traces.map((t) => t.traceId) })
    ).json()) as ScoreJobView;
    const cancel = await asUser(p.owner.cookie, jobsPath(p, `/${started.id}/cancel`), { method: "POST" });
    expect(cancel.status).toBe(200);
    expect(await cancel.json()).toMatchObject({ status: "cancelled" });
    // Let the messages already taken finish, then nothing more moves.
    await new Promise((r) => setTimeout(r, 2_500));
    const after = await getJson<ScoreJobView>(p.owner.cookie, jobsPath(p, `/${started.id}`));
    expect(after.status).toBe("cancelled");
    expect(after.done).toBeLessThan(12);
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await getJson<ScoreJobView>(p.owner.cookie, jobsPath(p, `/${started.id}`))).done).toBe(
      after.done,
    );
  });

  it("checks its input and who may start one", async () => {
    const { p } = await judgeProject();
    const scorer = await politeJudge(p);
    const t = buildTrace({ startMs: hoursAgo(1) });
    await expectError(
      await start(p, { scorer: { scorerId: scorer.id }, traceIds: [] }),
      422,
      "INVALID_INPUT",
    );
    await expectError(
      await start(p, { scorer: { scorerId: scorer.id }, traceIds: [t.traceId, t.traceId] }),
      422,
      "INVALID_INPUT",
    );
    await expectError(
      await start(p, {
        scorer: { name: "inline", definition: { type: "rule", rule: { kind: "not_empty" } } },
        traceIds: [t.traceId],
      }),
      422,
      "INVALID_INPUT",
    );
    await expectError(
      await start(p, { scorer: { scorerId: "scr_nope" }, traceIds: [t.traceId] }),
      404,
      "NOT_FOUND",
    );
    const { key } = await createKey(p.owner, ["read"]);
    await expectError(
      await asKey(key, jobsPath(p), {
        method: "POST",
        json: { scorer: { scorerId: scorer.id }, traceIds: [t.traceId] },
      }),
      403,
      "FORBIDDEN",
    );
    const { jobs } = await getJson<{ jobs: ScoreJobView[] }>(p.owner.cookie, jobsPath(p));
    expect(jobs).toEqual([]);
  });
});

describe("a job that must wait for capacity", () => {
  it("is sent again after its delay and acked, without using a retry or recording a failure", async () => {
    let runs = 0;
    const waits = defineOrgJob({
      type: "test.waits_for_capacity",
      queue: "judges",
      payload: z.object({}),
      async handle() {
        runs += 1;
        throw new DeferJob(3, "every permit is taken");
      },
    });
    const services = testServices();
    const resent: { queue: string; body: unknown; delaySeconds: number }[] = [];
    services.jobs.resend = async (queue, body, options) => {
      resent.push({ queue, body, delaySeconds: options.delaySeconds });
    };
    const body = { type: waits.type, jobId: services.ids("job"), orgId: "org_waiting" };
    const batch = createMessageBatch(JUDGE_JOBS_QUEUE, [
      { id: "w", timestamp: new Date(), attempts: 1, body },
    ]);
    const consume = queueConsumers([waits])[JUDGE_JOBS_QUEUE];
    if (!consume) throw new Error("no consumer for the judges' queue");
    const acked: string[] = [];
    const retried: string[] = [];
    for (const m of batch.messages) {
      m.ack = () => acked.push(m.id);
      m.retry = () => retried.push(m.id);
    }
    await consume(services, batch);
    expect(runs).toBe(1);
    expect({ acked, retried }).toEqual({ acked: ["w"], retried: [] });
    expect(resent).toEqual([{ queue: "judges", body, delaySeconds: 3 }]);
  });
});
