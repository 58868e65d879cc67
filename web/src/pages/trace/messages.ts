/**
 * Recognises chat conversations in span inputs and outputs: a list of `{ role, content }`,
 * OpenAI-style `{ messages: [...] }` requests and `{ choices: [{ message }] }` responses,
 * a single message, and the GenAI convention's `{ role, parts: [...] }`.
 */
export interface ToolCall {
  id: string | null;
  name: string;
  arguments: unknown;
}

export interface ChatMessage {
  role: string;
  /** Text, or structured parts (images, tool results) shown as JSON. */
  content: unknown;
  name: string | null;
  toolCalls: ToolCall[];
}

export interface Conversation {
  messages: ChatMessage[];
  /** Everything else of the payload (model, temperature, usage …). */
  rest: Record<string, unknown> | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isMessageLike(value: unknown): value is Record<string, unknown> {
  return (
    isRecord(value) &&
    typeof value.role === "string" &&
    ("content" in value || "parts" in value || "tool_calls" in value || "function_call" in value)
  );
}

function parseArguments(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function toolCallsOf(message: Record<string, unknown>): ToolCall[] {
  const calls: ToolCall[] = [];
  const list = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  for (const call of list) {
    if (!isRecord(call)) continue;
    const fn = isRecord(call.function) ? call.function : call;
    calls.push({
      id: typeof call.id === "string" ? call.id : null,
      name: typeof fn.name === "string" ? fn.name : "tool",
      arguments: parseArguments(fn.arguments ?? fn.args ?? fn.input),
    });
  }
  if (isRecord(message.function_call)) {
    const fn = message.function_call;
    calls.push({
      id: null,
      name: typeof fn.name === "string" ? fn.name : "function",
      arguments: parseArguments(fn.arguments),
    });
  }
  return calls;
}

function toMessage(value: Record<string, unknown>): ChatMessage {
  return {
    role: String(value.role),
    content: "content" in value ? value.content : (value.parts ?? null),
    name: typeof value.name === "string" ? value.name : null,
    toolCalls: toolCallsOf(value),
  };
}

function without(value: Record<string, unknown>, key: string): Record<string, unknown> | null {
  const rest = { ...value };
  delete rest[key];
  return Object.keys(rest).length > 0 ? rest : null;
}

export function asConversation(value: unknown): Conversation | null {
  if (Array.isArray(value)) {
    return value.length > 0 && value.every(isMessageLike)
      ? { messages: value.map(toMessage), rest: null }
      : null;
  }
  if (!isRecord(value)) return null;
  if (Array.isArray(value.messages) && value.messages.length > 0 && value.messages.every(isMessageLike)) {
    return { messages: value.messages.map(toMessage), rest: without(value, "messages") };
  }
  if (Array.isArray(value.choices) && value.choices.length > 0) {
    const messages = value.choices
      .map((choice) => (isRecord(choice) && isMessageLike(choice.message) ? toMessage(choice.message) : null))
      .filter((message): message is ChatMessage => message !== null);
    if (messages.length > 0) return { messages, rest: without(value, "choices") };
  }
  if (isMessageLike(value)) return { messages: [toMessage(value)], rest: null };
  return null;
}

/** The text of a message's content when it is text (a string, or text parts); null otherwise. */
export function textOf(content: unknown): string | null {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return null;
  const texts: string[] = [];
  for (const part of content) {
    if (typeof part === "string") texts.push(part);
    else if (
      isRecord(part) &&
      (part.type === "text" || part.type === undefined) &&
      typeof part.text === "string"
    )
      texts.push(part.text);
    else if (isRecord(part) && part.type === "text" && typeof part.content === "string")
      texts.push(part.content);
    else return null;
  }
  return texts.join("\n");
}
