import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  InternalServerError,
  RateLimitError,
} from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { countTokens, embeddingFor, type OpenAIServer, startOpenAIServer } from "./openai-server.ts";

let server: OpenAIServer;
let openai: OpenAI;

beforeAll(async () => {
  server = await startOpenAIServer();
  openai = new OpenAI({ apiKey: "test", baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

describe("chat completions", () => {
  it("echoes the last user message with word-count usage, and records the request", async () => {
    const completion = await openai.chat.completions.create({
      model: "gpt-4o-mini",
      temperature: 0.2,
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "hello there world" },
      ],
    });
    expect(completion.choices[0]?.message).toMatchObject({
      role: "assistant",
      content: "echo: hello there world",
    });
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.model).toBe("gpt-4o-mini");
    expect(completion.usage).toEqual({ prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 });

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.headers.authorization).toBe("Bearer test");
    expect(request?.body).toMatchObject({ model: "gpt-4o-mini", temperature: 0.2 });
  });

  it("answers scripted content, tool calls and usage from the first matching rule", async () => {
    server.script([
      { path: "/v1/chat/completions", model: "other", reply: { content: "wrong model" } },
      { path: "/v1/chat/completions", bodyIncludes: "You are a judge", reply: { content: '{"score":5}' } },
      {
        lastUserMessageIncludes: "weather",
        times: 1,
        reply: { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
      },
      {
        path: "/v1/chat/completions",
        reply: { content: "fallback", usage: { inputTokens: 7, outputTokens: 3 } },
      },
    ]);
    const ask = (content: string) =>
      openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content }] });

    const first = await ask("what is the weather in Paris?");
    expect(first.choices[0]?.finish_reason).toBe("tool_calls");
    expect(first.choices[0]?.message.content).toBeNull();
    expect(first.choices[0]?.message.tool_calls).toEqual([
      {
        id: expect.any(String),
        type: "function",
        function: { name: "get_weather", arguments: '{"city":"Paris"}' },
      },
    ]);
    const judged = await openai.chat.completions.create({
      model: "gpt-4o",
      messages: [
        { role: "system", content: "You are a judge. Answer in JSON." },
        { role: "user", content: "what is the weather in Paris?" },
      ],
    });
    expect(judged.choices[0]?.message.content).toBe('{"score":5}');
    // `times: 1` is used up, so the same question now falls through to the next rule.
    const second = await ask("what is the weather in Paris?");
    expect(second.choices[0]?.message.content).toBe("fallback");
    expect(second.usage).toEqual({ prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 });
  });

  it("computes a reply from the request, and answers 500 when that function throws", async () => {
    server.script([
      {
        path: "/v1/chat/completions",
        reply: (request) => {
          const asked = JSON.stringify(request.body);
          if (asked.includes("explode")) throw new Error("the reply function failed");
          return { content: asked.includes("refund") ? "yes" : "no", model: "judge-1" };
        },
      },
    ]);
    const ask = (content: string) =>
      openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content }] });
    const yes = await ask("is a refund mentioned?");
    expect(yes.choices[0]?.message.content).toBe("yes");
    expect(yes.model).toBe("judge-1");
    expect((await ask("is anything mentioned?")).choices[0]?.message.content).toBe("no");
    await expect(ask("explode")).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(3);
  });

  it("streams chunks, then a usage chunk when stream_options.include_usage is set", async () => {
    const stream = await openai.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "one two three" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe("echo: one two three");
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
  });

  it("streams tool calls in pieces and sends no usage chunk unless asked", async () => {
    server.script([
      { reply: { toolCalls: [{ id: "call_1", name: "lookup", arguments: '{"q":"sightline"}' }] } },
    ]);
    const stream = await openai.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "look it up" }],
      stream: true,
    });
    let args = "";
    const names: string[] = [];
    const chunks = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        if (call.function?.name) names.push(call.function.name);
        args += call.function?.arguments ?? "";
      }
    }
    expect(names).toEqual(["lookup"]);
    expect(args).toBe('{"q":"sightline"}');
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("tool_calls");
    expect(chunks.every((c) => !("usage" in c))).toBe(true);
  });

  it("paces streamed events with chunkDelayMs", async () => {
    server.script([{ reply: { content: "w ".repeat(15).trim(), chunkDelayMs: 5 } }]);
    const started = Date.now();
    const stream = await openai.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "slowly" }],
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("w ".repeat(15).trim());
    expect(Date.now() - started).toBeGreaterThanOrEqual(15 * 5);
  });
});

describe("responses", () => {
  it("answers the Responses shape with output_text and usage", async () => {
    const response = await openai.responses.create({
      model: "gpt-4o",
      instructions: "be kind",
      input: "tell me a joke",
    });
    expect(response.object).toBe("response");
    expect(response.status).toBe("completed");
    expect(response.output_text).toBe("echo: tell me a joke");
    expect(response.output[0]).toMatchObject({ type: "message", role: "assistant" });
    expect(response.usage).toMatchObject({ input_tokens: 6, output_tokens: 5, total_tokens: 11 });
  });

  it("streams Responses events ending in response.completed", async () => {
    const stream = await openai.responses.create({ model: "gpt-4o", input: "hi", stream: true });
    const types: string[] = [];
    let text = "";
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.output_text.delta") text += event.delta;
    }
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
    expect(text).toBe("echo: hi");
  });

  it("streams each output item opened, filled and closed, as OpenAI does", async () => {
    server.script([
      {
        reply: {
          content: "Sure.",
          toolCalls: [{ id: "call_1", name: "get_weather", arguments: { city: "Paris" } }],
        },
      },
    ]);
    const stream = await openai.responses.create({ model: "gpt-4o", input: "weather?", stream: true });
    const events: { type: string; output_index?: number }[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.completed",
    ]);
    const done = events.filter((e) => e.type === "response.output_item.done");
    expect(done.at(-1)).toMatchObject({
      output_index: 1,
      item: { type: "function_call", call_id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' },
    });
  });
});

