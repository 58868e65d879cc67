import { toolCallOf } from "./parts";
import { type ChatMessage, type ChatPart, isRecord, message } from "./types";

/**
 * The Vercel AI SDK's messages (`ai.prompt.messages`) share OpenAI's `{ role, content }`
 * envelope and are read there; their content parts are read in `parts.ts`. What is its own:
 * `ai.response.toolCalls`, a list `[{ toolCallId, toolName, input }]` (input often JSON text),
 * read as one assistant message of tool calls. OpenAI `tool_calls` lists read the same way.
 */
export function toolCallList(value: unknown): ChatMessage | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const parts: ChatPart[] = [];
  for (const call of value) {
    const isCall = isRecord(call) && ("toolCallId" in call || isRecord(call.function));
    const part = isCall ? toolCallOf(call) : null;
    if (!part) return null;
    parts.push(part);
  }
  return message("assistant", parts);
}

/** `ai.prompt`: `{ system?, prompt }` with the prompt as text (or messages, read by the caller). */
export function aiSdkPrompt(value: Record<string, unknown>): ChatMessage[] | null {
  const keys = Object.keys(value);
  if (typeof value.prompt !== "string" || !keys.every((key) => key === "system" || key === "prompt"))
    return null;
  const messages: ChatMessage[] = [];
  if (typeof value.system === "string")
    messages.push(message("system", [{ type: "text", text: value.system }]));
  messages.push(message("user", [{ type: "text", text: value.prompt }]));
  return messages;
}
