/**
 * "Try it": one model call with a rendered version through the judge runner, against the
 * scripted OpenAI-compatible server (scripts/openai-server.ts). Each test keys its rules by its
 * own provider API key.
 */
import { describe, expect, it } from "vitest";
import { asKey, asUser, createKey, signUp } from "../test/accounts";
import { call, expectError } from "../test/helpers";
import { judgeProject, requestsWith, script } from "../test/judges";
import type { TryResult } from "./try-schemas";

type Owner = { cookie: string; projectId: string };
const base = (o: Owner) => `/api/v1/projects/${o.projectId}/prompts`;

const chat = [
  { role: "system", content: "You answer questions about {{ product }}." },
  { role: "user", content: "{{ question }}" },
];

async function createPrompt(o: Owner, body: Record<string, unknown> = {}) {
  const res = await asUser(o.cookie, base(o), {
    method: "POST",
    json: {
      name: "answer",
      template: chat,
      modelConfig: {
        provider: "openai",
        model: "gpt-4o-mini",
        temperature: 0.3,
        maxTokens: 50,
        stop: ["###"],
      },
      ...body,
    },
  });
  expect(res.status).toBe(201);
}

const tryIt = (o: Owner, body: object, path = "answer/versions/1") =>
  asUser(o.cookie, `${base(o)}/${path}/try`, { method: "POST", json: body });

const variables = { product: "Sightline", question: "What is a trace?" };

describe("trying a prompt version", () => {
  it("renders the chat version, calls the provider with its model config, and answers output, tokens, cost and latency", async () => {
    const { p, apiKey } = await judgeProject();
    await createPrompt(p.owner);
    await script(apiKey, [
      {
        reply: {
          content: "A trace is one request's spans.",
          usage: { inputTokens: 1000, outputTokens: 200 },
        },
      },
    ]);
    const res = await tryIt(p.owner, { variables });
    expect(res.status).toBe(200);
    const r = (await res.json()) as TryResult;
    expect(r).toMatchObject({
      output: "A trace is one request's spans.",
      usage: { inputTokens: 1000, outputTokens: 200 },
      model: "openai:/gpt-4o-mini",
    });
    // gpt-4o-mini's price: $0.15 / $0.60 per million tokens.
    expect(r.costUsd).toBeCloseTo(0.00015 + 0.00012, 8);
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    const [sent] = (await requestsWith(apiKey)) as unknown as { body: Record<string, unknown> }[];
    expect(sent?.body).toMatchObject({
      model: "gpt-4o-mini",
      temperature: 0.3,
      max_tokens: 50,
      stop: ["###"],
      messages: [
        { role: "system", content: "You answer questions about Sightline." },
        { role: "user", content: "What is a trace?" },
      ],
    });
    expect(sent?.body.response_format).toBeUndefined();
  });

  it("sends a text version as one user message, to the model asked for, with its response format", async () => {
    const { p, apiKey } = await judgeProject();
    await createPrompt(p.owner, {
      template: "Say {{ word }}",
      modelConfig: null,
      responseFormat: { type: "object", properties: { said: { type: "string" } } },
    });
    await script(apiKey, [
      { reply: { content: '{"said":"hi"}', usage: { inputTokens: 10, outputTokens: 5 } } },
    ]);
    const res = await tryIt(p.owner, { variables: { word: "hi" }, model: "openai:/gpt-4o" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ output: '{"said":"hi"}', model: "openai:/gpt-4o" });
    const [sent] = (await requestsWith(apiKey)) as unknown as { body: Record<string, unknown> }[];
    expect(sent?.body).toMatchObject({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Say hi" }],
      response_format: { type: "json_schema", json_schema: { schema: { type: "object" } } },
    });
  });

  it("refuses missing variables (422 naming them), a version with no model, and a provider the organization lacks", async () => {
    const { p } = await judgeProject();
    await createPrompt(p.owner);
    const missing = await expectError(
      await tryIt(p.owner, { variables: { product: "x" } }),
      422,
      "INVALID_INPUT",
    );
    expect(missing.message).toContain('"question"');

    await createPrompt(p.owner, { name: "bare", template: "Hi", modelConfig: null });
    const noModel = await expectError(await tryIt(p.owner, {}, "bare/versions/1"), 422, "INVALID_INPUT");
    expect(noModel.message).toMatch(/choose a judge model/);

    const o = await signUp();
    await createPrompt(o);
    const none = await expectError(await tryIt(o, { variables }), 422, "INVALID_INPUT");
    expect(none.message).toMatch(/Settings → Judge providers/);
  });

  it("spends the organization's judge budget: once it is spent, a 429 and no model call", async () => {
    const { p, apiKey } = await judgeProject({ monthlyBudgetUsd: 0.0001 });
    await createPrompt(p.owner);
    await script(apiKey, [{ reply: { content: "ok", usage: { inputTokens: 1000, outputTokens: 0 } } }]);
    expect((await tryIt(p.owner, { variables })).status).toBe(200);
    const spent = await expectError(await tryIt(p.owner, { variables }), 429, "RATE_LIMITED");
    expect(spent.message).toMatch(/budget/);
    expect(await requestsWith(apiKey)).toHaveLength(1);
  });

  it("is the project's own: another tenant's prompt is 404, no credential 401, a read key 403", async () => {
    const { p } = await judgeProject();
    await createPrompt(p.owner);
    const other = await signUp();
    const url = `${base(p.owner)}/answer/versions/1/try`;
    await expectError(
      await asUser(other.cookie, url, { method: "POST", json: { variables } }),
      404,
      "NOT_FOUND",
    );
    await expectError(
      await call(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
      401,
      "UNAUTHENTICATED",
    );
    const read = await createKey(p.owner, ["read"]);
    await expectError(await asKey(read.key, url, { method: "POST", json: { variables } }), 403, "FORBIDDEN");
  });
});
