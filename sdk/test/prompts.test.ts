/**
 * The prompt registry through the SDK against the real local stack (stack-setup.ts): register
 * (create, then new versions), get by URI, number, alias and latest, rendering as the server
 * renders (same output, same missing-variable message), chat messages, aliases moved by this
 * client, list and versions, and links: rendering inside a span names the version on the stored
 * trace. Caching is in prompts-cache.test.ts.
 */
import { describe, expect, it } from "vitest";
import { init, prompts as modulePrompts, Prompt, SightlineError, scorer, shutdown } from "../src/index.ts";
import { baseUrl, type PromptTestClient, promptClient } from "./prompt-clients.ts";
import { rejection } from "./rejection.ts";

const CHAT = [
  { role: "system", content: "You answer questions about {{ product }} for {{customer.name}}." },
  { role: "user", content: "{{ question }} Context: {{ context }} (literal {{ not a var }})" },
];

/** The server's own render of a version, for comparison with the SDK's. */
async function serverRender(t: PromptTestClient, name: string, version: number, variables: object) {
  const res = await fetch(
    `${baseUrl}/api/v1/projects/${t.projectId}/prompts/${name}/versions/${version}/render`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json" },
      body: JSON.stringify({ variables }),
    },
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("register and get", () => {
  it("creates a prompt, saves later templates as new versions, and gets them by every reference", async () => {
    const t = await promptClient("prompts-get");
    const { prompts } = t.client;
    const v1 = await prompts.register({
      name: "faq",
      template: "Answer {{ question }} briefly.",
      description: "FAQ answers",
      tags: ["support"],
      modelConfig: { model: "gpt-4o-mini", temperature: 0.2 },
      message: "first",
    });
    expect(v1).toBeInstanceOf(Prompt);
    expect(v1).toMatchObject({
      name: "faq",
      version: 1,
      kind: "text",
      variables: ["question"],
      modelConfig: { model: "gpt-4o-mini", temperature: 0.2 },
      responseFormat: null,
      message: "first",
      uri: "prompts:/faq/1",
      isFallback: false,
    });
    const v2 = await prompts.register({
      name: "faq",
      template: CHAT,
      responseFormat: { type: "object", properties: { answer: { type: "string" } } },
    });
    expect(v2).toMatchObject({
      version: 2,
      kind: "chat",
      variables: ["product", "customer.name", "question", "context"],
    });
    await prompts.setAlias("faq", "production", 1);

    // Another client (a fresh cache) reads them through every form.
    const other = t.another().client.prompts;
    expect((await other.get("prompts:/faq/1")).version).toBe(1);
    expect((await other.get("faq", { version: 2 })).version).toBe(2);
    expect((await other.get("prompts:/faq@production")).version).toBe(1);
    expect((await other.get("faq", { alias: "production" })).version).toBe(1);
    expect((await other.get("prompts:/faq@latest")).version).toBe(2);
    expect((await other.get("faq")).version).toBe(2);
    expect((await other.get("faq", { version: 2 })).responseFormat).toEqual({
      type: "object",
      properties: { answer: { type: "string" } },
    });

    const list = await prompts.list({ tag: "support" });
    expect(list.prompts.map((p) => [p.name, p.latestVersion, p.aliases])).toEqual([
      ["faq", 2, [{ alias: "production", version: 1 }]],
    ]);
    const versions = await prompts.versions("faq");
    expect(versions.map((v) => [v.prompt.version, v.aliases])).toEqual([
      [2, ["latest"]],
      [1, ["production"]],
    ]);
  });

  it("refuses bad references before sending, and names the aliases there are for an unknown one", async () => {
    const t = await promptClient("prompts-refs");
    const { prompts } = t.client;
    await prompts.register({ name: "faq", template: "Hi" });
    for (const [ref, options, words] of [
      ["prompts:/faq", {}, "is not a prompt URI"],
      ["prompts:/faq/0", {}, "is not a prompt URI"],
      ["prompts:/faq@production", { version: 1 }, "already names its version"],
      ["faq", { version: 1, alias: "x" }, "not both"],
      ["faq", { version: 1.5 }, "version must be a version number"],
      ["fa q", {}, "is not a prompt name"],
      ["resolve", {}, "is not a prompt name"],
      ["faq", { alias: "a/b" }, "alias must be"],
      ["faq", { fallback: { template: [] } }, "fallback.template must be"],
    ] as const) {
      const error = await rejection(prompts.get(ref, options as object));
      expect([error.kind, error.message]).toEqual(["invalid_input", expect.stringContaining(words)]);
    }
    const unknownAlias = await rejection(prompts.get("faq", { alias: "production" }));
    expect(unknownAlias).toMatchObject({ kind: "api_error", status: 404 });
    expect(unknownAlias.message).toContain(
      'Prompt "faq" has no alias "production"; its aliases are: latest.',
    );
    expect(await rejection(prompts.get("missing", { version: 1 }))).toMatchObject({ status: 404 });
    const bad = await rejection(
      prompts.register({ name: "x", template: [{ role: "robot", content: "" }] } as never),
    );
    expect(bad.message).toContain("template[0] must be { role: system | developer | user | assistant");
    expect(t.reported).toEqual([]);
  });
});

describe("module-level prompts", () => {
  it("go through the client init() made", async () => {
    const t = await promptClient("prompts-module");
    init({ apiKey: t.key, baseUrl, projectId: t.projectId });
    try {
      expect((await modulePrompts.register({ name: "mod", template: "hi" })).version).toBe(1);
      expect((await modulePrompts.get("mod")).render()).toBe("hi");
      expect((await modulePrompts.list()).prompts.map((p) => p.name)).toEqual(["mod"]);
    } finally {
      await shutdown();
    }
  });
});

describe("rendering", () => {
  it("renders as the server does: strings as they are, other values as JSON, unknown text kept", async () => {
    const t = await promptClient("prompts-render");
    const chat = await t.client.prompts.register({ name: "chat", template: CHAT });
    const text = await t.client.prompts.register({
      name: "text",
      template: "Q: {{question}} / meta {{ meta }} / {{ meta }} / {{ nope! }}",
    });
    const vars = {
      product: "Sightline",
      "customer.name": "Ada",
      question: "Why?",
      context: { docs: [1, 2], ok: true },
      meta: null,
      unused: "fine",
    };
    const messages = chat.toMessages(vars);
    expect(messages).toEqual([
      { role: "system", content: "You answer questions about Sightline for Ada." },
      { role: "user", content: 'Why? Context: {"docs":[1,2],"ok":true} (literal {{ not a var }})' },
    ]);
    expect(messages).toEqual((await serverRender(t, "chat", 1, vars)).body.messages);
    expect(text.render(vars)).toBe("Q: Why? / meta null / null / {{ nope! }}");
    expect(text.render(vars)).toBe((await serverRender(t, "text", 1, vars)).body.text);
    // A text template as chat messages: one user message.
    expect(text.toMessages(vars)).toEqual([
      { role: "user", content: "Q: Why? / meta null / null / {{ nope! }}" },
    ]);
  });

  it("names missing variables in the server's words, and sends chat templates to toMessages()", async () => {
    const t = await promptClient("prompts-missing");
    const chat = await t.client.prompts.register({ name: "chat", template: CHAT });
    const missing = () => chat.toMessages({ product: "x", question: "q" });
    expect(missing).toThrow(SightlineError);
    expect(missing).toThrow('Missing variables "customer.name", "context" for prompt "chat" version 1.');
    const server = await serverRender(t, "chat", 1, { product: "x", question: "q" });
    expect(server.status).toBe(422);
    expect((server.body.error as { message: string }).message).toContain(
      'Missing variables "customer.name", "context" for prompt "chat" version 1.',
    );
    const text = await t.client.prompts.register({ name: "one", template: "Hi {{ who }}" });
    expect(() => text.render({})).toThrow('Missing variable "who" for prompt "one" version 1.');
    expect(() => text.render([] as never)).toThrow("must be an object of named values");
    expect(() => chat.render({})).toThrow(
      'Prompt "chat" version 1 is a chat template (2 messages): use toMessages()',
    );
    // The cached copy cannot be changed by the app.
    expect(() => (chat.template as { content: string }[]).push({ content: "x" })).toThrow();
  });
});

describe("aliases", () => {
  it("setAlias moves an alias and this client serves the move at once", async () => {
    const t = await promptClient("prompts-alias");
    const { prompts } = t.client;
    await prompts.register({ name: "faq", template: "one" });
    await prompts.register({ name: "faq", template: "two" });
    const set = await prompts.setAlias("faq", "production", 1);
    expect(set).toMatchObject({ alias: "production", version: 1 });
    expect((await prompts.get("faq", { alias: "production" })).render()).toBe("one");
    const moved = await prompts.setAlias("faq", "production", 2);
    expect(moved.history.map((h) => [h.fromVersion, h.toVersion])).toEqual([
      [1, 2],
      [null, 1],
    ]);
    expect((await prompts.get("faq", { alias: "production" })).render()).toBe("two");
    expect(await rejection(prompts.setAlias("faq", "latest", 1))).toMatchObject({ kind: "invalid_input" });
    expect(await rejection(prompts.setAlias("faq", "production", 9))).toMatchObject({ status: 422 });
  });
});

describe("links", () => {
  it("rendering inside a span names the versions on the stored trace", async () => {
    const t = await promptClient("prompts-links");
    const { client } = t;
    await client.prompts.register({ name: "answer", template: CHAT });
    await client.prompts.register({ name: "answer", template: "v2 {{ question }}" });
    await client.prompts.register({ name: "router", template: "Route {{ question }}" });
    await client.prompts.setAlias("answer", "production", 1);
    const answer = await client.prompts.get("prompts:/answer@production");
    const router = await client.prompts.get("router");
    const outside = await client.prompts.get("answer", { version: 2 });
    outside.render({ question: "no span here" });

    const traceId = await client.withSpan({ name: "agent" }, async (span) => {
      answer.toMessages({ product: "p", "customer.name": "c", question: "q", context: "" });
      router.render({ question: "q" });
      router.render({ question: "again" });
      expect(span.getAttribute("sightline.prompt")).toBe('["prompts:/answer/1","prompts:/router/1"]');
      return span.traceId;
    });
    await client.flush();
    const trace = await waitForTraceOf(t, traceId);
    expect(trace.prompts.map((p) => `${p.name}/${p.version}`).sort()).toEqual(["answer/1", "router/1"]);
    expect(t.reported).toEqual([]);
  });
});

describe("in evaluation runs", () => {
  it("a run says which prompt versions its app rendered, and in how many of its traces", async () => {
    const t = await promptClient("prompts-runs");
    const { client } = t;
    await client.prompts.register({ name: "answer", template: "Answer {{ question }}" });
    await client.prompts.register({ name: "answer", template: "Answer briefly: {{ question }}" });
    await client.prompts.setAlias("answer", "production", 1);
    const result = await client.evaluate({
      name: "prompted",
      data: ["a", "b", "c"].map((question) => ({ inputs: { question } })),
      predictFn: async ({ question }) =>
        (await client.prompts.get("prompts:/answer@production")).render({ question: String(question) }),
      scorers: [scorer("short", ({ outputs }) => String(outputs).length < 40)],
      pollIntervalMs: 100,
    });
    await client.flush();
    // The traces' links are read when the run is: they may land after the run completed.
    let prompts: unknown;
    for (let i = 0; i < 100; i++) {
      prompts = (await client.evaluations.get(result.runId)).prompts;
      if (Array.isArray(prompts) && prompts.length > 0 && prompts[0].traces === 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(prompts).toEqual([{ name: "answer", version: 1, traces: 3 }]);
  });
});

async function waitForTraceOf(t: PromptTestClient, traceId: string) {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${baseUrl}/api/v1/projects/${t.projectId}/traces/${traceId}`, {
      headers: { authorization: `Bearer ${t.key}` },
    });
    if (res.status === 200) return (await res.json()) as { prompts: { name: string; version: number }[] };
    await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`trace ${traceId} was not stored within 10 s`);
}
