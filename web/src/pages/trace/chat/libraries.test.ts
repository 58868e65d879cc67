/**
 * What the trace page reads from the payloads of seven real libraries, with values copied from
 * tests/fixtures/clients/*.decoded.json (their attribute values, parsed as ingest parses them).
 */
import { describe, expect, it } from "vitest";
import { asConversation, readPayload } from "./index";
import { outline } from "./testOutline";
import { toolInvocation } from "./toolSpan";

const SYSTEM = "You are a weather assistant. Use the get_weather tool to answer weather questions.";
const QUESTION = "What is the weather in Paris?";
const ANSWER = "It is 18°C and sunny in Paris.";
const RESULT = "city: Paris, temperatureC: 18, conditions: sunny";

/** The first turn of the scenario as every library's conversation should read. */
const TOOL_TURN = [
  `system: ${SYSTEM}`,
  `user: ${QUESTION}`,
  `assistant: calls get_weather · city: Paris → ${RESULT}`,
  `tool (get_weather): result ${RESULT}`,
];

function toolSpan(name: string, attributes: Record<string, unknown>, inputs: unknown, outputs: unknown) {
  return { name, spanType: "TOOL", attributes, inputs, outputs };
}

describe("vercel-ai-6 (ai.* attributes)", () => {
  it("reads ai.prompt.messages with tool-call and tool-result content parts", () => {
    const messages = JSON.parse(
      '[{"role":"system","content":"You are a weather assistant. Use the get_weather tool to answer weather questions."},{"role":"user","content":[{"type":"text","text":"What is the weather in Paris?"}]},{"role":"assistant","content":[{"type":"tool-call","toolCallId":"call_weather_1","toolName":"get_weather","input":{"city":"Paris"},"providerOptions":{"openai":{"itemId":"fc_call_weather_1"}}}]},{"role":"tool","content":[{"type":"tool-result","toolCallId":"call_weather_1","toolName":"get_weather","output":{"type":"json","value":{"city":"Paris","temperatureC":18,"conditions":"sunny"}},"providerOptions":{"openai":{"itemId":"fc_call_weather_1"}}}]}]',
    );
    expect(outline(asConversation(messages))).toEqual(TOOL_TURN);
  });

  it("reads ai.response.toolCalls, whose input is JSON text", () => {
    const calls = JSON.parse(
      '[{"toolCallId":"call_weather_1","toolName":"get_weather","input":"{\\"city\\":\\"Paris\\"}"}]',
    );
    expect(outline(asConversation(calls))).toEqual(["assistant: calls get_weather · city: Paris"]);
  });

  it("reads ai.prompt's system and prompt as two bubbles", () => {
    const prompt = { system: SYSTEM, prompt: QUESTION };
    expect(outline(asConversation(prompt))).toEqual([`system: ${SYSTEM}`, `user: ${QUESTION}`]);
  });
});

describe("vercel-ai-7 (GenAI semantic conventions)", () => {
  it("reads gen_ai.system_instructions as the system prompt", () => {
    const instructions = JSON.parse(
      '[{"type":"text","content":"You are a weather assistant. Use the get_weather tool to answer weather questions."}]',
    );
    expect(outline(asConversation(instructions))).toEqual([`system: ${SYSTEM}`]);
  });

  it("pairs the tool_call and tool_call_response parts of gen_ai.input.messages by id", () => {
    const input = JSON.parse(
      '[{"role":"user","parts":[{"type":"text","content":"What is the weather in Paris?"}]},{"role":"assistant","parts":[{"type":"tool_call","id":"call_weather_1","name":"get_weather","arguments":{"city":"Paris"}}]},{"role":"tool","parts":[{"type":"tool_call_response","id":"call_weather_1","response":{"city":"Paris","temperatureC":18,"conditions":"sunny"}}]}]',
    );
    expect(outline(asConversation(input))).toEqual([
      `user: ${QUESTION}`,
      `assistant: calls get_weather · city: Paris → ${RESULT}`,
      `tool (get_weather): result ${RESULT}`,
    ]);
  });

  it("shows the agent's whole run in one assistant message, the result beside its call", () => {
    const output = JSON.parse(
      '[{"role":"assistant","parts":[{"type":"tool_call","id":"call_weather_1","name":"get_weather","arguments":{"city":"Paris"}},{"type":"tool_call_response","id":"call_weather_1","response":{"city":"Paris","temperatureC":18,"conditions":"sunny"}},{"type":"text","content":"It is 18°C and sunny in Paris."}],"finish_reason":"stop"}]',
    );
    const conversation = asConversation(output);
    expect(outline(conversation)).toEqual([
      `assistant: calls get_weather · city: Paris → ${RESULT} | ${ANSWER}`,
    ]);
    expect(conversation?.messages[0]?.finishReason).toBe("stop");
  });

  it("reads the execute_tool span as a call", () => {
    const span = toolSpan(
      "execute_tool get_weather",
      { "gen_ai.tool.name": "get_weather", "gen_ai.tool.call.id": "call_weather_1" },
      { city: "Paris" },
      { city: "Paris", temperatureC: 18, conditions: "sunny" },
    );
    expect(toolInvocation(span)).toEqual({ name: "get_weather", arguments: "city: Paris", result: RESULT });
  });
});

