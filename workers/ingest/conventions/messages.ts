import type { Attributes, AttrValue } from "../otlp/model";
import { str, unquote } from "./read";

/**
 * The one shape Sightline stores when it assembles a conversation itself (from flattened
 * attributes, log records, or a library's own message format): the OpenTelemetry GenAI
 * convention's messages, `{ role, parts: [...] }`, with text, tool-call and tool-result parts.
 * Values a library already sends as JSON messages are stored as sent; the dashboard reads those
 * shapes too.
 */
export type Part =
  | { type: "text"; content: string }
  | { type: "tool_call"; id: string | null; name: string; arguments: unknown }
  | { type: "tool_call_response"; id: string | null; response: unknown };
export type Message = { role: string; parts: Part[]; finish_reason?: string };

export const text = (content: string): Part => ({ type: "text", content });
export const toolCall = (id: string | null, name: string, args: unknown): Part => ({
  type: "tool_call",
  id,
  name,
  arguments: typeof args === "string" ? (unquote(args) ?? args) : args,
});
export const toolResult = (id: string | null, response: unknown): Part => ({
  type: "tool_call_response",
  id,
  response: typeof response === "string" ? (unquote(response) ?? response) : response,
});

/** A message list, or undefined when there is no message at all. */
export function conversation(messages: Message[]): Message[] | undefined {
  return messages.length > 0 ? messages : undefined;
}

/** `content` as parts: a string is one text part; a list of content blocks keeps its text blocks. */
export function contentParts(content: AttrValue | unknown): Part[] {
  const v = typeof content === "string" ? content : content;
  if (typeof v === "string") return v === "" ? [] : [text(v)];
  if (Array.isArray(v)) {
    return v.flatMap((block): Part[] => {
      if (typeof block === "string") return [text(block)];
      if (block && typeof block === "object" && "text" in block && typeof block.text === "string")
        return [text(block.text)];
      return [];
    });
  }
  return [];
}

/**
 * OpenInference's flattened messages (`llm.input_messages.0.message.role`, `.content`,
 * `.contents.N.message_content.text`, `.tool_calls.N.tool_call.function.name` …) as messages.
 * Walks indexes until one is missing: a fixed number of lookups per message.
 */
export function flattenedMessages(a: Attributes, prefix: string): Message[] | undefined {
  const out: Message[] = [];
  for (let i = 0; i < 500; i++) {
    const m = `${prefix}.${i}.message`;
    const role = str(a[`${m}.role`]);
    const content = a[`${m}.content`];
    const firstCall = a[`${m}.tool_calls.0.tool_call.function.name`];
    if (role === null && content === undefined && firstCall === undefined) break;
    const parts: Part[] = [];
    const toolCallId = str(a[`${m}.tool_call_id`]);
    if (role === "tool" && toolCallId !== null) parts.push(toolResult(toolCallId, content ?? null));
    else if (typeof content === "string" && content !== "") parts.push(text(content));
    for (let j = 0; j < 100; j++) {
      const block = a[`${m}.contents.${j}.message_content.text`];
      const type = a[`${m}.contents.${j}.message_content.type`];
      if (block === undefined && type === undefined) break;
      if (typeof block === "string") parts.push(text(block));
    }
    for (let k = 0; k < 100; k++) {
      const c = `${m}.tool_calls.${k}.tool_call`;
      const name = str(a[`${c}.function.name`]);
      if (name === null) break;
      parts.push(toolCall(str(a[`${c}.id`]), name, a[`${c}.function.arguments`] ?? null));
    }
    out.push({ role: role ?? "user", parts });
  }
  return conversation(out);
}

/** Older GenAI/OpenLLMetry indexed prompts (`gen_ai.prompt.0.role` / `.content`) as messages. */
export function indexedMessages(a: Attributes, prefix: string): Message[] | undefined {
  const out: Message[] = [];
  for (let i = 0; i < 500; i++) {
    const role = str(a[`${prefix}.${i}.role`]);
    const content = a[`${prefix}.${i}.content`];
    if (role === null && content === undefined) break;
    const parts = contentParts(unquote(content));
    for (let k = 0; k < 100; k++) {
      const name = str(a[`${prefix}.${i}.tool_calls.${k}.name`]);
      if (name === null) break;
      parts.push(
        toolCall(
          str(a[`${prefix}.${i}.tool_calls.${k}.id`]),
          name,
          a[`${prefix}.${i}.tool_calls.${k}.arguments`],
        ),
      );
    }
    out.push({ role: role ?? "user", parts });
  }
  return conversation(out);
}
