import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { addMember, asKey, asUser, createKey } from "../test/accounts";
import { expectError } from "../test/helpers";
import { newTraceId } from "../test/otlp";
import { testOrgDb } from "../test/services";
import { getJson, listTraces } from "../test/trace-api";
import { buildTrace, hoursAgo, ingestTraces, traceProject } from "../test/trace-fixtures";
import type { AssessmentView } from "./schemas";

type Project = Awaited<ReturnType<typeof traceProject>>;

const tracePath = (p: Project, traceId: string) =>
  `/api/v1/projects/${p.owner.projectId}/traces/${traceId}/assessments`;

async function log(p: Project, traceId: string, body: object, as: "owner" | string = "owner") {
  const init = { method: "POST", json: body };
  return as === "owner"
    ? asUser(p.owner.cookie, tracePath(p, traceId), init)
    : asKey(as, tracePath(p, traceId), init);
}

async function listed(p: Project, traceId: string, history = false): Promise<AssessmentView[]> {
  const path = `${tracePath(p, traceId)}${history ? "?history=true" : ""}`;
  return (await getJson<{ assessments: AssessmentView[] }>(p.owner.cookie, path)).assessments;
}

type RollupRow = {
  hour: number;
  count: number;
  scored: number;
  sum: number;
  sum_squares: number;
  judged: number;
  passes: number;
  errors: number;
};
async function rollups(projectId: string, name: string): Promise<RollupRow[]> {
  return testOrgDb().all<RollupRow>(
    sql`select hour, count, scored, sum, sum_squares, judged, passes, errors from score_rollups where project_id = ${projectId} and name = ${name} order by hour`,
  );
}

async function storedTrace(p: Project, startMs = hoursAgo(3)) {
  const t = buildTrace({ startMs });
  await ingestTraces(p.ingestKey, [t]);
  return t;
}

