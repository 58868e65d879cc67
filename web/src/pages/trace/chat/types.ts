/**
 * The one shape the trace page draws a conversation from, whatever library wrote it: messages of
 * parts (text, reasoning, tool calls, tool results, anything else kept as JSON). Each file of this
 * folder reads one family of shapes into it; `index.ts` tries them in order.
 */
export type ChatPart =
  | { type: "text"; text: string }
  | { type: "reasoning"; text: string }
  | { type: "tool_call"; id: string | null; name: string; arguments: unknown }
  | { type: "tool_result"; id: string | null; name: string | null; result: unknown }
  /** Images, files, refusals and parts of kinds not known here: shown as JSON. */
  | { type: "other"; value: unknown };

export interface ChatMessage {
  /** `system`, `user`, `assistant` or `tool` where the role is one of those under any spelling. */
  role: string;
  /** The message's `name` (a tool's name on a tool message), when it has one. */
  name: string | null;
  parts: ChatPart[];
  finishReason: string | null;
}

export interface Conversation {
  messages: ChatMessage[];
  /** Everything else of the payload (model, temperature, tools, usage …). */
  rest: Record<string, unknown> | null;
}

/** Positional and named arguments of a call that is not a chat (a Traceloop entity's input). */
export interface CallArguments {
  positional: unknown[];
  named: Record<string, unknown>;
}

/** How a span's input or output reads. */
export type Reading =
  | { kind: "chat"; conversation: Conversation }
  | { kind: "arguments"; call: CallArguments }
  | { kind: "text"; text: string }
  | { kind: "json"; value: unknown }
  | { kind: "none" };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function stringOr(value: unknown, fallback: string | null = null): string | null {
  return typeof value === "string" && value !== "" ? value : fallback;
}

/** JSON inside a string (tool arguments, results) parsed; anything else as it is. */
export function parseJsonText(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  if (!/^[[{"]/.test(trimmed)) return value;
  try {
    return JSON.parse(trimmed);
  } catch {
    return value;
  }
}

/** The payload without some keys; null when nothing is left. */
export function without(value: Record<string, unknown>, ...keys: string[]): Record<string, unknown> | null {
  const rest = { ...value };
  for (const key of keys) delete rest[key];
  return Object.keys(rest).length > 0 ? rest : null;
}

const ROLES: Readonly<Record<string, string>> = {
  system: "system",
  developer: "system",
  user: "user",
  human: "user",
  assistant: "assistant",
  ai: "assistant",
  model: "assistant",
  bot: "assistant",
  tool: "tool",
  function: "tool",
  ipython: "tool",
};

/** Roles under one spelling (LangChain's `human`/`ai`, OpenAI's `developer` …); others lower-cased. */
export function normaliseRole(role: string): string {
  const lower = role.toLowerCase();
  return ROLES[lower] ?? lower;
}

export function message(
  role: string,
  parts: ChatPart[],
  more: { name?: string | null; finishReason?: string | null } = {},
): ChatMessage {
  const normalised = normaliseRole(role);
  const name = more.name ?? null;
  return {
    role: normalised,
    name,
    parts: normalised === "tool" ? asResult(parts, name) : parts,
    finishReason: more.finishReason ?? null,
  };
}

/**
 * A tool message whose content is plain text (OpenInference's flattened messages, a GenAI text
 * part) is still the tool's result: read as one, so it can be shown beside its call.
 */
function asResult(parts: ChatPart[], name: string | null): ChatPart[] {
  if (parts.length === 0 || !parts.every((part) => part.type === "text")) return parts;
  const text = parts.map((part) => (part.type === "text" ? part.text : "")).join("\n");
  return [{ type: "tool_result", id: null, name, result: parseJsonText(text) }];
}
