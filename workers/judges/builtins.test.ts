/**
 * Built-in judges: each checks what it needs before any call, decides in code where it can (no
 * call, no cost), and otherwise asks its question through the runner. Against the scripted
 * OpenAI-compatible server; rules keyed by each test's own provider key.
 */
import { describe, expect, it } from "vitest";
import type { ScoreResult } from "../scorers/schemas";
import { asUser } from "../test/accounts";
import { judgeProject, type Project, requestsWith, script } from "../test/judges";
import { newSpanId, newTraceId, sendOtlpJson } from "../test/otlp";
import { buildTrace, hoursAgo, ingestTraces } from "../test/trace-fixtures";

const builtin = (judge: string, extra: Record<string, unknown> = {}) => ({
  name: judge,
  definition: { type: "builtin", judge, model: "openai:/gpt-4o-mini", ...extra },
});

async function score(p: Project, target: object, scorer: object): Promise<ScoreResult> {
  const res = await asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/score`, {
    method: "POST",
    json: { target, scorer },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as ScoreResult;
}

describe("built-in judges", () => {
  it("ask their question with the expected answer, and name what is missing instead of calling", async () => {
    const { p, apiKey } = await judgeProject();
    await script(apiKey, [
      { reply: { content: '{"rationale":"Matches the expected answer.","value":"yes"}' } },
    ]);
    const target = {
      inputs: { question: "Capital of France?" },
      outputs: "Paris",
      expectations: { expected_response: "Paris, France" },
    };
    expect(await score(p, target, builtin("correctness"))).toMatchObject({
      value: "yes",
      passed: true,
      error: null,
    });
    const [sent] = await requestsWith(apiKey);
    const prompt = JSON.stringify(sent?.body);
    expect(prompt).toContain("Expected answer");
    expect(prompt).toContain("Paris, France");

    const missing = await score(p, { outputs: "Paris" }, builtin("correctness"));
    expect(missing).toMatchObject({ value: null, error: { code: "MISSING_FIELD" } });
    expect(missing.error?.message).toContain("expected_response or expected_facts");
    const noGuidelines = await score(p, { outputs: "x" }, builtin("guidelines"));
    expect(noGuidelines.error?.message).toContain("guidelines in the scorer's definition");
    expect(await requestsWith(apiKey)).toHaveLength(1);
  });

  it("decide equivalence of numbers and exact text without a model", async () => {
    const { p, apiKey } = await judgeProject();
    expect(
      await score(p, { outputs: "42.0", expectations: { expected_response: "42" } }, builtin("equivalence")),
    ).toMatchObject({
      value: "yes",
      usage: null,
    });
    expect(
      await score(p, { outputs: "41", expectations: { expected_response: "42" } }, builtin("equivalence")),
    ).toMatchObject({
      value: "no",
      passed: false,
    });
    expect(await requestsWith(apiKey)).toHaveLength(0);
  });

  it("compare a trace's tool calls with the expected ones exactly, in order, without a model", async () => {
    const { p, apiKey } = await judgeProject();
    const t = buildTrace({ startMs: hoursAgo(1), tool: true });
    await ingestTraces(p.ingestKey, [t]);
    const tools = t.spans.filter((s) => s.attributes?.["mlflow.spanType"] === "TOOL").map((s) => s.name);
    expect(tools.length).toBeGreaterThan(0);
    const expect_ = async (names: string[]) => {
      const logged = await asUser(
        p.owner.cookie,
        `/api/v1/projects/${p.owner.projectId}/traces/${t.traceId}/assessments`,
        {
          method: "POST",
          json: { kind: "expectation", name: "expected_tool_calls", value: names.map((name) => ({ name })) },
        },
      );
      expect(logged.status).toBe(201);
    };
    await expect_(tools);
    expect(
      await score(p, { traceId: t.traceId }, builtin("tool_call_correctness", { exact: true })),
    ).toMatchObject({ value: "yes" });
    await expect_([...tools, "refund_order"]);
    const wrong = await score(p, { traceId: t.traceId }, builtin("tool_call_correctness", { exact: true }));
    expect(wrong).toMatchObject({ value: "no" });
    expect(wrong.rationale).toContain("refund_order");
    expect(await requestsWith(apiKey)).toHaveLength(0);
  });
});

describe("session-level judges", () => {
  it("read a session's turns in order, answer a label where asked, and store the result on the session", async () => {
    const { p, apiKey } = await judgeProject();
    const sessionId = `conv-${crypto.randomUUID()}`;
    const turns = [
      buildTrace({ startMs: hoursAgo(3), sessionId, question: "My order never arrived." }),
      buildTrace({ startMs: hoursAgo(2), sessionId, question: "This is the third time I ask!" }),
    ];
    await ingestTraces(p.ingestKey, turns);
    await script(apiKey, [{ reply: { content: '{"rationale":"Angry at the end.","value":"unresolved"}' } }]);
    const res = await asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/score`, {
      method: "POST",
      json: { target: { sessionId }, scorer: builtin("user_frustration"), persist: true },
    });
    expect(res.status).toBe(200);
    const r = (await res.json()) as ScoreResult;
    expect(r).toMatchObject({ value: "unresolved", passed: false, error: null });
    const [sent] = await requestsWith(apiKey);
    const prompt = JSON.stringify(sent?.body);
    // Both turns, in order.
    expect(prompt.indexOf("My order never arrived.")).toBeGreaterThan(-1);
    expect(prompt.indexOf("third time")).toBeGreaterThan(prompt.indexOf("My order never arrived."));
    const stored = await asUser(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/sessions/${sessionId}/assessments`,
    );
    const list = (await stored.json()) as {
      assessments: { id: string; sessionId: string; traceId: string | null; passed: boolean }[];
    };
    expect(list.assessments).toEqual([
      expect.objectContaining({ id: r.assessmentId, sessionId, traceId: null, passed: false }),
    ]);

    // A session judge on one trace's inputs and outputs says what it needs instead of calling.
    const single = await asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/score`, {
      method: "POST",
      json: { target: { outputs: "x" }, scorer: builtin("conversation_completeness") },
    });
    expect(((await single.json()) as ScoreResult).error?.code).toBe("MISSING_FIELD");
    expect(await requestsWith(apiKey)).toHaveLength(1);
  });
});