describe("feedback and expectations on a trace", () => {
  it("logs a user's feedback as HUMAN by that user, with the value's score and pass/fail", async () => {
    const p = await traceProject();
    const t = await storedTrace(p);
    const res = await log(p, t.traceId, { name: "correctness", value: "yes", rationale: "matches the docs" });
    expect(res.status).toBe(201);
    const a = (await res.json()) as AssessmentView;
    expect(a).toMatchObject({
      kind: "feedback",
      name: "correctness",
      traceId: t.traceId,
      value: "yes",
      score: 1,
      passed: true,
      rationale: "matches the docs",
      source: { type: "HUMAN", id: p.owner.userId },
      createdBy: { label: p.owner.email },
      valid: true,
    });
    expect((await listed(p, t.traceId)).map((x) => x.id)).toEqual([a.id]);
  });

  it("takes end-user feedback from an app's ingest key, and never lets a client claim LLM_JUDGE", async () => {
    const p = await traceProject();
    const t = await storedTrace(p);
    const thumbs = await log(
      p,
      t.traceId,
      { name: "thumbs", value: false, source: { type: "HUMAN", id: "end-user-7" } },
      p.ingestKey,
    );
    expect(thumbs.status).toBe(201);
    expect(await thumbs.json()).toMatchObject({
      source: { type: "HUMAN", id: "end-user-7" },
      passed: false,
      score: 0,
    });
    const judge = await log(
      p,
      t.traceId,
      { name: "x", value: true, source: { type: "LLM_JUDGE", id: "openai:/gpt" } },
      p.ingestKey,
    );
    await expectError(judge, 422, "INVALID_INPUT");
  });

  it("checks values: feedback a primitive, list or flat object, or an error; reserved expectations by their shape", async () => {
    const p = await traceProject();
    const t = await storedTrace(p);
    const bad: object[] = [
      { name: "n", value: { nested: { deep: 1 } } },
      { name: "n" },
      { name: "n", value: 1, error: { code: "E", message: "both" } },
      { kind: "expectation", name: "expected_facts", value: "not a list" },
      { kind: "expectation", name: "expected_tool_calls", value: [{ arguments: {} }] },
      { kind: "expectation", name: "anything" },
      { name: "bad name!", value: 1 },
    ];
    for (const body of bad) await expectError(await log(p, t.traceId, body), 422, "INVALID_INPUT");
    const good: object[] = [
      { name: "tone", value: { politeness: 4, clear: true } },
      { name: "labels", value: ["billing", "refund"] },
      { name: "judge", error: { code: "TIMEOUT", message: "the model did not answer" } },
      { kind: "expectation", name: "expected_facts", value: ["refunds take 5 days"] },
      {
        kind: "expectation",
        name: "expected_tool_calls",
        value: [{ name: "lookup_order", arguments: { id: 7 } }],
      },
      { kind: "expectation", name: "custom_shape", value: { any: ["json", { at: "all" }] } },
    ];
    for (const body of good) expect((await log(p, t.traceId, body)).status).toBe(201);
    expect(await listed(p, t.traceId)).toHaveLength(good.length);
  });

  it("logs feedback for a trace whose spans have not arrived; it shows once they do", async () => {
    const p = await traceProject();
    const t = buildTrace({ startMs: hoursAgo(1) });
    const path = `/api/v1/projects/${p.owner.projectId}/assessments/batch`;
    const res = await asKey(p.ingestKey, path, {
      method: "POST",
      json: { assessments: [{ traceId: t.traceId, name: "thumbs", value: true }] },
    });
    expect(res.status).toBe(201);
    await ingestTraces(p.ingestKey, [t]);
    expect((await listed(p, t.traceId)).map((a) => [a.name, a.value])).toEqual([["thumbs", true]]);
  });

  it("writes a batch all or nothing: one bad item, nothing stored; the answer names it", async () => {
    const p = await traceProject();
    const t = await storedTrace(p);
    const path = `/api/v1/projects/${p.owner.projectId}/assessments/batch`;
    const items = Array.from({ length: 999 }, (_, i) => ({
      traceId: t.traceId,
      name: "score",
      value: i % 10,
    }));
    const bad = await asUser(p.owner.cookie, path, {
      method: "POST",
      json: { assessments: [...items, { traceId: t.traceId, name: "score", value: { a: { b: 1 } } }] },
    });
    const error = await expectError(bad, 422, "INVALID_INPUT");
    expect(error.message).toContain("999");
    expect(await rollups(p.owner.projectId, "score")).toEqual([]);
    const tooMany = await asUser(p.owner.cookie, path, {
      method: "POST",
      json: { assessments: [...items, ...items] },
    });
    await expectError(tooMany, 422, "INVALID_INPUT");

    const ok = await asUser(p.owner.cookie, path, {
      method: "POST",
      json: { assessments: [...items, { sessionId: "s-9", name: "frustration", value: "none" }] },
    });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { ids: string[] }).ids).toHaveLength(1000);
    const [row] = await rollups(p.owner.projectId, "score");
    // 999 values 0…9 repeating: their sum is 100 × 45 − 9 (the 1,000th would have been 9).
    expect(row).toMatchObject({ count: 999, scored: 999, sum: 4491, judged: 0, errors: 0 });
  });
});

