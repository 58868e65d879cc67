import { contentParts, partOf, toolCallOf } from "./parts";
import { type ChatMessage, type ChatPart, isRecord, message, parseJsonText, stringOr } from "./types";

/** LangChain message classes (and their `…Chunk` streaming twins) by role. */
const CLASS_ROLES: Readonly<Record<string, string>> = {
  HumanMessage: "user",
  AIMessage: "assistant",
  SystemMessage: "system",
  ToolMessage: "tool",
  FunctionMessage: "tool",
};

/** `type` of `message.toDict()` / Python `model_dump()` messages. */
const TYPE_ROLES: Readonly<Record<string, string>> = {
  human: "user",
  ai: "assistant",
  system: "system",
  tool: "tool",
  function: "tool",
  AIMessageChunk: "assistant",
  HumanMessageChunk: "user",
};

/**
 * A LangChain message as LangChain serialises it: `{ lc: 1, type: "constructor", id: [...,
 * "HumanMessage"], kwargs: { content, tool_calls, tool_call_id, name } }` (what OpenInference puts
 * in `input.value` / `output.value`), or the dict forms `{ type: "human", content }` and
 * `{ type: "human", data: { content } }`.
 */
export function langChainMessage(value: unknown): ChatMessage | null {
  if (!isRecord(value)) return null;
  if (value.lc === 1 && value.type === "constructor" && Array.isArray(value.id) && isRecord(value.kwargs)) {
    const className = String(value.id.at(-1) ?? "").replace(/Chunk$/, "");
    const role = className === "ChatMessage" ? stringOr(value.kwargs.role) : CLASS_ROLES[className];
    return role ? fromFields(role, value.kwargs) : null;
  }
  const role = typeof value.type === "string" ? TYPE_ROLES[value.type] : undefined;
  if (!role) return null;
  if (isRecord(value.data) && "content" in value.data) return fromFields(role, value.data);
  return "content" in value ? fromFields(role, value) : null;
}

function fromFields(role: string, fields: Record<string, unknown>): ChatMessage {
  const name = stringOr(fields.name);
  const parts: ChatPart[] =
    role === "tool" && !Array.isArray(fields.content)
      ? [
          {
            type: "tool_result",
            id: stringOr(fields.tool_call_id),
            name,
            result: parseJsonText(fields.content),
          },
        ]
      : contentParts(fields.content);
  const calls = Array.isArray(fields.tool_calls) && fields.tool_calls.length > 0 ? fields.tool_calls : null;
  const extra = isRecord(fields.additional_kwargs) ? fields.additional_kwargs : {};
  // Older messages keep OpenAI's tool calls only in `additional_kwargs`.
  const openAiCalls = Array.isArray(extra.tool_calls) ? extra.tool_calls : [];
  for (const call of calls ?? openAiCalls) parts.push(toolCallOf(call) ?? partOf(call));
  return message(role, parts, { name });
}

/**
 * Where LangChain and LangGraph put messages besides a `messages` list (read by the caller):
 * `{ generations: [[{ text, message }]] }` (a chat model's output), `{ output: message }` (a
 * tool's), `{ output: [{ lg_name: "Command", update: { messages } }] }` (a LangGraph node's).
 */
export function langChainContainer(
  value: Record<string, unknown>,
  readMessages: (list: unknown) => ChatMessage[] | null,
): { messages: ChatMessage[]; used: string[] } | null {
  if (Array.isArray(value.generations)) {
    const messages: ChatMessage[] = [];
    for (const generation of value.generations.flat()) {
      if (!isRecord(generation)) return null;
      const read =
        langChainMessage(generation.message) ??
        (typeof generation.text === "string"
          ? message("assistant", [{ type: "text", text: generation.text }])
          : null);
      if (!read) return null;
      messages.push(read);
    }
    return messages.length > 0 ? { messages, used: ["generations"] } : null;
  }
  const single = langChainMessage(value.output);
  if (single) return { messages: [single], used: ["output"] };
  if (Array.isArray(value.output) && value.output.length > 0) {
    const messages: ChatMessage[] = [];
    for (const command of value.output) {
      if (!isRecord(command) || typeof command.lg_name !== "string") return null;
      const state = isRecord(command.update) ? command.update : isRecord(command.args) ? command.args : null;
      const read = state ? readMessages(state.messages) : null;
      if (!read) return null;
      messages.push(...read);
    }
    return { messages, used: ["output"] };
  }
  return null;
}
