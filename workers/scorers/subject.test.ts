import { drizzle } from "drizzle-orm/libsql/web";
import { describe, expect, it } from "vitest";
import { asKey, asUser } from "../test/accounts";
import { type AttrInput, newSpanId, newTraceId, type SpanInput } from "../test/otlp";
import { testOrgDb, testProjectContext } from "../test/services";
import { buildTrace, hoursAgo, ingestTraces, type TraceProject, traceProject } from "../test/trace-fixtures";
import { sessionSubject, traceSubject } from "./subject";

const contextOf = (p: TraceProject) => testProjectContext({ id: p.owner.projectId, orgId: p.owner.orgId });

/** A context whose database handle records every statement it sends. */
function recordingContext(p: TraceProject) {
  const statements: { sql: string; params: unknown[] }[] = [];
  const logger = { logQuery: (sql: string, params: unknown[]) => statements.push({ sql, params }) };
  const ctx = contextOf(p);
  const db = drizzle({ client: testOrgDb(p.owner.orgId).$client, logger });
  return { ctx: { ...ctx, db }, statements };
}

const payload = (inputs?: unknown, outputs?: unknown): Record<string, AttrInput> => ({
  ...(inputs === undefined ? {} : { "mlflow.spanInputs": JSON.stringify(inputs) }),
  ...(outputs === undefined ? {} : { "mlflow.spanOutputs": JSON.stringify(outputs) }),
});

/**
 * A trace of a root and children, each `[inputs, outputs]` (undefined: none), the root first and
 * the children 10 ms apart in the order given.
 */
function turn(sessionId: string, startMs: number, root: [unknown, unknown], children: [unknown, unknown][]) {
  const traceId = newTraceId();
  const rootId = newSpanId();
  const spans: SpanInput[] = [
    {
      traceId,
      spanId: rootId,
      name: "agent",
      startMs,
      durationMs: 1000,
      attributes: { "mlflow.spanType": "AGENT", "session.id": sessionId, ...payload(...root) },
      status: 1,
    },
    ...children.map(([inputs, outputs], i) => ({
      traceId,
      spanId: newSpanId(),
      parentSpanId: rootId,
      name: `step ${i}`,
      startMs: startMs + 10 * (i + 1),
      durationMs: 100,
      attributes: { "mlflow.spanType": "CHAIN", ...payload(inputs, outputs) },
      status: 1 as const,
    })),
  ];
  return { traceId, rootSpanId: rootId, spans, spec: { startMs } };
}

