import type { RawLogRecord } from "../otlp/decode-logs";
import type { AttrValue } from "../otlp/model";
import { contentParts, type Message, type Part, toolCall, toolResult } from "./messages";
import { str, unquote } from "./read";

/**
 * The OpenTelemetry GenAI events that carry a conversation, as OTLP log records (how
 * `@opentelemetry/instrumentation-openai` and others send content): each becomes messages on one
 * side of its span, `input` (what was sent to the model) or `output` (what it answered).
 */
export const GENAI_EVENTS = new Set([
  "gen_ai.system.message",
  "gen_ai.user.message",
  "gen_ai.assistant.message",
  "gen_ai.tool.message",
  "gen_ai.choice",
  "gen_ai.client.inference.operation.details",
]);

export type EventMessages = { side: "input" | "output"; messages: Message[] };

type Obj = Record<string, AttrValue>;
const isObj = (v: AttrValue | undefined): v is Obj =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** OpenAI-shaped `tool_calls` (`[{ id, function: { name, arguments } }]`) as parts. */
function toolCallParts(calls: AttrValue | undefined): Part[] {
  if (!Array.isArray(calls)) return [];
  return calls.flatMap((c) => {
    if (!isObj(c)) return [];
    const fn = isObj(c.function) ? c.function : c;
    return [toolCall(str(c.id), str(fn.name) ?? "tool", fn.arguments ?? null)];
  });
}

/** A message body (`{ content, tool_calls }`) with its role. */
function messageOf(role: string, body: Obj): Message {
  return { role, parts: [...contentParts(unquote(body.content)), ...toolCallParts(body.tool_calls)] };
}

/** Structured (or JSON-text) GenAI messages of an operation-details event. */
function listOf(value: AttrValue | undefined): Message[] {
  const v = unquote(value);
  return Array.isArray(v) ? (v.filter(isObj) as unknown as Message[]) : [];
}

/** What one GenAI event record says, or null for any other record. */
export function logRecordMessages(record: RawLogRecord): EventMessages[] | null {
  const name = record.eventName;
  if (name === null || !GENAI_EVENTS.has(name)) return null;
  const body: Obj = isObj(record.body) ? record.body : { content: record.body };
  switch (name) {
    case "gen_ai.system.message":
      return [{ side: "input", messages: [messageOf("system", body)] }];
    case "gen_ai.user.message":
      return [{ side: "input", messages: [messageOf("user", body)] }];
    case "gen_ai.assistant.message":
      return [{ side: "input", messages: [messageOf("assistant", body)] }];
    case "gen_ai.tool.message":
      return [
        {
          side: "input",
          messages: [{ role: "tool", parts: [toolResult(str(body.id), unquote(body.content) ?? null)] }],
        },
      ];
    case "gen_ai.choice": {
      const message = isObj(body.message) ? body.message : body;
      const finish = str(body.finish_reason);
      return [
        {
          side: "output",
          messages: [
            {
              ...messageOf(str(message.role) ?? "assistant", message),
              ...(finish ? { finish_reason: finish } : {}),
            },
          ],
        },
      ];
    }
    default: {
      // gen_ai.client.inference.operation.details: the whole call in its attributes (or body).
      const a = { ...body, ...record.attributes };
      const system = listOf(a["gen_ai.system_instructions"]);
      const input = [
        ...(system.length > 0 ? [{ role: "system", parts: system as unknown as Part[] }] : []),
        ...listOf(a["gen_ai.input.messages"]),
      ];
      const output = listOf(a["gen_ai.output.messages"]);
      return [
        ...(input.length > 0 ? [{ side: "input" as const, messages: input }] : []),
        ...(output.length > 0 ? [{ side: "output" as const, messages: output }] : []),
      ];
    }
  }
}