describe("traceloop", () => {
  it("reads chat spans' GenAI messages, the tool response being JSON text", () => {
    const input = JSON.parse(
      '[{"role":"system","parts":[{"type":"text","content":"You are a weather assistant. Use the get_weather tool to answer weather questions."}]},{"role":"user","parts":[{"type":"text","content":"What is the weather in Paris?"}]},{"role":"assistant","parts":[{"type":"tool_call","id":"call_weather_1","name":"get_weather","arguments":{"city":"Paris"}}]},{"role":"tool","parts":[{"type":"tool_call_response","id":"call_weather_1","response":"{\\"city\\":\\"Paris\\",\\"temperatureC\\":18,\\"conditions\\":\\"sunny\\"}"}]}]',
    );
    expect(outline(asConversation(input))).toEqual(TOOL_TURN);
  });

  it("reads an entity's { args, kwargs } as arguments, not a chat", () => {
    expect(readPayload({ args: [], kwargs: { city: "Paris" } })).toEqual({
      kind: "arguments",
      call: { positional: [], named: { city: "Paris" } },
    });
    expect(readPayload({ args: [QUESTION], kwargs: {} })).toEqual({
      kind: "arguments",
      call: { positional: [QUESTION], named: {} },
    });
  });

  it("reads the get_weather.tool span as a call", () => {
    const span = toolSpan(
      "get_weather.tool",
      { "traceloop.entity.name": "get_weather" },
      { args: [], kwargs: { city: "Paris" } },
      { city: "Paris", temperatureC: 18, conditions: "sunny" },
    );
    expect(toolInvocation(span)).toEqual({ name: "get_weather", arguments: "city: Paris", result: RESULT });
  });
});

describe("langfuse", () => {
  it("reads a generation's OpenAI request, keeping the tools beside the chat", () => {
    const input = JSON.parse(
      '{"messages":[{"role":"system","content":"You are a weather assistant. Use the get_weather tool to answer weather questions."},{"role":"user","content":"What is the weather in Paris?"},{"role":"assistant","content":null,"refusal":null,"tool_calls":[{"id":"call_weather_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},{"role":"tool","tool_call_id":"call_weather_1","content":"{\\"city\\":\\"Paris\\",\\"temperatureC\\":18,\\"conditions\\":\\"sunny\\"}"}],"tools":[{"type":"function","function":{"name":"get_weather","description":"Get the current weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}',
    );
    const conversation = asConversation(input);
    expect(outline(conversation)).toEqual(TOOL_TURN);
    expect(Object.keys(conversation?.rest ?? {})).toEqual(["tools"]);
  });

  it("reads a generation's output, a bare assistant message", () => {
    const output = JSON.parse(
      '{"role":"assistant","content":null,"refusal":null,"tool_calls":[{"id":"call_weather_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]}',
    );
    expect(outline(asConversation(output))).toEqual(["assistant: calls get_weather · city: Paris"]);
  });

  it("reads the tool observation as a call", () => {
    const span = toolSpan(
      "get_weather",
      {},
      { city: "Paris" },
      { city: "Paris", temperatureC: 18, conditions: "sunny" },
    );
    expect(toolInvocation(span)).toEqual({ name: "get_weather", arguments: "city: Paris", result: RESULT });
  });
});

const humanMessage = {
  lc: 1,
  type: "constructor",
  id: ["langchain_core", "messages", "HumanMessage"],
  kwargs: { content: QUESTION, additional_kwargs: {}, response_metadata: {}, id: "a7f39cce" },
};
const systemMessage = {
  lc: 1,
  type: "constructor",
  id: ["langchain_core", "messages", "SystemMessage"],
  kwargs: { content: [{ type: "text", text: SYSTEM }], additional_kwargs: {}, response_metadata: {} },
};
const aiToolCallMessage = JSON.parse(
  '{"lc":1,"type":"constructor","id":["langchain_core","messages","AIMessage"],"kwargs":{"id":"chatcmpl-1","name":"model","content":"","additional_kwargs":{"tool_calls":[{"id":"call_weather_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},"response_metadata":{"finish_reason":"tool_calls","model_name":"gpt-4o-mini"},"type":"ai","tool_calls":[{"name":"get_weather","args":{"city":"Paris"},"type":"tool_call","id":"call_weather_1"}],"invalid_tool_calls":[]}}',
);
const toolMessage = JSON.parse(
  '{"lc":1,"type":"constructor","id":["langchain_core","messages","ToolMessage"],"kwargs":{"status":"success","content":"{\\"city\\":\\"Paris\\",\\"temperatureC\\":18,\\"conditions\\":\\"sunny\\"}","tool_call_id":"call_weather_1","name":"get_weather","metadata":{"versions":{"@langchain/core":"1.4.0"}},"additional_kwargs":{},"response_metadata":{}}}',
);

