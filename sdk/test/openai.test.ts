import OpenAI, { InternalServerError, RateLimitError } from "openai";
import { APIPromise } from "openai/core/api-promise";
import { Stream } from "openai/core/streaming";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type OpenAIServer, startOpenAIServer } from "../../scripts/openai-server.ts";
import { SightlineClient, type SightlineError, SpanType, wrapOpenAI } from "../src/index.ts";
import { type Collector, type DecodedSpan, startCollector } from "./collector.ts";

let server: OpenAIServer;
let collector: Collector;
let sightline: SightlineClient;
let errors: SightlineError[];
let raw: OpenAI;
let openai: OpenAI;

beforeAll(async () => {
  [server, collector] = await Promise.all([startOpenAIServer(), startCollector()]);
});
afterAll(() => Promise.all([server.close(), collector.close()]));
beforeEach(() => {
  server.reset();
  collector.requests.length = 0;
  errors = [];
  sightline = new SightlineClient({
    apiKey: "sl_test",
    baseUrl: collector.baseUrl,
    flushIntervalMs: 60_000,
    onError: (e) => errors.push(e),
  });
  // logLevel "off": the malformed-stream test makes the client log before it throws, as expected.
  raw = new OpenAI({ apiKey: "test", baseURL: server.url, maxRetries: 0, logLevel: "off" });
  openai = wrapOpenAI(raw, { client: sightline });
});
afterEach(async () => {
  await sightline.shutdown();
  expect(errors).toEqual([]);
});

async function spans(): Promise<DecodedSpan[]> {
  await sightline.flush();
  return collector.spans();
}

async function onlySpan(): Promise<DecodedSpan> {
  const all = await spans();
  expect(all).toHaveLength(1);
  return all[0] as DecodedSpan;
}

const json = (value: unknown) => JSON.parse(String(value));
const withoutVolatile = <T extends object>(value: T) => ({ ...value, id: "-", created: 0 });

