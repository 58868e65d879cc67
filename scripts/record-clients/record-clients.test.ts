/**
 * The recording tool's own parts (the capture server, the scripted scenario) and the shape of the
 * committed fixtures. The recording itself needs the libraries installed outside the repo and runs
 * by hand (README.md); the fixtures' meaning is tested by the replay tests that read them.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenAIServer, startOpenAIServer } from "../openai-server.ts";
import { type CaptureServer, startCaptureServer } from "./capture-server.ts";
import { libraries } from "./libraries.ts";
import { type ModelCall, modelCallsFrom, scenario, scenarioRules } from "./scenario.ts";

describe("capture server", () => {
  let capture: CaptureServer;
  beforeAll(async () => {
    capture = await startCaptureServer();
  });
  afterAll(() => capture.close());

  it("keeps a protobuf body byte for byte, still compressed, and answers an empty protobuf response", async () => {
    const body = gzipSync(Buffer.from([0x0a, 0x02, 0x08, 0x01]));
    const res = await fetch(`${capture.url}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/x-protobuf", "content-encoding": "gzip", "user-agent": "x" },
      body,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-protobuf");
    expect((await res.arrayBuffer()).byteLength).toBe(0);
    const recorded = capture.requests.at(-1);
    expect(recorded?.path).toBe("/v1/traces");
    expect(recorded?.headers).toEqual({
      "content-type": "application/x-protobuf",
      "content-encoding": "gzip",
    });
    expect(recorded?.body.equals(body)).toBe(true);
  });

  it("accepts any path, keeps authorization and x-* headers, and answers {} to JSON", async () => {
    const res = await fetch(`${capture.url}/api/public/otel/v1/traces`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: "Basic cGstbGYtdGVzdDpzay1sZi10ZXN0",
        "x-langfuse-sdk-name": "javascript",
      },
      body: "{}",
    });
    expect(await res.json()).toEqual({});
    expect(capture.requests.at(-1)).toMatchObject({
      method: "POST",
      path: "/api/public/otel/v1/traces",
      headers: { authorization: "Basic cGstbGYtdGVzdDpzay1sZi10ZXN0", "x-langfuse-sdk-name": "javascript" },
    });
  });
});

describe("scripted scenario", () => {
  let server: OpenAIServer;
  let openai: OpenAI;
  beforeAll(async () => {
    server = await startOpenAIServer();
    server.script(scenarioRules());
    openai = new OpenAI({ apiKey: "sk-test", baseURL: server.url, maxRetries: 0 });
  });
  afterAll(() => server.close());

  it("answers each call with its own usage, and reports the calls as the server answered them", async () => {
    const question = { role: "user" as const, content: scenario.question };
    const first = await openai.chat.completions.create({ model: scenario.chatModel, messages: [question] });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === "function" && call.function).toEqual({
      name: "get_weather",
      arguments: '{"city":"Paris"}',
    });
    const second = await openai.chat.completions.create({
      model: scenario.chatModel,
      messages: [
        question,
        { role: "tool", tool_call_id: "call_weather_1", content: JSON.stringify(scenario.tool.result) },
      ],
    });
    expect(second.choices[0]?.message.content).toBe(scenario.finalAnswer);
    for (const includeUsage of [true, false]) {
      const stream = await openai.chat.completions.create({
        model: scenario.chatModel,
        messages: [{ role: "user", content: scenario.streamQuestion }],
        stream: true,
        ...(includeUsage && { stream_options: { include_usage: true } }),
      });
      let text = "";
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
      expect(text).toBe(scenario.streamAnswer);
    }
    await openai.embeddings.create({ model: scenario.embeddingModel, input: scenario.embeddingInput });
    await expect(
      openai.chat.completions.create({
        model: scenario.chatModel,
        messages: [{ role: "user", content: scenario.failingQuestion }],
      }),
    ).rejects.toThrow(scenario.failure.message);

    const calls = modelCallsFrom(server.requests).map(({ call, inputTokens, outputTokens, failed }) => ({
      call,
      inputTokens,
      outputTokens,
      failed,
    }));
    expect(calls).toEqual([
      { call: "tool-call", inputTokens: 101, outputTokens: 17, failed: false },
      { call: "final-answer", inputTokens: 203, outputTokens: 19, failed: false },
      { call: "stream", inputTokens: 307, outputTokens: 23, failed: false },
      // Without stream_options.include_usage the server sends no usage, and the fixture says so.
      { call: "stream", inputTokens: null, outputTokens: null, failed: false },
      { call: "embedding", inputTokens: 11, outputTokens: 0, failed: false },
      { call: "failure", inputTokens: null, outputTokens: null, failed: true },
    ]);
  });
});

describe("committed fixtures", () => {
  const dir = join(import.meta.dirname, "../../tests/fixtures/clients");

  for (const lib of libraries) {
    it(`${lib.id}: one of each model call, totals that add up, requests and a decoded view`, () => {
      const path = join(dir, `${lib.id}.json`);
      const decodedPath = join(dir, `${lib.id}.decoded.json`);
      expect(existsSync(path) && existsSync(decodedPath)).toBe(true);
      expect(statSync(path).size).toBeLessThan(200_000);
      const fixture = JSON.parse(readFileSync(path, "utf8"));
      const calls = fixture.modelCalls as ModelCall[];
      expect(calls.map((c) => c.call).sort()).toEqual(
        ["embedding", "failure", "final-answer", "stream", "tool-call"].sort(),
      );
      expect(fixture.usageTotals).toEqual({
        inputTokens: calls.reduce((n, c) => n + (c.inputTokens ?? 0), 0),
        outputTokens: calls.reduce((n, c) => n + (c.outputTokens ?? 0), 0),
      });
      expect(fixture.requests.length).toBeGreaterThan(0);
      for (const request of fixture.requests) {
        expect(request.method).toBe("POST");
        expect(Buffer.from(request.bodyBase64, "base64").length).toBeGreaterThan(0);
      }
      const decoded = JSON.parse(readFileSync(decodedPath, "utf8"));
      expect(decoded.spans.length).toBeGreaterThan(0);
    });
  }
});
