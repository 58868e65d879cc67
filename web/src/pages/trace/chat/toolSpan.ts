import type { Span } from "../../../api/traceTypes";
import { compactArguments } from "./format";
import { asConversation } from "./index";
import { langChainMessage } from "./langchain";
import { traceloopArguments } from "./traceloop";
import { isRecord, parseJsonText } from "./types";

/** Where libraries name the tool a TOOL span ran (GenAI, OpenInference, AI SDK, Traceloop). */
const TOOL_NAME_KEYS = ["gen_ai.tool.name", "tool.name", "ai.toolCall.name", "traceloop.entity.name"];

export interface ToolInvocation {
  name: string;
  /** The arguments on one line: `city: Paris`. */
  arguments: string;
  /** The result on one line, or null when the span recorded none. */
  result: string | null;
}

type ToolSpan = Pick<Span, "name" | "spanType" | "attributes" | "inputs" | "outputs">;

/**
 * A TOOL span as a call, `get_weather(city: Paris) → temperatureC: 18, …`: its inputs are the
 * arguments (an object, Traceloop's `{ args, kwargs }`, or a bare value), its outputs the result
 * (a value, or a LangChain ToolMessage whose content is the result). Null for other spans.
 */
export function toolInvocation(span: ToolSpan): ToolInvocation | null {
  if (span.spanType.toUpperCase() !== "TOOL") return null;
  return {
    name: toolName(span),
    arguments: argumentsLine(span.inputs),
    result:
      span.outputs === null || span.outputs === undefined ? null : compactArguments(resultOf(span.outputs)),
  };
}

function toolName(span: ToolSpan): string {
  for (const key of TOOL_NAME_KEYS) {
    const value = span.attributes[key];
    if (typeof value === "string" && value !== "") return value;
  }
  // `execute_tool get_weather` (GenAI), `get_weather.tool` (Traceloop).
  return span.name.replace(/^execute_tool\s+/, "").replace(/\.tool$/, "");
}

function argumentsLine(inputs: unknown): string {
  const call = traceloopArguments(inputs);
  if (!call) return compactArguments(inputs);
  const positional = call.positional.map((value) => compactArguments(value));
  const named = Object.keys(call.named).length > 0 ? [compactArguments(call.named)] : [];
  return [...positional, ...named].join(", ");
}

function resultOf(outputs: unknown): unknown {
  const value = parseJsonText(outputs);
  const message = langChainMessage(value) ?? (isRecord(value) ? langChainMessage(value.output) : null);
  const conversation = message ? { messages: [message] } : asConversation(value);
  const parts = conversation?.messages.flatMap((m) => m.parts) ?? [];
  const result = parts.length === 1 ? parts[0] : undefined;
  if (result?.type === "tool_result") return result.result;
  if (result?.type === "text") return parseJsonText(result.text);
  return value;
}
