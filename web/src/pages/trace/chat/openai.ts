import { contentParts, partOf, toolCallOf } from "./parts";
import { type ChatMessage, type ChatPart, isRecord, message, parseJsonText, stringOr } from "./types";

/**
 * OpenAI chat messages `{ role, content, tool_calls, tool_call_id, function_call }`; the same
 * envelope carries Vercel AI SDK messages (`content` a list of `text` / `tool-call` /
 * `tool-result` parts) and most other `{ role, content }` lists.
 */
export function openAiMessage(value: unknown): ChatMessage | null {
  if (!isRecord(value) || typeof value.role !== "string") return null;
  if (!("content" in value || "tool_calls" in value || "function_call" in value || "tool_call_id" in value))
    return null;
  const parts: ChatPart[] =
    typeof value.tool_call_id === "string" && !Array.isArray(value.content)
      ? [
          {
            type: "tool_result",
            id: value.tool_call_id,
            name: stringOr(value.name),
            result: parseJsonText(value.content),
          },
        ]
      : contentParts(value.content);
  if (typeof value.refusal === "string") parts.push({ type: "other", value: { refusal: value.refusal } });
  if (Array.isArray(value.tool_calls)) {
    for (const call of value.tool_calls) parts.push(toolCallOf(call) ?? partOf(call));
  }
  if (isRecord(value.function_call)) {
    parts.push(toolCallOf({ ...value.function_call, id: null }) ?? partOf(value.function_call));
  }
  return message(value.role, parts, { name: stringOr(value.name) });
}

/**
 * Chat completion choices, `[{ index, message, finish_reason }]` (a response's `choices`, or the
 * GenAI `gen_ai.choice` event bodies, whose message may have no role): assistant messages.
 */
export function choiceMessages(value: unknown): ChatMessage[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const out: ChatMessage[] = [];
  for (const choice of value) {
    const read = choiceMessage(choice);
    if (!read) return null;
    out.push(read);
  }
  return out;
}

export function choiceMessage(choice: unknown): ChatMessage | null {
  if (!isRecord(choice)) return null;
  const finishReason = stringOr(choice.finish_reason);
  if (isRecord(choice.message)) {
    const read = openAiMessage({ role: "assistant", ...choice.message });
    return read && { ...read, finishReason };
  }
  // Legacy completions: `{ text, index, finish_reason }`.
  if (typeof choice.text === "string" && "index" in choice)
    return message("assistant", [{ type: "text", text: choice.text }], { finishReason });
  return null;
}
