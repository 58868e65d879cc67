/**
 * Custom LLM judges through the judge runner, against the scripted OpenAI-compatible server
 * (scripts/openai-server.ts): structured answers and tolerant reading, retries honouring
 * Retry-After, refusals and unreadable answers as errors, the organization's concurrency limit
 * across concurrent requests, and its monthly budget. The server's rules are global, so these
 * tests run one after another and each keys its rules by its own provider API key.
 */
import { describe, expect, it } from "vitest";
import type { AssessmentView } from "../assessments/schemas";
import type { ScoreResult } from "../scorers/schemas";
import { asUser } from "../test/accounts";
import { expectError } from "../test/helpers";
import { judgeProject, type Project, requestsWith, script } from "../test/judges";
import { getJson } from "../test/trace-api";
import { buildTrace, hoursAgo, ingestTraces } from "../test/trace-fixtures";

const judge = (valueType: object = { kind: "bool" }) => ({
  name: "polite",
  definition: {
    type: "judge",
    instructions: "Is this reply polite?\n\nReply: {{ outputs }}",
    valueType,
    model: "openai:/gpt-4o-mini",
  },
});

async function score(p: Project, body: object) {
  return asUser(p.owner.cookie, `/api/v1/projects/${p.owner.projectId}/score`, {
    method: "POST",
    json: body,
  });
}

describe("custom LLM judges", () => {
  it("ask for a structured answer and return value, rationale, tokens and cost; persisted as LLM_JUDGE feedback", async () => {
    const { p, apiKey } = await judgeProject();
    await script(apiKey, [
      {
        reply: {
          content: '{"rationale":"Courteous and clear.","value":"yes"}',
          usage: { inputTokens: 1000, outputTokens: 200 },
        },
      },
    ]);
    const t = buildTrace({ startMs: hoursAgo(1) });
    await ingestTraces(p.ingestKey, [t]);
    const res = await score(p, { target: { traceId: t.traceId }, scorer: judge(), persist: true });
    expect(res.status).toBe(200);
    const r = (await res.json()) as ScoreResult;
    expect(r).toMatchObject({ value: "yes", passed: true, rationale: "Courteous and clear.", error: null });
    // gpt-4o-mini's price: $0.15 / $0.60 per million tokens.
    expect(r.usage).toMatchObject({ model: "openai:/gpt-4o-mini", inputTokens: 1000, outputTokens: 200 });
    expect(r.usage?.costUsd).toBeCloseTo(0.00015 + 0.00012, 8);
    const [sent] = await requestsWith(apiKey);
    expect(sent?.body.response_format).toMatchObject({ type: "json_schema" });
    const listed = await getJson<{ assessments: AssessmentView[] }>(
      p.owner.cookie,
      `/api/v1/projects/${p.owner.projectId}/traces/${t.traceId}/assessments`,
    );
    expect(listed.assessments.find((a) => a.id === r.assessmentId)).toMatchObject({
      source: { type: "LLM_JUDGE", id: "openai:/gpt-4o-mini" },
      value: "yes",
      metadata: { inputTokens: 1000, outputTokens: 200 },
    });
  });

  it("read an answer wrapped in prose, retry a 429 after its Retry-After, and report refusals and unreadable answers as errors", async () => {
    const { p, apiKey } = await judgeProject();
    await script(apiKey, [
      { times: 1, reply: { status: 429, retryAfter: 1 } },
      { reply: { content: 'Sure! ```json\n{"rationale": "ok", "value": 4}\n```' } },
    ]);
    const started = Date.now();
    const r = (await (
      await score(p, { target: { outputs: "Thanks!" }, scorer: judge({ kind: "number", min: 1, max: 5 }) })
    ).json()) as ScoreResult;
    expect(r).toMatchObject({ value: 4, error: null });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await requestsWith(apiKey)).toHaveLength(2);

    await script(apiKey, [{ reply: { refusal: "I can't help with that." } }]);
    const refused = (await (
      await score(p, { target: { outputs: "x" }, scorer: judge() })
    ).json()) as ScoreResult;
    expect(refused).toMatchObject({ value: null, error: { code: "REFUSED" } });
    await script(apiKey, [{ reply: { content: '{"rationale": "hmm", "value": 9}' } }]);
    const outOfRange = (await (
      await score(p, { target: { outputs: "x" }, scorer: judge({ kind: "number", min: 1, max: 5 }) })
    ).json()) as ScoreResult;
    expect(outOfRange).toMatchObject({ error: { code: "UNPARSEABLE_ANSWER" } });
    expect(outOfRange.error?.message).toContain("outside 1 … 5");
  });

  it("refuse instructions with unknown variables, and say when the provider is missing", async () => {
    const { p } = await judgeProject();
    const bad = {
      name: "x",
      definition: { ...judge().definition, instructions: "Judge {{ output }} and {{ inputs }}" },
    };
    const res = await score(p, { target: { outputs: "x" }, scorer: bad });
    const error = await expectError(res, 422, "INVALID_INPUT");
    expect(error.message).toContain("{{ output }}");
    const other = { name: "x", definition: { ...judge().definition, model: "anthropic:/claude" } };
    const missing = (await (
      await score(p, { target: { outputs: "x" }, scorer: other })
    ).json()) as ScoreResult;
    expect(missing).toMatchObject({ error: { code: "PROVIDER_NOT_FOUND" } });
  });

  it("hold the organization's concurrency limit across concurrent requests", async () => {
    const { p, apiKey } = await judgeProject({ concurrency: 2 });
    await script(apiKey, [{ reply: { content: '{"rationale":"ok","value":"yes"}', delayMs: 400 } }]);
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        score(p, { target: { outputs: "x" }, scorer: judge() }).then((r) => r.json() as Promise<ScoreResult>),
      ),
    );
    const elapsed = Date.now() - started;
    expect(results.every((r) => r.value === "yes")).toBe(true);
    // Six calls of 400 ms, two at a time: at least three rounds (unlimited, they would take one).
    expect(elapsed).toBeGreaterThanOrEqual(1150);
  });

  it("stop calling the model once the month's budget is spent, and show the spend", async () => {
    const { p, apiKey } = await judgeProject({ monthlyBudgetUsd: 0.0001 });
    await script(apiKey, [
      {
        reply: { content: '{"rationale":"ok","value":"yes"}', usage: { inputTokens: 1000, outputTokens: 0 } },
      },
    ]);
    const first = (await (
      await score(p, { target: { outputs: "x" }, scorer: judge() })
    ).json()) as ScoreResult;
    expect(first).toMatchObject({ value: "yes" });
    const second = (await (
      await score(p, { target: { outputs: "x" }, scorer: judge() })
    ).json()) as ScoreResult;
    expect(second).toMatchObject({ value: null, error: { code: "BUDGET_EXHAUSTED" } });
    expect(await requestsWith(apiKey)).toHaveLength(1);
    const settings = await getJson<{ spentUsd: number; monthlyBudgetUsd: number }>(
      p.owner.cookie,
      `/api/v1/orgs/${p.owner.orgId}/judge-settings`,
    );
    expect(settings.spentUsd).toBeCloseTo(0.00015, 8);
    expect(settings.monthlyBudgetUsd).toBe(0.0001);
  });
});