describe("chat.completions.create", () => {
  it("records a CHAT_MODEL span with messages, parameters, output and usage; returns what the client returns", async () => {
    const body = {
      model: "gpt-4o-mini",
      temperature: 0.3,
      max_tokens: 50,
      messages: [
        { role: "system" as const, content: "be brief" },
        { role: "user" as const, content: "hello world" },
      ],
    };
    const call = openai.chat.completions.create(body);
    expect(call).toBeInstanceOf(APIPromise);
    const completion = await call;
    const expected = await raw.chat.completions.create(body);
    expect(withoutVolatile(completion)).toEqual(withoutVolatile(expected));
    expect(completion._request_id).toBeDefined();

    const span = await onlySpan();
    expect(span.name).toBe("chat gpt-4o-mini");
    expect(span.status).toEqual({ code: 1 });
    expect(span.attributes).toMatchObject({
      "mlflow.spanType": SpanType.CHAT_MODEL,
      "gen_ai.system": "openai",
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.request.temperature": 0.3,
      "gen_ai.request.max_tokens": 50,
      "gen_ai.response.model": "gpt-4o-mini",
      "gen_ai.response.id": completion.id,
      "gen_ai.response.finish_reasons": ["stop"],
      "gen_ai.usage.input_tokens": 4,
      "gen_ai.usage.output_tokens": 3,
    });
    expect(json(span.attributes["mlflow.spanInputs"])).toEqual(body);
    expect(json(span.attributes["mlflow.spanOutputs"]).choices[0].message).toMatchObject({
      role: "assistant",
      content: "echo: hello world",
    });
  });

  it("traces parse() (structured outputs) once, with the parsed answer returned as the client returns it", async () => {
    server.script([{ reply: { content: '{"city":"Paris","days":3}' } }]);
    const body = {
      model: "gpt-4o-mini",
      messages: [{ role: "user" as const, content: "plan a trip" }],
      response_format: {
        type: "json_schema" as const,
        json_schema: {
          name: "trip",
          strict: true,
          schema: {
            type: "object",
            properties: { city: { type: "string" }, days: { type: "number" } },
            required: ["city", "days"],
            additionalProperties: false,
          },
        },
      },
    };
    const parsed = await openai.chat.completions.parse(body);
    expect(parsed.choices[0]?.message.parsed).toEqual({ city: "Paris", days: 3 });
    const span = await onlySpan();
    expect(span.name).toBe("chat gpt-4o-mini");
    expect(span.attributes).toMatchObject({
      "mlflow.spanType": SpanType.CHAT_MODEL,
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.usage.input_tokens": 3,
    });
    expect(json(span.attributes["mlflow.spanOutputs"]).choices[0].message.content).toBe(
      '{"city":"Paris","days":3}',
    );
  });

  it("parents the span under the active span and keeps withResponse()", async () => {
    await sightline.withSpan({ name: "agent", spanType: SpanType.AGENT }, async () => {
      const { data, response, request_id } = await openai.chat.completions
        .create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] })
        .withResponse();
      expect(data.choices[0]?.message.content).toBe("echo: hi");
      expect(response.status).toBe(200);
      expect(request_id).toBeNull();
    });
    const all = await spans();
    const agent = all.find((s) => s.name === "agent");
    const chat = all.find((s) => s.name === "chat gpt-4o");
    expect(chat?.parentSpanId).toBe(agent?.spanId);
    expect(chat?.traceId).toBe(agent?.traceId);
  });

  it("assembles a streamed answer with tool calls and usage, and the caller sees the same chunks", async () => {
    server.script([
      {
        reply: {
          content: "Let me check.",
          toolCalls: [
            { id: "call_a", name: "get_weather", arguments: { city: "Paris" } },
            { id: "call_b", name: "get_time", arguments: { tz: "CET" } },
          ],
        },
      },
    ]);
    const body = {
      model: "gpt-4o-mini",
      messages: [{ role: "user" as const, content: "weather and time?" }],
      stream: true as const,
      stream_options: { include_usage: true },
    };
    const stream = await openai.chat.completions.create(body);
    expect(stream).toBeInstanceOf(Stream);
    const seen = [];
    for await (const chunk of stream) seen.push(withoutVolatile(chunk));
    const direct = [];
    for await (const chunk of await raw.chat.completions.create(body)) direct.push(withoutVolatile(chunk));
    expect(seen).toEqual(direct);

    const span = await onlySpan();
    expect(span.status).toEqual({ code: 1 });
    expect(span.attributes).toMatchObject({
      "gen_ai.response.finish_reasons": ["tool_calls"],
      "gen_ai.usage.input_tokens": 3,
      "gen_ai.usage.output_tokens": 7,
    });
    const outputs = json(span.attributes["mlflow.spanOutputs"]);
    expect(outputs).toMatchObject({ object: "chat.completion", model: "gpt-4o-mini" });
    expect(outputs.usage).toEqual({ prompt_tokens: 3, completion_tokens: 7, total_tokens: 10 });
    expect(outputs.choices).toEqual([
      {
        index: 0,
        finish_reason: "tool_calls",
        message: {
          role: "assistant",
          content: "Let me check.",
          tool_calls: [
            {
              id: "call_a",
              type: "function",
              function: { name: "get_weather", arguments: '{"city":"Paris"}' },
            },
            { id: "call_b", type: "function", function: { name: "get_time", arguments: '{"tz":"CET"}' } },
          ],
        },
      },
    ]);
  });

  it("does not ask for stream usage unless injectStreamUsage is set, which then hides the extra chunk", async () => {
    const body = {
      model: "gpt-4o-mini",
      messages: [{ role: "user" as const, content: "a b" }],
      stream: true as const,
    };
    const collect = async (client: OpenAI) => {
      const chunks = [];
      for await (const chunk of await client.chat.completions.create(body))
        chunks.push(withoutVolatile(chunk));
      return chunks;
    };
    const plain = await collect(openai);
    expect(server.requests[0]?.body).not.toHaveProperty("stream_options");
    const plainSpan = await onlySpan();
    expect(plainSpan.attributes).not.toHaveProperty("gen_ai.usage.input_tokens");
    expect(json(plainSpan.attributes["mlflow.spanOutputs"]).choices[0].message.content).toBe("echo: a b");

    const injecting = wrapOpenAI(raw, { client: sightline, injectStreamUsage: true });
    const injected = await collect(injecting);
    expect(server.requests[1]?.body).toMatchObject({ stream_options: { include_usage: true } });
    expect(injected).toEqual(plain);
    const usageSpan = (await spans())[1];
    expect(usageSpan?.attributes).toMatchObject({
      "gen_ai.usage.input_tokens": 2,
      "gen_ai.usage.output_tokens": 3,
    });
  });

  it("ends the span when the caller stops reading early", async () => {
    const stream = await openai.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "one two three four" }],
      stream: true,
    });
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) break;
    }
    const span = await onlySpan();
    expect(span.status).toEqual({ code: 1 });
    expect(span.attributes["sightline.stream.cancelled"]).toBe(true);
  });
});

