import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { AssessmentView } from "../assessments/schemas";
import type { KeyContext } from "../auth/context";
import worker from "../index";
import { ingestOtlpExport } from "../ingest/service";
import { JOBS_QUEUE, JUDGE_JOBS_QUEUE } from "../jobs/consumer";
import { addMember, asKey, asUser, createKey } from "../test/accounts";
import { env, eventually, expectError } from "../test/helpers";
import { judgeProject, type Project, script } from "../test/judges";
import { otlpJson, sendOtlpJson } from "../test/otlp";
import { testOrgDb, testProjectContext, testServices } from "../test/services";
import { getJson } from "../test/trace-api";
import { type BuiltTrace, buildTrace, hoursAgo, ingestTraces, traceProject } from "../test/trace-fixtures";
import { sampleKey } from "./sampling";
import type { MonitorView } from "./schemas";

const monitorsPath = (p: Project, rest = "") => `/api/v1/projects/${p.owner.projectId}/monitors${rest}`;

async function ruleScorer(p: Project, name = "answered"): Promise<string> {
  const res = await asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/scorers`, {
    method: "POST",
    json: { name, definition: { type: "rule", rule: { kind: "not_empty" } } },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function startMonitor(p: Project, body: object): Promise<MonitorView> {
  const res = await asUser(p.owner.cookie, monitorsPath(p), { method: "POST", json: body });
  if (res.status !== 201) throw new Error(`monitor: ${res.status} ${await res.text()}`);
  return (await res.json()) as MonitorView;
}

async function feedbackOn(p: Project, traceId: string): Promise<AssessmentView[]> {
  const { assessments } = await getJson<{ assessments: AssessmentView[] }>(
    p.owner.cookie,
    `/api/v1/projects/${p.owner.projectId}/traces/${traceId}/assessments?history=true`,
  );
  return assessments;
}

/** The monitor's current feedback on each trace, once all of `traces` have one. */
const scoredBy = (p: Project, monitorId: string, traces: BuiltTrace[], timeoutMs = 20_000) =>
  eventually(
    async () => {
      const all = await Promise.all(traces.map((t) => feedbackOn(p, t.traceId)));
      const mine = all.map((list) => list.filter((a) => a.monitorId === monitorId && a.valid));
      return mine.every((l) => l.length > 0) ? mine : undefined;
    },
    { what: "the monitor's feedback", timeoutMs },
  );

const pendingRows = (projectId: string) =>
  testOrgDb().all<{ kind: string; subjectId: string }>(
    sql`select kind, subject_id as subjectId from monitor_pending where project_id = ${projectId}`,
  );

const today = new Date();
const recently = (offsetMs = 0) => Date.now() - 60_000 + offsetMs;

describe("sampling", () => {
  it("is one hash per id, the same every time, and nested: a lower rate scores a subset of a higher one's", () => {
    expect(sampleKey("4bf92f3577b34da6a3ce929d0e0e4736")).toBe(sampleKey("4bf92f3577b34da6a3ce929d0e0e4736"));
    const ids = Array.from({ length: 4000 }, (_, i) => `trace-${i}`);
    const at = (rate: number) => new Set(ids.filter((id) => sampleKey(id) < rate));
    const [low, mid, high] = [at(0.1), at(0.5), at(0.9)];
    for (const id of low) expect(mid.has(id)).toBe(true);
    for (const id of mid) expect(high.has(id)).toBe(true);
    // Sequential ids spread evenly: each rate takes close to its share.
    expect(low.size / ids.length).toBeGreaterThan(0.08);
    expect(low.size / ids.length).toBeLessThan(0.12);
    expect(mid.size / ids.length).toBeGreaterThan(0.47);
    expect(mid.size / ids.length).toBeLessThan(0.53);
  });
});

describe("monitors: online scoring of live traces", () => {
  it("scores settled traces at each monitor's rate, nested, marked with the monitor, into the score rollups", async () => {
    const p = await traceProject();
    const scorerId = await ruleScorer(p);
    const all = await startMonitor(p, { name: "all", scorerId, samplingRate: 1, settleSeconds: 0 });
    const half = await startMonitor(p, { name: "half", scorerId, samplingRate: 0.5, settleSeconds: 0 });
    expect(all).toMatchObject({
      level: "trace",
      samplingRate: 1,
      status: "active",
      scorer: { name: "answered", version: 1 },
    });
    const traces = Array.from({ length: 16 }, (_, i) => buildTrace({ startMs: recently(i * 10) }));
    await ingestTraces(p.ingestKey, traces);
    const scored = await scoredBy(p, all.id, traces);
    expect(scored.flat().map((a) => a.value)).toEqual(traces.map(() => true));
    const expectedHalf = traces.filter((t) => sampleKey(t.traceId) < 0.5);
    expect(expectedHalf.length).toBeGreaterThan(0);
    await scoredBy(p, half.id, expectedHalf);
    // Give the other half's jobs, had they been queued, time to land: none does.
    await new Promise((r) => setTimeout(r, 1_000));
    for (const t of traces.filter((x) => !expectedHalf.includes(x))) {
      expect((await feedbackOn(p, t.traceId)).filter((a) => a.monitorId === half.id)).toEqual([]);
    }
    const first = (await feedbackOn(p, traces[0]?.traceId ?? ""))[0];
    expect(first).toMatchObject({ name: "answered", source: { type: "CODE", id: "answered" } });
    // Both monitors' scores count, told apart by monitor.
    const metrics = await getJson<{ totals: { name: string; count: number }[] }>(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/score-metrics`,
    );
    expect(metrics.totals).toEqual([
      expect.objectContaining({ name: "answered", count: 16 + expectedHalf.length }),
    ]);
    const listed = await getJson<{ monitors: MonitorView[] }>(p.owner.cookie, monitorsPath(p));
    const byName = new Map(listed.monitors.map((m) => [m.name, m]));
    expect(byName.get("all")?.today).toEqual({ scored: 16, errors: 0, costUsd: 0 });
    expect(byName.get("half")?.today.scored).toBe(expectedHalf.length);
    expect(byName.get("all")?.recent.reduce((n, h) => n + h.count, 0)).toBe(16);
    expect(await pendingRows(p.owner.projectId)).toEqual([]);
    // The 5-minute rollups (alert windows under an hour) hold the same counts per monitor.
    const fine = await testOrgDb().all<{ monitorId: string; n: number }>(
      sql`select monitor_id as monitorId, sum(count) as n from score_rollups_5m where project_id = ${p.owner.projectId} group by monitor_id`,
    );
    expect(Object.fromEntries(fine.map((r) => [r.monitorId, Number(r.n)]))).toEqual({
      [all.id]: 16,
      [half.id]: expectedHalf.length,
    });
  });

  it("waits for the root span and for the settle time after the last span", async () => {
    const p = await traceProject();
    const scorerId = await ruleScorer(p);
    const m = await startMonitor(p, { scorerId, samplingRate: 1, settleSeconds: 2 });
    const t = buildTrace({ startMs: recently() });
    const [root, ...children] = t.spans;
    if (!root) throw new Error("no root");
    expect((await sendOtlpJson(p.ingestKey, children)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await pendingRows(p.owner.projectId)).toEqual([{ kind: "trace", subjectId: t.traceId }]);
    const lastSpanAt = Date.now();
    expect((await sendOtlpJson(p.ingestKey, [root])).status).toBe(200);
    const [[feedback]] = await scoredBy(p, m.id, [t]);
    // Scored no sooner than the settle time after the root (the late span) arrived.
    expect(Date.parse(feedback?.createdAt ?? "")).toBeGreaterThanOrEqual(lastSpanAt + 2_000 - 50);
    expect(await pendingRows(p.owner.projectId)).toEqual([]);
  });

  it("scores a trace whose root never comes ten minutes after it was first seen", async () => {
    const p = await traceProject();
    const scorerId = await ruleScorer(p);
    const m = await startMonitor(p, { scorerId, samplingRate: 1, settleSeconds: 1 });
    const t = buildTrace({ startMs: recently() });
    expect((await sendOtlpJson(p.ingestKey, t.spans.slice(1))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await feedbackOn(p, t.traceId)).toEqual([]);
    // Ten minutes pass (as far as the pending row knows).
    await testOrgDb().run(
      sql`update monitor_pending set first_at = first_at - 600000 where project_id = ${p.owner.projectId}`,
    );
    await scoredBy(p, m.id, [t]);
  });

  it("rescores a session when a new turn arrives, replacing the old result", async () => {
    const p = await traceProject();
    const scorerId = await ruleScorer(p);
    const m = await startMonitor(p, { scorerId, level: "session", samplingRate: 1, settleSeconds: 1 });
    const sessionId = `chat-${crypto.randomUUID()}`;
    const turns = [0, 1].map((i) => buildTrace({ startMs: recently(i * 1000), sessionId }));
    await ingestTraces(p.ingestKey, turns);
    const sessionFeedback = async () => {
      const { assessments } = await getJson<{ assessments: AssessmentView[] }>(
        p.owner.cookie,
        `/api/v1/projects/${p.owner.projectId}/sessions/${sessionId}/assessments?history=true`,
      );
      return assessments.filter((a) => a.monitorId === m.id);
    };
    const [first] = await eventually(async () => {
      const list = await sessionFeedback();
      return list.length > 0 ? list : undefined;
    });
    const third = buildTrace({ startMs: recently(2000), sessionId });
    await ingestTraces(p.ingestKey, [third]);
    const after = await eventually(async () => {
      const list = await sessionFeedback();
      return list.length === 2 ? list : undefined;
    });
    const old = after.find((a) => a.id === first?.id);
    const current = after.find((a) => a.id !== first?.id);
    expect(old).toMatchObject({ valid: false, supersededBy: current?.id });
    expect(current).toMatchObject({ valid: true, value: true });
    // The rollups count the session once: the replaced result's share went out.
    const metrics = await getJson<{ totals: { name: string; count: number }[] }>(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/score-metrics`,
    );
    expect(metrics.totals).toEqual([expect.objectContaining({ name: "answered", count: 1 })]);
  });

  it("a redelivered scoring message stores nothing twice", async () => {
    const p = await traceProject();
    const scorerId = await ruleScorer(p);
    const m = await startMonitor(p, { scorerId, samplingRate: 1, settleSeconds: 0 });
    const t = buildTrace({ startMs: recently() });
    await ingestTraces(p.ingestKey, [t]);
    await scoredBy(p, m.id, [t]);
    const body = {
      type: "monitoring.score",
      jobId: testServices().ids("job"),
      orgId: p.owner.orgId,
      projectId: p.owner.projectId,
      monitorId: m.id,
      kind: "trace",
      subjectId: t.traceId,
      round: 1,
    };
    const batch = createMessageBatch(JUDGE_JOBS_QUEUE, [
      { id: "again", timestamp: today, attempts: 2, body },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["again"]);
    expect((await feedbackOn(p, t.traceId)).filter((a) => a.monitorId === m.id)).toHaveLength(1);
  });

  it("leaves evaluation runs' traces, filtered-out traces and paused monitors alone", async () => {
    const p = await traceProject();
    const scorerId = await ruleScorer(p);
    const m = await startMonitor(p, {
      scorerId,
      samplingRate: 1,
      settleSeconds: 0,
      filter: { name: "support_agent", tag: ["env=prod"] },
    });
    const prod = buildTrace({ startMs: recently(), tags: { env: "prod" } });
    const staging = buildTrace({ startMs: recently(), tags: { env: "staging" } });
    const evaluation = buildTrace({ startMs: recently(), tags: { env: "prod" } });
    const root = evaluation.spans[0];
    if (root) root.attributes = { ...root.attributes, "sightline.run_id": "run_offline" };
    await ingestTraces(p.ingestKey, [prod, staging, evaluation]);
    await scoredBy(p, m.id, [prod]);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await feedbackOn(p, staging.traceId)).toEqual([]);
    expect(await feedbackOn(p, evaluation.traceId)).toEqual([]);

    const paused = await asUser(p.owner.cookie, monitorsPath(p, `/${m.id}`), {
      method: "PATCH",
      json: { status: "paused" },
    });
    expect(paused.status).toBe(200);
    const later = buildTrace({ startMs: recently(), tags: { env: "prod" } });
    await ingestTraces(p.ingestKey, [later]);
    // No active monitor: ingest leaves nothing waiting.
    expect(await pendingRows(p.owner.projectId)).toEqual([]);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await feedbackOn(p, later.traceId)).toEqual([]);
  });
});

describe("lost settle jobs", () => {
  it("a queue that refuses the settle send does not fail ingest: the pending row waits for the sweep", async () => {
    const project = {
      id: `prj_${crypto.randomUUID().replaceAll("-", "").slice(0, 26)}`,
      orgId: "org_monitoring_send",
    };
    const now = Date.now();
    await testOrgDb().run(sql`insert into monitors (id, org_id, project_id, name, scorer_id, scorer_version_id, level,
      sampling_rate, filter, settle_seconds, status, created_by, created_by_label, created_at, updated_at)
      values (${testServices().ids("monitor")}, ${project.orgId}, ${project.id}, 'm', 'scr_x', 'scv_x', 'trace', 1, '{}', 0,
        'active', 'user:x', 'x', ${now}, ${now})`);
    const ctx = testProjectContext(project) as KeyContext;
    ctx.services.jobs.enqueueMany = async () => {
      throw new Error("the queue is full");
    };
    const t = buildTrace({ startMs: recently() });
    const result = await ingestOtlpExport({
      ctx,
      input: { bytes: new TextEncoder().encode(JSON.stringify(otlpJson(t.spans))), encoding: "json" },
    });
    expect(result).toMatchObject({ accepted: t.spans.length, rejected: 0 });
    expect(await pendingRows(project.id)).toEqual([{ kind: "trace", subjectId: t.traceId }]);
  });

  it("are queued again by the sweep, which reads only the pending rows", async () => {
    const p = await traceProject();
    const scorerId = await ruleScorer(p);
    const m = await startMonitor(p, { scorerId, samplingRate: 1, settleSeconds: 0, status: "paused" });
    const t = buildTrace({ startMs: recently() });
    await ingestTraces(p.ingestKey, [t]);
    await asUser(p.owner.cookie, monitorsPath(p, `/${m.id}`), {
      method: "PATCH",
      json: { status: "active" },
    });
    // A row whose job was never sent (the send failed after ingest committed).
    const lostAt = Date.now() - 10 * 60_000;
    await testOrgDb().run(sql`insert into monitor_pending (project_id, kind, subject_id, first_at, due_at)
      values (${p.owner.projectId}, 'trace', ${t.traceId}, ${lostAt}, ${lostAt})`);
    const body = { type: "monitoring.sweep_pending", jobId: testServices().ids("job"), orgId: p.owner.orgId };
    const batch = createMessageBatch(JOBS_QUEUE, [{ id: "sweep", timestamp: today, attempts: 1, body }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["sweep"]);
    await scoredBy(p, m.id, [t]);
    expect(await pendingRows(p.owner.projectId)).toEqual([]);
  });
});

describe("monitors: the API", () => {
  it("creates, lists, changes, pauses and deletes monitors, audited; checks input and who may", async () => {
    const p = await traceProject();
    const scorerId = await ruleScorer(p);
    const m = await startMonitor(p, { scorerId, samplingRate: 0.25 });
    expect(m).toMatchObject({ name: "answered", settleSeconds: 30, filter: {}, today: { scored: 0 } });
    const session = await startMonitor(p, { name: "chat", scorerId, level: "session", samplingRate: 1 });
    expect(session.settleSeconds).toBe(300);
    await expectError(
      await asUser(p.owner.cookie, monitorsPath(p), { method: "POST", json: { scorerId, samplingRate: 1 } }),
      409,
      "CONFLICT",
    );
    const bad = await expectError(
      await asUser(p.owner.cookie, monitorsPath(p), { method: "POST", json: { scorerId, samplingRate: 50 } }),
      422,
      "INVALID_INPUT",
    );
    expect(bad.message).toContain("samplingRate");
    const badFilter = await expectError(
      await asUser(p.owner.cookie, monitorsPath(p), {
        method: "POST",
        json: {
          name: "f",
          scorerId,
          samplingRate: 1,
          filter: { tag: ["no-equals"], from: "2026-01-01T00:00:00Z" },
        },
      }),
      422,
      "INVALID_INPUT",
    );
    expect(badFilter.message).toMatch(/filter\.(tag|from)/);
    await expectError(
      await asUser(p.owner.cookie, monitorsPath(p), {
        method: "POST",
        json: { name: "x", scorerId, samplingRate: 1, scorerVersion: 9 },
      }),
      422,
      "INVALID_INPUT",
    );
    await expectError(
      await asUser(p.owner.cookie, monitorsPath(p), {
        method: "POST",
        json: { name: "y", scorerId: "scr_nope", samplingRate: 1 },
      }),
      404,
      "NOT_FOUND",
    );
    const changed = await asUser(p.owner.cookie, monitorsPath(p, `/${m.id}`), {
      method: "PATCH",
      json: { samplingRate: 0.5, filter: { model: "gpt-4o-mini" }, status: "paused" },
    });
    expect(await changed.json()).toMatchObject({
      samplingRate: 0.5,
      filter: { model: "gpt-4o-mini" },
      status: "paused",
    });
    const { key } = await createKey(p.owner, ["read"]);
    await expectError(
      await asKey(key, monitorsPath(p), { method: "POST", json: { name: "z", scorerId, samplingRate: 1 } }),
      403,
      "FORBIDDEN",
    );
    const viewer = await addMember(p.owner, "viewer");
    expect((await asUser(viewer.cookie, monitorsPath(p))).status).toBe(200);
    const removed = await asUser(p.owner.cookie, monitorsPath(p, `/${session.id}`), { method: "DELETE" });
    expect(removed.status).toBe(204);
    const listed = await getJson<{ monitors: MonitorView[] }>(p.owner.cookie, monitorsPath(p));
    expect(listed.monitors.map((x) => x.id)).toEqual([m.id]);
    const { entries } = await getJson<{ entries: { action: string }[] }>(
      p.owner.cookie,
      `/api/v1/orgs/${p.owner.orgId}/audit-log`,
    );
    const actions = entries.map((e) => e.action);
    for (const a of ["monitor.created", "monitor.paused", "monitor.deleted"]) expect(actions).toContain(a);
  });

  it("judges through the organization's provider and counts the spend", async () => {
    const { p, apiKey } = await judgeProject();
    await script(apiKey, [{ reply: { content: '{"rationale":"Correct.","value":"yes"}' } }]);
    const res = await asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/scorers`, {
      method: "POST",
      json: {
        name: "correctness",
        definition: {
          type: "judge",
          instructions: "Is this right? {{ outputs }}",
          model: "openai:/gpt-4o-mini",
        },
      },
    });
    const scorerId = ((await res.json()) as { id: string }).id;
    const m = await startMonitor(p, { scorerId, samplingRate: 1, settleSeconds: 0 });
    const t = buildTrace({ startMs: recently() });
    await ingestTraces(p.ingestKey, [t]);
    const [[feedback]] = await scoredBy(p, m.id, [t]);
    expect(feedback).toMatchObject({ value: "yes", rationale: "Correct.", source: { type: "LLM_JUDGE" } });
    const view = await getJson<MonitorView>(p.owner.cookie, monitorsPath(p, `/${m.id}`));
    expect(view.today.scored).toBe(1);
    expect(view.today.costUsd).toBeGreaterThan(0);
  });
});

