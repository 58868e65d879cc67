/**
 * The precedence between conventions (conventions/index.ts): when a span speaks several, the
 * written order decides, field by field; a convention that says nothing leaves the field to the next.
 */
import { describe, expect, it } from "vitest";
import type { Attributes, RawSpan } from "../otlp/model";
import { CONVENTIONS, mapSpan } from ".";

const span = (attributes: Attributes, more: Partial<RawSpan> = {}): RawSpan => ({
  traceId: "a".repeat(32),
  spanId: "b".repeat(16),
  parentSpanId: "c".repeat(16),
  name: "span",
  kind: 1,
  startUs: 1,
  endUs: 2,
  attributes,
  resource: {},
  events: [],
  statusCode: 0,
  statusMessage: null,
  ...more,
});

describe("convention precedence", () => {
  it("is the documented order", () => {
    expect(CONVENTIONS.map((c) => c.name)).toEqual([
      "mlflow",
      "langfuse",
      "openinference",
      "vercel-ai",
      "traceloop",
      "genai",
      "otel",
    ]);
  });

  it("takes each field from the first convention that says it", () => {
    const m = mapSpan(
      span({
        "mlflow.spanType": '"RETRIEVER"',
        "openinference.span.kind": "LLM",
        "gen_ai.operation.name": "chat",
        "llm.model_name": "from-openinference",
        "gen_ai.request.model": "from-genai",
        "gen_ai.usage.input_tokens": 7,
        "gen_ai.usage.output_tokens": 3,
        "session.id": "plain-otel",
        "traceloop.association.properties.session_id": "traceloop",
      }),
    );
    expect(m.spanType).toBe("RETRIEVER"); // MLflow's, first
    expect(m.model).toBe("from-openinference"); // MLflow says none; OpenInference before GenAI
    expect(m.usage).toMatchObject({ input: 7, output: 3 }); // only GenAI says it
    expect(m.sessionId).toBe("plain-otel"); // OpenInference reads session.id before Traceloop
    expect(m.conventions).toEqual(["mlflow", "openinference", "traceloop", "genai", "otel"]);
  });

  it("prefers OpenInference's flattened messages to a serialised input.value on model spans", () => {
    const m = mapSpan(
      span({
        "openinference.span.kind": "LLM",
        "input.value": '{"lc":1,"type":"constructor","id":["langchain_core","messages","HumanMessage"]}',
        "llm.input_messages.0.message.role": "user",
        "llm.input_messages.0.message.content": "What is the weather in Paris?",
        "llm.output_messages.0.message.role": "assistant",
        "llm.output_messages.0.message.tool_calls.0.tool_call.id": "call_1",
        "llm.output_messages.0.message.tool_calls.0.tool_call.function.name": "get_weather",
        "llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments": '{"city":"Paris"}',
      }),
    );
    expect(m.inputs).toEqual([
      { role: "user", parts: [{ type: "text", content: "What is the weather in Paris?" }] },
    ]);
    expect(m.outputs).toEqual([
      {
        role: "assistant",
        parts: [{ type: "tool_call", id: "call_1", name: "get_weather", arguments: { city: "Paris" } }],
      },
    ]);
  });

  it("reads the AI SDK's usage only on its model calls, not on the wrapper that repeats it", () => {
    const usage = { "ai.usage.inputTokens": 304, "ai.usage.outputTokens": 36, "ai.model.id": "gpt-4o-mini" };
    expect(mapSpan(span({ "ai.operationId": "ai.generateText", ...usage })).usage).toBeNull();
    expect(mapSpan(span({ "ai.operationId": "ai.generateText.doGenerate", ...usage })).usage).toMatchObject({
      input: 304,
      output: 36,
    });
  });

  it("types a Langfuse generation of an embedding model as an embedding", () => {
    const generation = { "langfuse.observation.type": "generation" };
    expect(
      mapSpan(span({ ...generation, "langfuse.observation.model.name": "text-embedding-3-small" })).spanType,
    ).toBe("EMBEDDING");
    expect(mapSpan(span({ ...generation, "langfuse.observation.model.name": "gpt-4o-mini" })).spanType).toBe(
      "CHAT_MODEL",
    );
  });

  it("marks a failure where the library says it instead of the status (Langfuse level, GenAI error.type)", () => {
    expect(
      mapSpan(span({ "langfuse.observation.type": "generation", "langfuse.observation.level": "ERROR" }))
        .failure,
    ).toEqual({ message: null });
    expect(
      mapSpan(span({ "gen_ai.operation.name": "chat", "error.type": "RateLimitError" })).failure,
    ).toEqual({
      message: "RateLimitError",
    });
  });
});