describe("retrieval relevance", () => {
  it("judges each retrieved document, answers the precision, and stores a verdict per document on the retriever span", async () => {
    const { p, apiKey } = await judgeProject();
    const traceId = newTraceId();
    const root = newSpanId();
    const retriever = newSpanId();
    const start = Date.now() - 3_600_000;
    const docs = [
      { page_content: "Our refund policy: refunds take 5 days." },
      { page_content: "Opening hours of the Lyon store." },
      { page_content: "The 2019 company picnic." },
    ];
    const sent = await sendOtlpJson(p.ingestKey, [
      {
        traceId,
        spanId: root,
        name: "rag",
        startMs: start,
        durationMs: 900,
        attributes: {
          "mlflow.spanType": "CHAIN",
          "mlflow.spanInputs": JSON.stringify({ question: "How long do refunds take?" }),
        },
      },
      {
        traceId,
        spanId: retriever,
        parentSpanId: root,
        name: "search_docs",
        startMs: start + 10,
        durationMs: 100,
        attributes: { "mlflow.spanType": "RETRIEVER", "mlflow.spanOutputs": JSON.stringify(docs) },
      },
    ]);
    expect(sent.status).toBe(200);
    await script(apiKey, [
      { bodyIncludes: "refund policy", reply: { content: '{"rationale":"About refunds.","value":"yes"}' } },
      { reply: { content: '{"rationale":"Off topic.","value":"no"}' } },
    ]);
    const res = await asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/score`, {
      method: "POST",
      json: { target: { traceId }, scorer: builtin("retrieval_relevance"), persist: true },
    });
    expect(res.status).toBe(200);
    const r = (await res.json()) as ScoreResult;
    expect(r).toMatchObject({ value: 0.333, error: null });
    expect(r.rationale).toBe("1 of 3 retrieved documents are relevant to the request.");
    expect(await requestsWith(apiKey)).toHaveLength(3);
    const list = (await (
      await asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/traces/${traceId}/assessments`)
    ).json()) as {
      assessments: {
        name: string;
        spanId: string | null;
        value: unknown;
        metadata: Record<string, unknown>;
      }[];
    };
    const rank = (a: { name: string; metadata: Record<string, unknown> }) =>
      `${a.name}:${String(a.metadata.document ?? "")}`;
    const onSpan = list.assessments
      .filter((a) => a.spanId === retriever)
      .sort((a, b) => rank(a).localeCompare(rank(b)));
    expect(onSpan.map((a) => [a.name, a.value, a.metadata.document ?? null])).toEqual([
      ["retrieval_relevance/document", "yes", 0],
      ["retrieval_relevance/document", "no", 1],
      ["retrieval_relevance/document", "no", 2],
      ["retrieval_relevance/precision", 0.333, null],
    ]);
    expect(list.assessments.find((a) => a.spanId === null)).toMatchObject({
      name: "retrieval_relevance",
      value: 0.333,
    });
  });
});
