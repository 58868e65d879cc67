import { contentParts, partOf } from "./parts";
import { type ChatMessage, isRecord, message } from "./types";

/**
 * OpenAI Responses API items: `{ type: "message", role, content }`, `function_call`,
 * `function_call_output` and `reasoning`. Calls are the assistant's, outputs the tool's.
 */
export function responsesItem(value: unknown): ChatMessage | null {
  if (!isRecord(value) || typeof value.type !== "string") return null;
  switch (value.type) {
    case "message":
      return typeof value.role === "string" ? message(value.role, contentParts(value.content)) : null;
    case "function_call":
    case "reasoning":
      return message("assistant", [partOf(value)]);
    case "function_call_output":
      return message("tool", [partOf(value)]);
    default:
      return null;
  }
}

/** `{ input, instructions }` requests and `{ output: [items] }` responses of the Responses API. */
export function responsesMessages(value: Record<string, unknown>): {
  messages: ChatMessage[];
  used: string[];
} | null {
  const isResponse =
    value.object === "response" || (Array.isArray(value.output) && value.output.some(isItem));
  if (isResponse && Array.isArray(value.output)) {
    const messages = value.output.map((item) => responsesItem(item) ?? message("assistant", [partOf(item)]));
    return messages.length > 0 ? { messages, used: ["output", "output_text"] } : null;
  }
  const looksLikeRequest = "instructions" in value || "model" in value;
  if (!looksLikeRequest || !("input" in value)) return null;
  const messages: ChatMessage[] = [];
  if (typeof value.instructions === "string")
    messages.push(message("system", [{ type: "text", text: value.instructions }]));
  if (typeof value.input === "string") messages.push(message("user", [{ type: "text", text: value.input }]));
  else if (Array.isArray(value.input)) {
    for (const item of value.input) {
      const read = responsesItem(item) ?? inputMessage(item);
      if (!read) return null;
      messages.push(read);
    }
  } else return null;
  return messages.length > 0 ? { messages, used: ["input", "instructions"] } : null;
}

function isItem(item: unknown): boolean {
  return responsesItem(item) !== null;
}

/** "Easy" input messages, `{ role, content }` without a `type`. */
function inputMessage(item: unknown): ChatMessage | null {
  return isRecord(item) && typeof item.role === "string"
    ? message(item.role, contentParts(item.content))
    : null;
}