describe("backfills", () => {
  it("estimates, then scores the last days' matching traces in their own hours, once per scorer version", async () => {
    const p = await traceProject();
    const scorerId = await ruleScorer(p);
    const old = Array.from({ length: 12 }, (_, i) => buildTrace({ startMs: hoursAgo(20, i * 1000) }));
    const older = buildTrace({ startMs: hoursAgo(30) });
    const other = buildTrace({ startMs: hoursAgo(20), name: "other_agent" });
    await ingestTraces(p.ingestKey, [...old, older, other]);
    const m = await startMonitor(p, { scorerId, samplingRate: 0.5, filter: { name: "support_agent" } });
    const path = monitorsPath(p, `/${m.id}`);
    const estimate = await getJson<{
      matching: number;
      subjects: number;
      estimatedCostUsd: number;
      basis: string;
    }>(p.owner.cookie, `${path}/backfill-estimate?days=1`);
    expect(estimate).toMatchObject({ matching: 12, subjects: 6, estimatedCostUsd: 0 });
    expect(estimate.basis).toContain("rule");
    const sampledOld = old.filter((t) => sampleKey(t.traceId) < 0.5);
    const started = await asUser(p.owner.cookie, `${path}/backfills`, { method: "POST", json: { days: 1 } });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    const done = await eventually(async () => {
      const { backfills } = await getJson<{
        backfills: { id: string; status: string; total: number; done: number }[];
      }>(p.owner.cookie, `${path}/backfills`);
      const b = backfills.find((x) => x.id === id);
      return b?.status === "completed" ? b : undefined;
    });
    expect(done).toMatchObject({ total: sampledOld.length, done: sampledOld.length });
    await scoredBy(p, m.id, sampledOld);
    for (const t of [older, other]) expect(await feedbackOn(p, t.traceId)).toEqual([]);
    // The results count in the hour their traces started, not now.
    const metrics = await getJson<{ series: { time: string; count: number }[] }>(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/score-metrics?from=${new Date(hoursAgo(21)).toISOString()}`,
    );
    expect(metrics.series).toEqual([
      expect.objectContaining({ time: new Date(hoursAgo(20)).toISOString(), count: sampledOld.length }),
    ]);

    // Again with nothing changed: nothing to score.
    const again = await asUser(p.owner.cookie, `${path}/backfills`, { method: "POST", json: { days: 1 } });
    const second = (await again.json()) as { id: string };
    await eventually(async () => {
      const { backfills } = await getJson<{ backfills: { id: string; status: string; total: number }[] }>(
        p.owner.cookie,
        `${path}/backfills`,
      );
      const b = backfills.find((x) => x.id === second.id);
      return b?.status === "completed" && b.total === 0 ? b : undefined;
    });
    // A new scorer version: the backfill scores again, each new result replacing the old one.
    const v2 = await asUser(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/scorers/${scorerId}/versions`,
      {
        method: "POST",
        json: { definition: { type: "rule", rule: { kind: "not_empty" } } },
      },
    );
    expect(v2.status).toBe(201);
    await asUser(p.owner.cookie, path, { method: "PATCH", json: { scorerVersion: 2 } });
    const third = (await (
      await asUser(p.owner.cookie, `${path}/backfills`, { method: "POST", json: { days: 1 } })
    ).json()) as { id: string };
    await eventually(async () => {
      const { backfills } = await getJson<{ backfills: { id: string; status: string; done: number }[] }>(
        p.owner.cookie,
        `${path}/backfills`,
      );
      const b = backfills.find((x) => x.id === third.id);
      return b?.status === "completed" && b.done === sampledOld.length ? b : undefined;
    });
    const list = (await feedbackOn(p, sampledOld[0]?.traceId ?? "")).filter((a) => a.monitorId === m.id);
    expect(list.map((a) => a.valid).sort()).toEqual([false, true]);
    const after = await getJson<{ totals: { count: number }[] }>(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/score-metrics?from=${new Date(hoursAgo(21)).toISOString()}`,
    );
    expect(after.totals).toEqual([expect.objectContaining({ count: sampledOld.length })]);
    await expectError(
      await asUser(p.owner.cookie, `${path}/backfills`, { method: "POST", json: { days: 0 } }),
      422,
      "INVALID_INPUT",
    );
  });
});