/** Logs assessments in one batch; their ids, in the order sent. */
async function logAssessments(p: TraceProject, assessments: object[]): Promise<string[]> {
  const res = await asKey(p.ingestKey, `/api/v1/projects/${p.owner.projectId}/assessments/batch`, {
    method: "POST",
    json: { assessments },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { ids: string[] }).ids;
}

describe("a session as scorers read it", () => {
  it("has its turns in start order, each told by its story span, and the session's own current expectations", async () => {
    const p = await traceProject();
    const sessionId = `conv-${crypto.randomUUID()}`;
    const nothing = undefined;
    // The root has both: the root, not the chat child that also has both.
    const rootTells = buildTrace({ startMs: hoursAgo(5), sessionId, question: "first", answer: "one" });
    // The root has neither: the earliest span with both, not the earlier one with outputs only.
    const bothTells = turn(
      sessionId,
      hoursAgo(4),
      [nothing, nothing],
      [
        [nothing, "draft"],
        [{ q: "second" }, "two"],
        [{ q: "later" }, "not this"],
      ],
    );
    // No span has both: the earliest with outputs, not the earlier one with inputs only.
    const outputsTell = turn(
      sessionId,
      hoursAgo(3),
      [nothing, nothing],
      [
        [{ q: "ignored" }, nothing],
        [nothing, "three"],
      ],
    );
    // Nothing has outputs: the earliest span, here the root without a payload.
    const silent = turn(sessionId, hoursAgo(2), [nothing, nothing], [[{ q: "no answer" }, nothing]]);
    // The root has outputs only: still the root, over a child with both.
    const rootOutputs = turn(sessionId, hoursAgo(1.5), [nothing, "root says"], [[{ q: "x" }, "y"]]);
    // The root has inputs only: still the root, over a child with both.
    const rootInputs = turn(sessionId, hoursAgo(1), [{ q: "last" }, nothing], [[{ q: "x" }, "y"]]);
    const elsewhere = buildTrace({ startMs: hoursAgo(3, 5), sessionId: `${sessionId}-other` });
    const alone = buildTrace({ startMs: hoursAgo(3, 6) });
    // Sent out of order: the turns' order is their start times'.
    await ingestTraces(p.ingestKey, [
      rootInputs,
      elsewhere,
      outputsTell,
      rootTells,
      silent,
      rootOutputs,
      alone,
      bothTells,
    ]);

    const [replaced, , deleted] = await logAssessments(p, [
      { kind: "expectation", sessionId, name: "expected_response", value: "old answer" },
      { kind: "expectation", sessionId, name: "expected_facts", value: ["refund", "5 days"] },
      { kind: "expectation", sessionId, name: "guidelines", value: ["deleted, so not read"] },
      { kind: "expectation", sessionId: `${sessionId}-other`, name: "guidelines", value: ["other"] },
      { kind: "expectation", traceId: rootTells.traceId, name: "expected_response", value: "turn's own" },
    ]);
    const override = await asUser(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/sessions/${sessionId}/assessments/${replaced}`,
      { method: "PATCH", json: { value: "new answer" } },
    );
    expect(override.status).toBe(201);
    const deletion = await asUser(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/sessions/${sessionId}/assessments/${deleted}`,
      { method: "DELETE" },
    );
    expect(deletion.status).toBe(204);

    const ctx = contextOf(p);
    const subject = await sessionSubject(ctx, sessionId);
    expect(subject).toEqual({
      sessionId,
      inputs: { q: "last" },
      outputs: null,
      expectations: { expected_response: "new answer", expected_facts: ["refund", "5 days"] },
      conversation: [
        {
          traceId: rootTells.traceId,
          inputs: { messages: [{ role: "user", content: "first" }] },
          outputs: "one",
        },
        { traceId: bothTells.traceId, inputs: { q: "second" }, outputs: "two" },
        { traceId: outputsTell.traceId, inputs: null, outputs: "three" },
        { traceId: silent.traceId, inputs: null, outputs: null },
        { traceId: rootOutputs.traceId, inputs: null, outputs: "root says" },
        { traceId: rootInputs.traceId, inputs: { q: "last" }, outputs: null },
      ],
    });
    // A turn reads as the trace itself reads, and the trace keeps its own expectations.
    for (const t of subject.conversation ?? []) {
      const read = await traceSubject(ctx, t.traceId);
      expect({ traceId: t.traceId, inputs: read.inputs, outputs: read.outputs }).toEqual(t);
    }
    expect((await traceSubject(ctx, rootTells.traceId)).expectations).toEqual({
      expected_response: "turn's own",
    });
    await expect(sessionSubject(ctx, `${sessionId}-never`)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("is read in the same few statements however many turns the session has", async () => {
    const p = await traceProject();
    const session = (n: number) => {
      const sessionId = `conv-${crypto.randomUUID()}`;
      return {
        sessionId,
        turns: Array.from({ length: n }, (_, i) => buildTrace({ startMs: hoursAgo(2, i * 1000), sessionId })),
      };
    };
    const short = session(2);
    const long = session(12);
    await ingestTraces(p.ingestKey, [...short.turns, ...long.turns]);

    const statementsFor = async (sessionId: string, turns: number) => {
      const { ctx, statements } = recordingContext(p);
      expect((await sessionSubject(ctx, sessionId)).conversation).toHaveLength(turns);
      return statements;
    };
    const forShort = await statementsFor(short.sessionId, 2);
    const forLong = await statementsFor(long.sessionId, 12);
    expect(forLong.length).toBe(forShort.length);
    expect(forShort.length).toBeLessThanOrEqual(4);
    // Reading all turns' spans at once still goes through the primary key, never a scan of spans.
    const client = testOrgDb(p.owner.orgId).$client;
    const spanReads = forLong.filter((st) => st.sql.includes('from "spans"'));
    expect(spanReads.length).toBeGreaterThan(0);
    for (const { sql, params } of spanReads) {
      const plan = await client.execute({ sql: `explain query plan ${sql}`, args: params as never });
      const lines = plan.rows.map((r) => String(r.detail));
      expect(lines).toContainEqual(
        expect.stringMatching(/^SEARCH spans USING INDEX sqlite_autoindex_spans_1/),
      );
      expect(lines.filter((l) => /^SCAN spans\b/.test(l))).toEqual([]);
    }
  });
});