describe("overrides keep history", () => {
  it("replaces feedback with a new row, keeps the old in the history, trades its value in the rollups, and audits it", async () => {
    const p = await traceProject();
    const t = await storedTrace(p, hoursAgo(5));
    const first = (await (
      await log(p, t.traceId, { name: "correctness", value: false }, p.ingestKey)
    ).json()) as AssessmentView;
    expect(await rollups(p.owner.projectId, "correctness")).toMatchObject([
      { count: 1, judged: 1, passes: 0, sum: 0 },
    ]);

    const res = await asUser(p.owner.cookie, `${tracePath(p, t.traceId)}/${first.id}`, {
      method: "PATCH",
      json: { value: true, rationale: "the answer is right; the judge misread it" },
    });
    expect(res.status).toBe(201);
    const second = (await res.json()) as AssessmentView;
    expect(second).toMatchObject({
      name: "correctness",
      value: true,
      overrides: first.id,
      valid: true,
      source: { type: "HUMAN", id: p.owner.userId },
    });

    expect((await listed(p, t.traceId)).map((a) => a.id)).toEqual([second.id]);
    const history = await listed(p, t.traceId, true);
    expect(history.map((a) => [a.id, a.valid, a.supersededBy])).toEqual([
      [first.id, false, second.id],
      [second.id, true, null],
    ]);
    const [hour] = await rollups(p.owner.projectId, "correctness");
    expect(hour).toMatchObject({ count: 1, judged: 1, passes: 1, sum: 1, sum_squares: 1 });
    // Bucketed by the trace's start hour, not the time of the feedback.
    expect(hour?.hour).toBe(Math.floor(hoursAgo(5) / 3_600_000) * 3_600_000);

    // The old one is history now: overriding it again is a conflict, and changes nothing.
    const again = await asUser(p.owner.cookie, `${tracePath(p, t.traceId)}/${first.id}`, {
      method: "PATCH",
      json: { value: false },
    });
    await expectError(again, 409, "CONFLICT");
    expect(await listed(p, t.traceId, true)).toHaveLength(2);

    type Entry = { action: string; metadata: Record<string, unknown> };
    const audit = await getJson<{ entries: Entry[] }>(
      p.owner.cookie,
      `/api/v1/orgs/${p.owner.orgId}/audit-log`,
    );
    expect(
      audit.entries.filter((e) => e.action.startsWith("assessment.")).map((e) => [e.action, e.metadata]),
    ).toEqual([["assessment.overridden", { assessmentId: first.id, replacedBy: second.id }]]);
  });

  it("refuses an override whose value does not fit the assessment's kind and name", async () => {
    const p = await traceProject();
    const t = await storedTrace(p);
    const exp = (await (
      await log(p, t.traceId, { kind: "expectation", name: "expected_facts", value: ["a"] })
    ).json()) as AssessmentView;
    const res = await asUser(p.owner.cookie, `${tracePath(p, t.traceId)}/${exp.id}`, {
      method: "PATCH",
      json: { value: "a string" },
    });
    await expectError(res, 422, "INVALID_INPUT");
    expect((await listed(p, t.traceId, true)).map((a) => a.valid)).toEqual([true]);
  });

  it("deletes: gone from the current list and the rollups, kept in the history, audited", async () => {
    const p = await traceProject();
    const t = await storedTrace(p);
    const a = (await (await log(p, t.traceId, { name: "helpful", value: 4 })).json()) as AssessmentView;
    expect(await rollups(p.owner.projectId, "helpful")).toMatchObject([
      { count: 1, sum: 4, sum_squares: 16 },
    ]);
    const del = await asUser(p.owner.cookie, `${tracePath(p, t.traceId)}/${a.id}`, { method: "DELETE" });
    expect(del.status).toBe(204);
    expect(await listed(p, t.traceId)).toEqual([]);
    expect((await listed(p, t.traceId, true)).map((x) => [x.id, x.deleted])).toEqual([[a.id, true]]);
    expect(await rollups(p.owner.projectId, "helpful")).toMatchObject([{ count: 0, sum: 0, sum_squares: 0 }]);
  });
});

describe("who may do what", () => {
  it("lets annotators add feedback and viewers only read; a read key may not write", async () => {
    const p = await traceProject();
    const t = await storedTrace(p);
    const annotator = await addMember(p.owner, "annotator");
    const viewer = await addMember(p.owner, "viewer");
    const read = await createKey(p.owner, ["read"]);
    const body = { method: "POST", json: { name: "thumbs", value: true } };
    expect((await asUser(annotator.cookie, tracePath(p, t.traceId), body)).status).toBe(201);
    await expectError(await asUser(viewer.cookie, tracePath(p, t.traceId), body), 403, "FORBIDDEN");
    await expectError(await asKey(read.key, tracePath(p, t.traceId), body), 403, "FORBIDDEN");
    expect((await asKey(read.key, tracePath(p, t.traceId))).status).toBe(200);
  });

  it("answers 404 for another project's trace and assessment ids, and for a trace the project has never seen", async () => {
    const p = await traceProject();
    const q = await traceProject();
    const t = await storedTrace(q);
    const theirs = (await (
      await log(q, t.traceId, { name: "thumbs", value: true })
    ).json()) as AssessmentView;
    await expectError(await log(p, t.traceId, { name: "thumbs", value: true }), 404, "NOT_FOUND");
    await expectError(await asUser(p.owner.cookie, tracePath(p, t.traceId)), 404, "NOT_FOUND");
    await expectError(
      await asUser(p.owner.cookie, `${tracePath(p, t.traceId)}/${theirs.id}`),
      404,
      "NOT_FOUND",
    );
    await expectError(await asUser(p.owner.cookie, tracePath(p, newTraceId())), 404, "NOT_FOUND");
    const mine = await storedTrace(p);
    const patch = await asUser(p.owner.cookie, `${tracePath(p, mine.traceId)}/${theirs.id}`, {
      method: "PATCH",
      json: { value: false },
    });
    await expectError(patch, 404, "NOT_FOUND");
    expect((await listed(q, t.traceId)).map((a) => a.value)).toEqual([true]);
  });
});