describe("embeddings and models", () => {
  it("returns deterministic unit vectors from the input hash, in float and base64 encodings", async () => {
    const decoded = await openai.embeddings.create({ model: "text-embedding-3-small", input: ["a b", "c"] });
    const floats = await openai.embeddings.create({
      model: "text-embedding-3-small",
      input: ["a b", "c"],
      encoding_format: "float",
    });
    expect(floats.data.map((d) => d.embedding)).toEqual([embeddingFor("a b"), embeddingFor("c")]);
    expect(decoded.data.map((d) => Array.from(d.embedding))).toEqual(floats.data.map((d) => d.embedding));
    expect(Math.hypot(...embeddingFor("a b"))).toBeCloseTo(1, 5);
    expect(embeddingFor("a b")).not.toEqual(embeddingFor("c"));
    expect(floats.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });

    const wide = await openai.embeddings.create({
      model: "text-embedding-3-small",
      input: "x",
      dimensions: 32,
      encoding_format: "float",
    });
    expect(wide.data[0]?.embedding).toHaveLength(32);
  });

  it("lists models", async () => {
    const models = [];
    for await (const model of openai.models.list()) models.push(model.id);
    expect(models).toContain("gpt-4o-mini");
  });

  it("counts tokens as words", () => {
    expect(countTokens("  a  b\nc ")).toBe(3);
    expect(countTokens("")).toBe(0);
  });
});

describe("injected failures", () => {
  const ask = (client = openai) =>
    client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });

  it("answers 429 with Retry-After", async () => {
    server.script([{ reply: { status: 429, retryAfter: 7, error: { message: "slow down" } } }]);
    const error = await ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).status).toBe(429);
    expect((error as RateLimitError).headers?.get("retry-after")).toBe("7");
    expect((error as RateLimitError).message).toContain("slow down");
  });

  it("answers 500, and the client's own retry then succeeds once the rule is used up", async () => {
    server.script([{ times: 1, reply: { status: 500, retryAfter: 0 } }]);
    await expect(ask()).rejects.toBeInstanceOf(InternalServerError);
    server.script([{ times: 1, reply: { status: 500, retryAfter: 0 } }]);
    const retrying = new OpenAI({ apiKey: "test", baseURL: server.url, maxRetries: 1 });
    const completion = await ask(retrying);
    expect(completion.choices[0]?.message.content).toBe("echo: hi");
    expect(server.requests).toHaveLength(3);
  });

  it("answers a malformed JSON body", async () => {
    server.script([{ reply: { malformed: true } }]);
    await expect(ask()).rejects.toThrow();
  });

  it("breaks a stream with a malformed event or by cutting the connection", async () => {
    // logLevel "off": the client logs the unparsable event before throwing; the test expects it.
    const quiet = new OpenAI({ apiKey: "test", baseURL: server.url, maxRetries: 0, logLevel: "off" });
    const streamText = async () => {
      const stream = await quiet.chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "a b c d e f" }],
        stream: true,
      });
      let text = "";
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
      return text;
    };
    server.script([{ reply: { malformed: true } }]);
    await expect(streamText()).rejects.toThrow(/malformed/);
    server.script([{ reply: { cutStreamAfter: 3 } }]);
    const stream = await quiet.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "a b c d e f" }],
      stream: true,
    });
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? "");
      })(),
    ).rejects.toThrow();
    expect(received).toEqual(["", "echo: ", "a "]);
  });

  it("delays answers so client timeouts fire", async () => {
    server.script([{ reply: { delayMs: 2_000 } }]);
    const impatient = new OpenAI({ apiKey: "test", baseURL: server.url, maxRetries: 0, timeout: 100 });
    const error = await ask(impatient).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
  });
});

describe("control API and CLI", () => {
  it("takes declarative rules over HTTP, scoped by API key, and lists recorded requests", async () => {
    const base = server.url.replace(/\/v1$/, "");
    const put = await fetch(`${base}/_control/rules`, {
      method: "PUT",
      body: JSON.stringify([{ apiKey: "tenant-a", reply: { content: "for a" } }]),
    });
    expect(put.status).toBe(200);
    const tenantA = new OpenAI({ apiKey: "tenant-a", baseURL: server.url, maxRetries: 0 });
    const a = await tenantA.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "x" }],
    });
    const b = await openai.chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "x" }],
    });
    expect(a.choices[0]?.message.content).toBe("for a");
    expect(b.choices[0]?.message.content).toBe("echo: x");

    const listed = await (await fetch(`${base}/_control/requests?apiKey=tenant-a`)).json();
    expect(listed.requests).toHaveLength(1);
    expect(listed.requests[0].headers.authorization).toBe("Bearer tenant-a");

    await fetch(`${base}/_control/reset`, { method: "POST" });
    expect(server.requests).toHaveLength(0);
  });

  it("prints the base URL when run from the command line", async () => {
    const script = fileURLToPath(new URL("./openai-server.ts", import.meta.url));
    const child = spawn(process.execPath, [script, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const [line] = (await once(child.stdout, "data")) as [Buffer];
      const url = line.toString().trim();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const models = await (await fetch(`${url}/models`)).json();
      expect(models.object).toBe("list");
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  });
});
