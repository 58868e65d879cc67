import { type ChatPart, isRecord, parseJsonText, stringOr } from "./types";

/**
 * One content part, whichever library wrote it: the GenAI convention (`text` with `content`,
 * `tool_call`, `tool_call_response`, `reasoning`), OpenAI chat and Responses (`text`,
 * `input_text`, `output_text`, `function_call`, `function_call_output`), the Vercel AI SDK
 * (`tool-call`, `tool-result`, `reasoning`), LangChain / Anthropic content blocks (`text`,
 * `tool_use`, `tool_result`, `thinking`). Anything else is kept whole and shown as JSON.
 */
export function partOf(block: unknown): ChatPart {
  if (typeof block === "string") return { type: "text", text: block };
  if (!isRecord(block)) return { type: "other", value: block };
  const reader = typeof block.type === "string" ? PART_READERS[block.type] : untypedText;
  return reader?.(block) ?? { type: "other", value: block };
}

/** A message's `content` as parts: a string is one text part, a list one part per block. */
export function contentParts(content: unknown): ChatPart[] {
  if (content === null || content === undefined || content === "") return [];
  if (Array.isArray(content)) return content.map(partOf);
  return [partOf(content)];
}

/** A tool call in any of the shapes messages list them: OpenAI, LangChain, the AI SDK. */
export function toolCallOf(call: unknown): ChatPart | null {
  if (!isRecord(call)) return null;
  // OpenAI `{ id, type: "function", function: { name, arguments } }`.
  if (isRecord(call.function)) {
    return toolCall(call.id, call.function.name, call.function.arguments);
  }
  // The AI SDK's `ai.response.toolCalls`: `{ toolCallId, toolName, input | args }`.
  if (typeof call.toolName === "string") {
    return toolCall(call.toolCallId, call.toolName, "input" in call ? call.input : call.args);
  }
  // LangChain `{ name, args, id }`, the GenAI part `{ name, arguments, id }`.
  if (typeof call.name === "string") {
    return toolCall(call.id, call.name, "args" in call ? call.args : (call.arguments ?? call.input));
  }
  return null;
}

/** The text of parts that are all text (or reasoning); null when any part is something else. */
export function textOfParts(parts: readonly ChatPart[]): string | null {
  const texts: string[] = [];
  for (const part of parts) {
    if (part.type !== "text") return null;
    texts.push(part.text);
  }
  return texts.join("\n");
}

function toolCall(id: unknown, name: unknown, args: unknown): ChatPart {
  return {
    type: "tool_call",
    id: stringOr(id),
    name: stringOr(name, "tool") ?? "tool",
    arguments: parseJsonText(args),
  };
}

function toolResult(id: unknown, name: unknown, result: unknown): ChatPart {
  return { type: "tool_result", id: stringOr(id), name: stringOr(name), result: unwrapResult(result) };
}

/**
 * The AI SDK wraps tool outputs as `{ type: "json" | "text" | "error-text" …, value }`;
 * Anthropic's tool results are content blocks. Both unwrapped; JSON text parsed.
 */
function unwrapResult(result: unknown): unknown {
  if (
    isRecord(result) &&
    typeof result.type === "string" &&
    "value" in result &&
    Object.keys(result).length <= 3
  )
    return parseJsonText(result.value);
  if (Array.isArray(result)) {
    const text = textOfParts(result.map(partOf));
    if (text !== null) return parseJsonText(text);
  }
  return parseJsonText(result);
}

function textIn(...values: unknown[]): string | null {
  for (const value of values) if (typeof value === "string") return value;
  return null;
}

function text(block: Record<string, unknown>): ChatPart | null {
  const value = textIn(block.text, block.content);
  return value === null ? null : { type: "text", text: value };
}

function untypedText(block: Record<string, unknown>): ChatPart | null {
  return typeof block.text === "string" && Object.keys(block).length === 1
    ? { type: "text", text: block.text }
    : null;
}

function reasoning(block: Record<string, unknown>): ChatPart | null {
  const value = textIn(block.content, block.text, block.thinking, block.reasoning);
  if (value !== null) return { type: "reasoning", text: value };
  // Responses reasoning items: `summary: [{ type: "summary_text", text }]`.
  if (Array.isArray(block.summary)) {
    const summary = textOfParts(block.summary.map(partOf));
    if (summary !== null) return { type: "reasoning", text: summary };
  }
  return null;
}

const PART_READERS: Readonly<Record<string, (block: Record<string, unknown>) => ChatPart | null>> = {
  text,
  input_text: text,
  output_text: text,
  summary_text: text,
  reasoning,
  thinking: reasoning,
  tool_call: (b) => toolCall(b.id, b.name, b.arguments),
  "tool-call": (b) => toolCall(b.toolCallId, b.toolName, "input" in b ? b.input : b.args),
  tool_use: (b) => toolCall(b.id, b.name, b.input),
  function_call: (b) => toolCall(b.call_id ?? b.id, b.name, b.arguments),
  tool_call_response: (b) => toolResult(b.id, b.name, b.response ?? b.result),
  "tool-result": (b) => toolResult(b.toolCallId, b.toolName, "output" in b ? b.output : b.result),
  tool_result: (b) => toolResult(b.tool_use_id ?? b.id, b.name, b.content),
  function_call_output: (b) => toolResult(b.call_id ?? b.id, b.name, b.output),
};