describe("trace filters by feedback", () => {
  it("finds traces by feedback name, value, pass/fail and source, only current feedback counting", async () => {
    const p = await traceProject();
    const [a, b, c] = [
      await storedTrace(p, hoursAgo(3)),
      await storedTrace(p, hoursAgo(2)),
      await storedTrace(p, hoursAgo(1)),
    ];
    await log(p, a.traceId, { name: "correctness", value: "yes" });
    const judged = (await (
      await log(
        p,
        b.traceId,
        { name: "correctness", value: "no", source: { type: "CODE", id: "exact" } },
        p.ingestKey,
      )
    ).json()) as AssessmentView;
    await log(p, c.traceId, { name: "tone", value: 3 });
    const ids = async (query: Record<string, string | string[]>) =>
      (await listTraces(p.owner.cookie, p.owner.projectId, query)).traces.map((x) => x.traceId).sort();

    expect(await ids({ feedback: "correctness" })).toEqual([a.traceId, b.traceId].sort());
    expect(await ids({ passed: "correctness" })).toEqual([a.traceId]);
    expect(await ids({ failed: "correctness" })).toEqual([b.traceId]);
    expect(await ids({ feedback: "tone=3" })).toEqual([c.traceId]);
    expect(await ids({ feedback: "tone=3.0" })).toEqual([c.traceId]);
    expect(await ids({ feedback: "correctness", feedbackSource: "CODE" })).toEqual([b.traceId]);
    expect(await ids({ feedback: ["correctness", "tone"] })).toEqual([]);

    // A person overrides the failing verdict: the trace now passes, and no longer fails.
    await asUser(p.owner.cookie, `${tracePath(p, b.traceId)}/${judged.id}`, {
      method: "PATCH",
      json: { value: "yes" },
    });
    expect(await ids({ passed: "correctness" })).toEqual([a.traceId, b.traceId].sort());
    expect(await ids({ failed: "correctness" })).toEqual([]);
  });
});

