import type { Attributes, RawSpan } from "../otlp/model";
import { contentParts, indexedMessages, type Message, type Part, text } from "./messages";
import { first, num, present, str, unquote } from "./read";
import { type Convention, usageOf } from "./types";

/** `gen_ai.operation.name` values, as Sightline's span types. */
const OPERATIONS: Record<string, string> = {
  chat: "CHAT_MODEL",
  generate_content: "CHAT_MODEL",
  text_completion: "LLM",
  embeddings: "EMBEDDING",
  execute_tool: "TOOL",
  invoke_agent: "AGENT",
  create_agent: "AGENT",
  agent_step: "CHAIN",
};

/** OpenLLMetry's older `llm.request.type`. */
const REQUEST_TYPES: Record<string, string> = {
  chat: "CHAT_MODEL",
  completion: "LLM",
  embedding: "EMBEDDING",
};

/** `gen_ai.system_instructions` (a list of parts, or text) as a system message. */
function systemMessage(a: Attributes): Message | null {
  const v = unquote(a["gen_ai.system_instructions"]);
  if (v === undefined || v === null) return null;
  const parts: Part[] = Array.isArray(v)
    ? v.flatMap((p) =>
        p && typeof p === "object" && !Array.isArray(p) && typeof p.content === "string"
          ? [text(p.content)]
          : contentParts([p]),
      )
    : contentParts(v);
  return parts.length > 0 ? { role: "system", parts } : null;
}

/** GenAI events on the span itself (gen_ai.user.message, gen_ai.choice …), as messages. */
export function eventMessages(events: RawSpan["events"], output: boolean): unknown[] | undefined {
  const picked = events.filter((e) =>
    output ? e.name === "gen_ai.choice" : /^gen_ai\.(system|user|assistant|tool)\.message$/.test(e.name),
  );
  if (picked.length === 0) return undefined;
  return picked.map((e) => {
    const role = e.name.split(".")[1] ?? "assistant";
    const body = unquote(
      e.attributes["gen_ai.event.content"] ?? e.attributes.content ?? e.attributes.message,
    );
    return output ? (body ?? e.attributes) : { role, content: body ?? null };
  });
}

function inputMessages(a: Attributes): unknown {
  const messages = present(a, "gen_ai.input.messages") ?? indexedMessages(a, "gen_ai.prompt");
  const system = systemMessage(a);
  if (system && Array.isArray(messages)) {
    const hasSystem = messages.some((m) => m && typeof m === "object" && "role" in m && m.role === "system");
    return hasSystem ? messages : [system, ...messages];
  }
  if (messages !== undefined) return messages;
  return system ? [system] : undefined;
}

/**
 * The OpenTelemetry GenAI semantic conventions (`gen_ai.*`): the standard, and the fallback for
 * every library that also writes it beside its own keys, so it comes after them.
 */
export const genAi: Convention = {
  name: "genai",
  applies: (a) =>
    a["gen_ai.operation.name"] !== undefined ||
    a["gen_ai.request.model"] !== undefined ||
    a["gen_ai.system"] !== undefined ||
    a["gen_ai.provider.name"] !== undefined ||
    a["gen_ai.tool.name"] !== undefined ||
    a["llm.request.type"] !== undefined ||
    a["gen_ai.input.messages"] !== undefined ||
    a["gen_ai.output.messages"] !== undefined ||
    a["gen_ai.usage.input_tokens"] !== undefined ||
    a["gen_ai.usage.output_tokens"] !== undefined ||
    a["gen_ai.usage.prompt_tokens"] !== undefined ||
    a["gen_ai.prompt.0.role"] !== undefined ||
    a["gen_ai.prompt.0.content"] !== undefined ||
    a["gen_ai.completion.0.content"] !== undefined,
  spanType(a) {
    const op = str(a["gen_ai.operation.name"]);
    if (op) return OPERATIONS[op] ?? null;
    const legacy = str(a["llm.request.type"]);
    if (legacy) return REQUEST_TYPES[legacy] ?? null;
    return a["gen_ai.tool.name"] !== undefined ? "TOOL" : null;
  },
  model: (a) => first(str(a["gen_ai.response.model"]), str(a["gen_ai.request.model"])),
  provider: (a) => first(str(a["gen_ai.provider.name"]), str(a["gen_ai.system"])),
  usage: (a) =>
    usageOf(
      first(num(a["gen_ai.usage.input_tokens"]), num(a["gen_ai.usage.prompt_tokens"])),
      first(num(a["gen_ai.usage.output_tokens"]), num(a["gen_ai.usage.completion_tokens"])),
      {
        total: first(num(a["gen_ai.usage.total_tokens"]), num(a["llm.usage.total_tokens"])),
        cacheRead: first(
          num(a["gen_ai.usage.cache_read_input_tokens"]),
          num(a["gen_ai.usage.cache_read.input_tokens"]),
        ),
        cacheWrite: first(
          num(a["gen_ai.usage.cache_creation_input_tokens"]),
          num(a["gen_ai.usage.cache_creation.input_tokens"]),
        ),
      },
    ),
  inputs: (a) => present(a, "gen_ai.tool.call.arguments") ?? inputMessages(a),
  outputs: (a) =>
    present(a, "gen_ai.tool.call.result") ??
    present(a, "gen_ai.output.messages") ??
    indexedMessages(a, "gen_ai.completion"),
  sessionId: (a) => str(a["gen_ai.conversation.id"]),
  failure: (a) => {
    const type = str(a["error.type"]);
    return type ? { message: type } : null;
  },
};
