import { describe, expect, it } from "vitest";
import { asConversation, readPayload } from "./index";
import { outline } from "./testOutline";

describe("OpenTelemetry GenAI parts", () => {
  it("keeps reasoning, and shows parts of unknown types as JSON", () => {
    const output = [
      {
        role: "assistant",
        parts: [
          { type: "reasoning", content: "The user wants weather." },
          { type: "blob", mime_type: "image/png", modality: "image" },
          { type: "text", content: "Here." },
        ],
      },
    ];
    expect(outline(asConversation(output))).toEqual([
      'assistant: (reasoning) The user wants weather. | json {"type":"blob","mime_type":"image/png","modality":"image"} | Here.',
    ]);
  });

  it("moves the system prompt first", () => {
    const input = [
      { role: "user", parts: [{ type: "text", content: "Hi" }] },
      { role: "system", parts: [{ type: "text", content: "Be brief." }] },
    ];
    expect(outline(asConversation(input))).toEqual(["system: Be brief.", "user: Hi"]);
  });

  it("does not read a role-less list of tool calls as a system prompt", () => {
    const parts = [{ type: "tool_call", id: "a", name: "f", arguments: {} }];
    expect(readPayload(parts).kind).toBe("json");
  });
});

describe("OpenAI chat", () => {
  it("reads a request with a multi-part user message and keeps the rest", () => {
    const request = {
      model: "gpt-4o",
      temperature: 0,
      messages: [
        { role: "developer", content: "Answer in French." },
        {
          role: "user",
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "https://x/cat.png" } },
          ],
        },
      ],
    };
    const conversation = asConversation(request);
    expect(outline(conversation)).toEqual([
      "system: Answer in French.",
      'user: What is this? | json {"type":"image_url","image_url":{"url":"https://x/cat.png"}}',
    ]);
    expect(conversation?.rest).toEqual({ model: "gpt-4o", temperature: 0 });
  });

  it("reads the legacy function_call and a refusal", () => {
    const message = {
      role: "assistant",
      content: null,
      refusal: "I can't help with that.",
      function_call: { name: "lookup", arguments: '{"q":"x"}' },
    };
    expect(outline(asConversation(message))).toEqual([
      'assistant: json {"refusal":"I can\'t help with that."} | calls lookup · q: x',
    ]);
  });

  it("keeps two calls' results apart by id, whatever order the results come in", () => {
    const messages = [
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "a", type: "function", function: { name: "weather", arguments: '{"city":"Paris"}' } },
          { id: "b", type: "function", function: { name: "weather", arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: "tool", tool_call_id: "b", content: "22" },
      { role: "tool", tool_call_id: "a", content: "18" },
    ];
    expect(outline(asConversation(messages))).toEqual([
      "assistant: calls weather · city: Paris → 18 | calls weather · city: Rome → 22",
      "tool (weather): result 22",
      "tool (weather): result 18",
    ]);
  });

  it("does not pair results whose ids match no call", () => {
    const messages = [
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "a", function: { name: "f", arguments: "{}" } }],
      },
      { role: "tool", tool_call_id: "zzz", content: "x" },
    ];
    expect(outline(asConversation(messages))).toEqual(["assistant: calls f", "tool: result x"]);
  });
});

describe("OpenAI Responses", () => {
  it("reads a request's instructions and input items", () => {
    const request = {
      model: "gpt-4o-mini",
      instructions: "Be brief.",
      input: [
        { role: "user", content: "Weather in Paris?" },
        { type: "function_call", call_id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' },
        { type: "function_call_output", call_id: "call_1", output: '{"temperatureC":18}' },
      ],
    };
    const conversation = asConversation(request);
    expect(outline(conversation)).toEqual([
      "system: Be brief.",
      "user: Weather in Paris?",
      "assistant: calls get_weather · city: Paris → temperatureC: 18",
      "tool (get_weather): result temperatureC: 18",
    ]);
    expect(conversation?.rest).toEqual({ model: "gpt-4o-mini" });
  });

  it("reads a response's output items, reasoning included", () => {
    const response = {
      id: "resp_1",
      object: "response",
      output: [
        { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "Look it up." }] },
        {
          type: "message",
          id: "msg_1",
          role: "assistant",
          content: [{ type: "output_text", text: "18°C", annotations: [] }],
        },
      ],
    };
    expect(outline(asConversation(response))).toEqual([
      "assistant: (reasoning) Look it up.",
      "assistant: 18°C",
    ]);
  });
});

describe("Vercel AI SDK", () => {
  it("reads reasoning parts, `args` (older versions) and `result`", () => {
    const messages = [
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "Need the weather." },
          { type: "tool-call", toolCallId: "t1", toolName: "get_weather", args: { city: "Paris" } },
        ],
      },
      {
        role: "tool",
        content: [{ type: "tool-result", toolCallId: "t1", toolName: "get_weather", result: "sunny" }],
      },
    ];
    expect(outline(asConversation(messages))).toEqual([
      "assistant: (reasoning) Need the weather. | calls get_weather · city: Paris → sunny",
      "tool (get_weather): result sunny",
    ]);
  });
});

describe("LangChain", () => {
  it("reads the dict forms of messages", () => {
    const messages = [
      { type: "human", content: "Hi", additional_kwargs: {} },
      { type: "ai", data: { content: "Hello!", tool_calls: [] } },
    ];
    expect(outline(asConversation(messages))).toEqual(["user: Hi", "assistant: Hello!"]);
  });

  it("reads a ChatMessage's own role and a streamed AIMessageChunk", () => {
    const messages = [
      {
        lc: 1,
        type: "constructor",
        id: ["langchain", "schema", "messages", "ChatMessage"],
        kwargs: { role: "critic", content: "Too long." },
      },
      {
        lc: 1,
        type: "constructor",
        id: ["langchain_core", "messages", "AIMessageChunk"],
        kwargs: { content: "Shorter." },
      },
    ];
    expect(outline(asConversation(messages))).toEqual(["critic: Too long.", "assistant: Shorter."]);
  });
});

describe("what is not a chat", () => {
  it("reads text as text, nothing as none, other objects as JSON", () => {
    expect(readPayload("Paris")).toEqual({ kind: "text", text: "Paris" });
    expect(readPayload(null)).toEqual({ kind: "none" });
    expect(readPayload({ city: "Paris" })).toEqual({ kind: "json", value: { city: "Paris" } });
    expect(readPayload([1, 2]).kind).toBe("json");
    expect(readPayload({ input: "question" }).kind).toBe("json");
    expect(readPayload({ messages: [] }).kind).toBe("json");
    expect(readPayload({ messages: [{ role: "user", content: "hi" }, 42] }).kind).toBe("json");
  });
});

describe("a system prompt beside the messages", () => {
  it("reads `system` (AI SDK, Anthropic) and `system_instructions` (GenAI) as the first bubble", () => {
    const anthropic = { model: "claude", system: "Be brief.", messages: [{ role: "user", content: "Hi" }] };
    const conversation = asConversation(anthropic);
    expect(outline(conversation)).toEqual(["system: Be brief.", "user: Hi"]);
    expect(conversation?.rest).toEqual({ model: "claude" });
    const genAi = {
      system_instructions: [{ type: "text", content: "Be brief." }],
      messages: [{ role: "user", parts: [{ type: "text", content: "Hi" }] }],
    };
    expect(outline(asConversation(genAi))).toEqual(["system: Be brief.", "user: Hi"]);
  });
});