describe("scores over time and in the trace list", () => {
  it("answers score metrics per name from the rollups, and the list's feedback columns", async () => {
    const p = await traceProject();
    const [a, b] = [await storedTrace(p, hoursAgo(2)), await storedTrace(p, hoursAgo(2))];
    await log(p, a.traceId, { name: "correctness", value: "yes" });
    await log(p, b.traceId, { name: "correctness", value: "no" });
    await log(p, b.traceId, { name: "helpfulness", value: 2 });
    await log(p, a.traceId, { name: "helpfulness", value: 4 });
    await log(p, a.traceId, { name: "helpfulness", error: { code: "TIMEOUT", message: "no answer" } });
    type Metrics = {
      names: string[];
      series: { name: string; count: number; mean: number | null; passRate: number | null; errors: number }[];
      totals: {
        name: string;
        count: number;
        mean: number | null;
        stddev: number | null;
        passRate: number | null;
        errors: number;
      }[];
    };
    const m = await getJson<Metrics>(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/score-metrics`);
    expect(m.names).toEqual(["correctness", "helpfulness"]);
    expect(m.totals).toEqual([
      { name: "correctness", count: 2, mean: 0.5, stddev: 0.5, passRate: 0.5, errors: 0 },
      { name: "helpfulness", count: 3, mean: 3, stddev: 1, passRate: null, errors: 1 },
    ]);
    expect(m.series.map((s) => s.name)).toEqual(["correctness", "helpfulness"]);

    const page = await listTraces(p.owner.cookie, p.owner.projectId, {
      feedbackColumns: ["correctness", "helpfulness"],
    });
    const byId = new Map(page.traces.map((t) => [t.traceId, (t as { feedback?: unknown }).feedback]));
    // The newest current feedback per name: for trace a's helpfulness, the judge's error.
    expect(byId.get(a.traceId)).toEqual({
      correctness: { value: "yes", score: 1, passed: true, error: null },
      helpfulness: { value: null, score: null, passed: null, error: "TIMEOUT" },
    });
    expect(byId.get(b.traceId)).toEqual({
      correctness: { value: "no", score: 0, passed: false, error: null },
      helpfulness: { value: 2, score: 2, passed: null, error: null },
    });
  });
});

describe("OpenTelemetry evaluation events", () => {
  it("turn gen_ai.evaluation.result log records into feedback on their span, once however often resent", async () => {
    const p = await traceProject();
    const t = await storedTrace(p, hoursAgo(1));
    const event = (attributes: Record<string, string | number>, traceId: string | null = t.traceId) => ({
      timeUnixNano: `${Date.now()}000000`,
      ...(traceId ? { traceId, spanId: t.rootSpanId } : {}),
      eventName: "gen_ai.evaluation.result",
      attributes: Object.entries(attributes).map(([key, v]) => ({
        key,
        value: typeof v === "number" ? { doubleValue: v } : { stringValue: v },
      })),
    });
    const body = JSON.stringify({
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                event({
                  "gen_ai.evaluation.name": "relevance",
                  "gen_ai.evaluation.score.value": 0.8,
                  "gen_ai.evaluation.score.label": "pass",
                  "gen_ai.evaluation.explanation": "on topic",
                }),
                event({ "gen_ai.evaluation.name": "toxicity", "gen_ai.evaluation.score.label": "no" }),
                event({ "gen_ai.evaluation.name": "groundedness", "error.type": "timeout" }),
                event({ "gen_ai.evaluation.name": "orphan", "gen_ai.evaluation.score.value": 1 }, null),
              ],
            },
          ],
        },
      ],
    });
    const send = () =>
      asKey(p.ingestKey, "/v1/logs", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
    const first = await send();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ partialSuccess: { rejectedLogRecords: "1" } });
    expect((await send()).status).toBe(200);

    const got = (await listed(p, t.traceId)).sort((x, y) => x.name.localeCompare(y.name));
    expect(
      got.map((a) => [
        a.name,
        a.spanId,
        a.value,
        a.passed,
        a.rationale,
        a.error?.code ?? null,
        a.source.type,
      ]),
    ).toEqual([
      ["groundedness", t.rootSpanId, null, null, null, "timeout", "CODE"],
      ["relevance", t.rootSpanId, 0.8, true, "on topic", null, "CODE"],
      ["toxicity", t.rootSpanId, "no", false, null, null, "CODE"],
    ]);
    expect(await rollups(p.owner.projectId, "relevance")).toMatchObject([
      { count: 1, sum: 0.8, judged: 1, passes: 1 },
    ]);
  });
});

describe("a session's assessments", () => {
  it("lists what was logged on the session, and answers 404 for a session the project has never seen", async () => {
    const p = await traceProject();
    const batch = `/api/v1/projects/${p.owner.projectId}/assessments/batch`;
    const logged = await asKey(p.ingestKey, batch, {
      method: "POST",
      json: {
        assessments: [
          {
            sessionId: "conv-7",
            name: "user_frustration",
            value: "resolved",
            rationale: "calmer at the end",
          },
        ],
      },
    });
    expect(logged.status).toBe(201);
    const list = await getJson<{ assessments: AssessmentView[] }>(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/sessions/conv-7/assessments`,
    );
    expect(list.assessments.map((a) => [a.name, a.value, a.sessionId, a.traceId])).toEqual([
      ["user_frustration", "resolved", "conv-7", null],
    ]);
    await expectError(
      await asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/sessions/never-seen/assessments`),
      404,
      "NOT_FOUND",
    );
    // A session's own assessment is overridden and deleted under its session, and only there.
    const [first] = list.assessments;
    const sessionPath = `/api/v1/projects/${p.owner.projectId}/sessions/conv-7/assessments/${first?.id}`;
    const override = await asUser(p.owner.cookie, sessionPath, { method: "PATCH", json: { value: "none" } });
    expect(override.status).toBe(201);
    const replaced = (await override.json()) as AssessmentView;
    expect(replaced).toMatchObject({
      sessionId: "conv-7",
      traceId: null,
      value: "none",
      overrides: first?.id,
    });
    await expectError(
      await asUser(
        p.owner.cookie,
        `/api/v1/projects/${p.owner.projectId}/sessions/other/assessments/${replaced.id}`,
        { method: "DELETE" },
      ),
      404,
      "NOT_FOUND",
    );
    const del = await asUser(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/sessions/conv-7/assessments/${replaced.id}`,
      {
        method: "DELETE",
      },
    );
    expect(del.status).toBe(204);
    const after = await getJson<{ assessments: AssessmentView[] }>(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/sessions/conv-7/assessments?history=true`,
    );
    expect(after.assessments.map((a) => [a.value, a.valid, a.deleted])).toEqual([
      ["resolved", false, false],
      ["none", false, true],
    ]);
  });
});
