import { compactArguments } from "./format";
import type { ChatMessage, ChatPart, Conversation } from "./types";

type ToolCallPart = Extract<ChatPart, { type: "tool_call" }>;
type ToolResultPart = Extract<ChatPart, { type: "tool_result" }>;

export interface ToolPairs {
  resultOfCall: ReadonlyMap<ToolCallPart, ToolResultPart>;
  callOfResult: ReadonlyMap<ToolResultPart, ToolCallPart>;
}

/**
 * Each tool call with its result in the same conversation: by id, else in order (the n-th call
 * left without a result gets the n-th result left without a call, unless both carry ids, which
 * then do not match). LangChain's flattened messages, for one, carry no ids.
 */
export function pairToolCalls(messages: readonly ChatMessage[]): ToolPairs {
  const calls: ToolCallPart[] = [];
  const results: ToolResultPart[] = [];
  for (const message of messages)
    for (const part of message.parts) {
      if (part.type === "tool_call") calls.push(part);
      else if (part.type === "tool_result") results.push(part);
    }
  const resultOfCall = new Map<ToolCallPart, ToolResultPart>();
  const callOfResult = new Map<ToolResultPart, ToolCallPart>();
  const pair = (call: ToolCallPart, result: ToolResultPart) => {
    resultOfCall.set(call, result);
    callOfResult.set(result, call);
  };
  const openById = new Map<string, ToolCallPart[]>();
  for (const call of calls) {
    if (call.id === null) continue;
    const list = openById.get(call.id);
    if (list) list.push(call);
    else openById.set(call.id, [call]);
  }
  for (const result of results) {
    const call = result.id === null ? undefined : openById.get(result.id)?.shift();
    if (call) pair(call, result);
  }
  const openCalls = calls.filter((call) => !resultOfCall.has(call));
  for (const result of results) {
    if (callOfResult.has(result)) continue;
    const index = openCalls.findIndex((call) => call.id === null || result.id === null);
    const call = openCalls[index];
    if (!call) continue;
    openCalls.splice(index, 1);
    pair(call, result);
  }
  return { resultOfCall, callOfResult };
}

/**
 * Messages in reading order with the system prompt first: system messages move to the top, the
 * rest keep their order (GenAI keeps system instructions apart from the messages; some
 * libraries list them after).
 */
export function systemFirst(messages: readonly ChatMessage[]): ChatMessage[] {
  return [
    ...messages.filter((message) => message.role === "system"),
    ...messages.filter((message) => message.role !== "system"),
  ];
}

/** A tool call on one line: `calls get_weather · city: Paris`. */
export function toolCallLine(name: string, argumentsLine: string): string {
  return argumentsLine === "" ? `calls ${name}` : `calls ${name} · ${argumentsLine}`;
}

/** What a message bubble shows, in order. */
export type BubbleItem =
  | { kind: "text"; text: string }
  | { kind: "reasoning"; text: string }
  /** A tool call, with its result when the conversation has it. */
  | {
      kind: "call";
      call: ToolCallPart;
      /** The whole line, `calls get_weather · city: Paris`, and its arguments part. */
      line: string;
      argumentsLine: string;
      result: ToolResultPart | null;
      resultLine: string | null;
    }
  | { kind: "result"; result: ToolResultPart }
  | { kind: "json"; value: unknown };

export interface Bubble {
  role: string;
  /** The message's name; on a tool message without one, the name of the call it answers. */
  name: string | null;
  finishReason: string | null;
  items: BubbleItem[];
}

/**
 * A conversation as the bubbles the trace page draws: system prompt first, each tool call on one
 * line with its result beside it, and a result already shown beside its call left out of an
 * assistant message (a tool message keeps its own, so the transcript stays whole).
 */
export function chatBubbles(conversation: Conversation): Bubble[] {
  const messages = systemFirst(conversation.messages);
  const { resultOfCall, callOfResult } = pairToolCalls(messages);
  return messages.map((message) => {
    const items: BubbleItem[] = [];
    let answers: string | null = null;
    for (const part of message.parts) {
      switch (part.type) {
        case "text":
          if (part.text !== "") items.push({ kind: "text", text: part.text });
          break;
        case "reasoning":
          items.push({ kind: "reasoning", text: part.text });
          break;
        case "tool_call": {
          const result = resultOfCall.get(part) ?? null;
          const resultLine = result && compactArguments(result.result);
          const argumentsLine = compactArguments(part.arguments);
          const line = toolCallLine(part.name, argumentsLine);
          items.push({ kind: "call", call: part, line, argumentsLine, result, resultLine });
          break;
        }
        case "tool_result":
          answers ??= part.name ?? callOfResult.get(part)?.name ?? null;
          if (message.role === "tool" || !callOfResult.has(part))
            items.push({ kind: "result", result: part });
          break;
        default:
          items.push({ kind: "json", value: part.value });
      }
    }
    return {
      role: message.role,
      name: message.name ?? (message.role === "tool" ? answers : null),
      finishReason: message.finishReason,
      items,
    };
  });
}
