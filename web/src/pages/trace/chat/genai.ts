import { partOf } from "./parts";
import { type ChatMessage, isRecord, message, stringOr } from "./types";

/**
 * The OpenTelemetry GenAI convention, the form Sightline stores conversations it assembles in:
 * `{ role, parts: [...], finish_reason? }` (`gen_ai.input.messages`, `gen_ai.output.messages`).
 */
export function genAiMessage(value: unknown): ChatMessage | null {
  if (!isRecord(value) || typeof value.role !== "string" || !Array.isArray(value.parts)) return null;
  return message(value.role, value.parts.map(partOf), {
    name: stringOr(value.name),
    finishReason: stringOr(value.finish_reason),
  });
}

/**
 * `gen_ai.system_instructions`: text parts without a role, `[{ type: "text", content }]`. Read as
 * the system prompt. Only text parts: a role-less list of tool calls is something else.
 */
export function genAiInstructions(value: unknown): ChatMessage | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const parts = value.map(partOf);
  const allText = value.every((item) => isRecord(item) && typeof item.type === "string" && !("role" in item));
  return allText && parts.every((part) => part.type === "text") ? message("system", parts) : null;
}