describe("langchain-openinference (serialised LangChain objects)", () => {
  it("reads a chat model's batched input, the system prompt's content being blocks", () => {
    const input = { messages: [[systemMessage, humanMessage, aiToolCallMessage, toolMessage]] };
    expect(outline(asConversation(input))).toEqual([
      `system: ${SYSTEM}`,
      `user: ${QUESTION}`,
      `assistant (model): calls get_weather · city: Paris → ${RESULT}`,
      `tool (get_weather): result ${RESULT}`,
    ]);
  });

  it("reads a chat model's generations", () => {
    const output = {
      generations: [[{ text: "", message: aiToolCallMessage }]],
      llmOutput: { tokenUsage: {} },
    };
    const conversation = asConversation(output);
    expect(outline(conversation)).toEqual(["assistant (model): calls get_weather · city: Paris"]);
    expect(conversation?.rest).toEqual({ llmOutput: { tokenUsage: {} } });
  });

  it("makes the serialised tool message a tool bubble", () => {
    const conversation = asConversation({ messages: [toolMessage] });
    expect(conversation?.messages[0]?.role).toBe("tool");
    expect(outline(conversation)).toEqual([`tool (get_weather): result ${RESULT}`]);
  });

  it("reads a LangGraph node's Command output", () => {
    const output = { output: [{ lg_name: "Command", update: { messages: [aiToolCallMessage] }, goto: [] }] };
    expect(outline(asConversation(output))).toEqual(["assistant (model): calls get_weather · city: Paris"]);
  });

  it("reads the TOOL span (a bare argument, a ToolMessage as output) as a call", () => {
    const span = toolSpan("get_weather", { "tool.name": "get_weather" }, "Paris", { output: toolMessage });
    expect(toolInvocation(span)).toEqual({ name: "get_weather", arguments: "Paris", result: RESULT });
  });

  it("pairs calls and results by order when the flattened messages carry no ids", () => {
    // What ingest assembles from llm.input_messages.N.message.* (no tool call id, no system content).
    const input = [
      { role: "system", parts: [] },
      { role: "user", parts: [{ type: "text", content: QUESTION }] },
      {
        role: "assistant",
        parts: [{ type: "tool_call", id: null, name: "get_weather", arguments: { city: "Paris" } }],
      },
      {
        role: "tool",
        parts: [{ type: "text", content: '{"city":"Paris","temperatureC":18,"conditions":"sunny"}' }],
      },
    ];
    expect(outline(asConversation(input))).toEqual([
      "system: ",
      `user: ${QUESTION}`,
      `assistant: calls get_weather · city: Paris → ${RESULT}`,
      `tool (get_weather): result ${RESULT}`,
    ]);
  });
});

describe("otel-instrumentation-openai (log records)", () => {
  it("reads gen_ai.choice bodies, whose message has no role", () => {
    const choices = JSON.parse(
      '[{"finish_reason":"tool_calls","index":0,"message":{"tool_calls":[{"id":"call_weather_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]}}]',
    );
    const conversation = asConversation(choices);
    expect(outline(conversation)).toEqual(["assistant: calls get_weather · city: Paris"]);
    expect(conversation?.messages[0]?.finishReason).toBe("tool_calls");
  });

  it("reads the message events as role/content messages", () => {
    const input = [
      { role: "system", content: SYSTEM },
      { role: "user", content: QUESTION },
    ];
    expect(outline(asConversation(input))).toEqual([`system: ${SYSTEM}`, `user: ${QUESTION}`]);
  });
});

describe("openinference-openai", () => {
  it("reads the request in input.value and the response in output.value", () => {
    const input = JSON.parse(
      '{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a weather assistant. Use the get_weather tool to answer weather questions."},{"role":"user","content":"What is the weather in Paris?"}],"tools":[{"type":"function","function":{"name":"get_weather"}}]}',
    );
    const output = JSON.parse(
      '{"id":"chatcmpl-2","object":"chat.completion","created":1796534106,"model":"gpt-4o-mini","system_fingerprint":null,"choices":[{"index":0,"message":{"role":"assistant","content":"It is 18°C and sunny in Paris.","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":203,"completion_tokens":19,"total_tokens":222}}',
    );
    expect(outline(asConversation(input))).toEqual([`system: ${SYSTEM}`, `user: ${QUESTION}`]);
    expect(asConversation(input)?.rest).toMatchObject({ model: "gpt-4o-mini" });
    expect(outline(asConversation(output))).toEqual([`assistant: ${ANSWER}`]);
  });

  it("reads the TOOL span as a call", () => {
    const span = toolSpan(
      "get_weather",
      {},
      { city: "Paris" },
      '{"city":"Paris","temperatureC":18,"conditions":"sunny"}',
    );
    expect(toolInvocation(span)?.result).toBe(RESULT);
  });
});