describe("chat.completions helpers", () => {
  it("traces stream() as one CHAT_MODEL span with the assembled answer and usage", async () => {
    const stream = openai.chat.completions.stream({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hello there" }],
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe("echo: hello there");
    const span = await onlySpan();
    expect(span.name).toBe("chat gpt-4o-mini");
    expect(span.status).toEqual({ code: 1 });
    expect(span.attributes).toMatchObject({
      "mlflow.spanType": SpanType.CHAT_MODEL,
      "gen_ai.usage.input_tokens": 2,
      "gen_ai.usage.output_tokens": 3,
    });
    expect(json(span.attributes["mlflow.spanOutputs"]).choices[0].message.content).toBe("echo: hello there");
  });

  it("traces each model call of runTools() as a CHAT_MODEL span under the active span", async () => {
    server.script([
      {
        times: 1,
        reply: { content: null, toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
      },
    ]);
    const answer = await sightline.withSpan({ name: "agent", spanType: SpanType.AGENT }, () =>
      openai.chat.completions
        .runTools({
          model: "gpt-4o-mini",
          messages: [{ role: "user", content: "weather in Paris" }],
          tools: [
            {
              type: "function",
              function: {
                name: "get_weather",
                description: "The weather in a city",
                parameters: { type: "object", properties: { city: { type: "string" } } },
                parse: (input: string) => JSON.parse(input) as { city: string },
                function: ({ city }: { city: string }) => `sunny in ${city}`,
              },
            },
          ],
        })
        .finalContent(),
    );
    expect(answer).toBe("echo: weather in Paris");
    const all = await spans();
    const agent = all.find((s) => s.name === "agent");
    const calls = all.filter((s) => s.attributes["mlflow.spanType"] === SpanType.CHAT_MODEL);
    expect(calls.map((s) => s.attributes["gen_ai.response.finish_reasons"])).toEqual([
      ["tool_calls"],
      ["stop"],
    ]);
    expect(calls.every((s) => s.parentSpanId === agent?.spanId)).toBe(true);
    // The second call carries the tool's result back to the model.
    expect(json(calls[1]?.attributes["mlflow.spanInputs"]).messages.at(-1)).toMatchObject({
      role: "tool",
      content: "sunny in Paris",
    });
  });
});

describe("responses.create", () => {
  it("records the Responses output and usage", async () => {
    const response = await openai.responses.create({
      model: "gpt-4o",
      input: "tell me a joke",
      temperature: 0,
    });
    expect(response.output_text).toBe("echo: tell me a joke");
    const span = await onlySpan();
    expect(span.name).toBe("responses gpt-4o");
    expect(span.attributes).toMatchObject({
      "mlflow.spanType": "CHAT_MODEL",
      "gen_ai.operation.name": "chat",
      "gen_ai.request.temperature": 0,
      "gen_ai.response.model": "gpt-4o",
      "gen_ai.usage.input_tokens": 4,
      "gen_ai.usage.output_tokens": 5,
    });
    expect(json(span.attributes["mlflow.spanOutputs"])).toMatchObject({
      output_text: "echo: tell me a joke",
      output: [{ type: "message", content: [{ type: "output_text", text: "echo: tell me a joke" }] }],
    });
  });

  it("records a streamed response from its completed event", async () => {
    const stream = await openai.responses.create({ model: "gpt-4o", input: "hi there", stream: true });
    let text = "";
    for await (const event of stream) if (event.type === "response.output_text.delta") text += event.delta;
    expect(text).toBe("echo: hi there");
    const span = await onlySpan();
    expect(span.attributes).toMatchObject({
      "gen_ai.usage.input_tokens": 2,
      "gen_ai.usage.output_tokens": 3,
    });
    expect(json(span.attributes["mlflow.spanOutputs"]).status).toBe("completed");
  });
});

describe("embeddings.create", () => {
  it("records an EMBEDDING span with usage and vector sizes, returning the decoded vectors", async () => {
    const body = { model: "text-embedding-3-small", input: ["first text", "second"], dimensions: 4 };
    const result = await openai.embeddings.create(body);
    const direct = await raw.embeddings.create(body);
    expect(result.data.map((d) => Array.from(d.embedding))).toEqual(
      direct.data.map((d) => Array.from(d.embedding)),
    );
    expect(result.data[0]?.embedding).toHaveLength(4);

    const span = await onlySpan();
    expect(span.name).toBe("embeddings text-embedding-3-small");
    expect(span.attributes).toMatchObject({
      "mlflow.spanType": "EMBEDDING",
      "gen_ai.operation.name": "embeddings",
      "gen_ai.request.model": "text-embedding-3-small",
      "gen_ai.embeddings.dimension.count": 4,
      "gen_ai.usage.input_tokens": 3,
    });
    expect(json(span.attributes["mlflow.spanOutputs"])).toEqual({
      object: "list",
      model: "text-embedding-3-small",
      data: [
        { index: 0, dimensions: 4 },
        { index: 1, dimensions: 4 },
      ],
      usage: { prompt_tokens: 3, total_tokens: 3 },
    });
  });
});

describe("failures", () => {
  const ask = () =>
    openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x" }] });

  it.each([
    [500, InternalServerError],
    [429, RateLimitError],
  ] as const)("records HTTP %i as an ERROR span and rethrows the client's error", async (status, type) => {
    server.script([{ reply: { status, error: { message: "scripted outage" } } }]);
    const error = await ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    const span = await onlySpan();
    expect(span.status.code).toBe(2);
    expect(span.status.message).toContain("scripted outage");
    expect(span.attributes).toMatchObject({ "http.response.status_code": status, "error.type": type.name });
    expect(span.events.map((e) => e.name)).toEqual(["exception"]);
  });

  it("records a malformed body as an ERROR span", async () => {
    server.script([{ reply: { malformed: true } }]);
    await expect(ask()).rejects.toThrow();
    expect((await onlySpan()).status.code).toBe(2);
  });

  it("records a stream cut mid-way as an ERROR span with what had arrived", async () => {
    server.script([{ reply: { cutStreamAfter: 3 } }]);
    const stream = await openai.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "alpha beta gamma delta" }],
      stream: true,
    });
    let text = "";
    await expect(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
      })(),
    ).rejects.toThrow();
    const span = await onlySpan();
    expect(span.status.code).toBe(2);
    expect(json(span.attributes["mlflow.spanOutputs"]).choices[0].message.content).toBe(text);
  });
});

describe("the wrapped client", () => {
  it("passes everything else through unchanged", async () => {
    expect(openai).toBeInstanceOf(OpenAI);
    expect(openai.baseURL).toBe(raw.baseURL);
    expect(openai.chat.completions).toBe(openai.chat.completions);
    const models = [];
    for await (const model of openai.models.list()) models.push(model.id);
    expect(models).toContain("gpt-4o-mini");
    const scoped = openai.withOptions({ timeout: 5_000 });
    await scoped.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "y" }] });
    expect((await spans()).map((s) => s.name)).toEqual(["chat gpt-4o"]);
  });

  it("keeps asResponse() (such calls are not recorded: nothing parses their body)", async () => {
    const response = await openai.embeddings.create({ model: "e", input: "x" }).asResponse();
    expect(response.status).toBe(200);
    expect(((await response.json()) as { object: string }).object).toBe("list");
  });

  it("leaves the original client untraced", async () => {
    await raw.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "z" }] });
    expect(await spans()).toEqual([]);
  });
});
