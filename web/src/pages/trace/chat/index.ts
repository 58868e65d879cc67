import { aiSdkPrompt, toolCallList } from "./aisdk";
import { genAiInstructions, genAiMessage } from "./genai";
import { langChainContainer, langChainMessage } from "./langchain";
import { choiceMessage, choiceMessages, openAiMessage } from "./openai";
import { contentParts } from "./parts";
import { responsesItem, responsesMessages } from "./responses";
import { traceloopArguments } from "./traceloop";
import { type ChatMessage, type Conversation, isRecord, message, type Reading, without } from "./types";

export { textOfParts } from "./parts";
export type { CallArguments, ChatMessage, ChatPart, Conversation, Reading } from "./types";

/**
 * One message in any shape known here. LangChain first (its dict form has a `type` the Responses
 * reader would otherwise see), then Responses items, GenAI `parts`, OpenAI / AI SDK `content`.
 */
export function messageOf(value: unknown): ChatMessage | null {
  return langChainMessage(value) ?? responsesItem(value) ?? genAiMessage(value) ?? openAiMessage(value);
}

/**
 * A list of messages, each in any known shape; LangChain's batched `[[...messages]]` is flattened.
 * Null unless every item is a message.
 */
export function messagesOf(list: unknown): ChatMessage[] | null {
  if (!Array.isArray(list) || list.length === 0) return null;
  const items = list.every(Array.isArray) ? list.flat() : list;
  const out: ChatMessage[] = [];
  for (const item of items) {
    const read = messageOf(item);
    if (!read) return null;
    out.push(read);
  }
  return out.length > 0 ? out : null;
}

/** Keys that hold a system prompt beside a `messages` list (AI SDK `ai.prompt`, Anthropic, GenAI). */
const SYSTEM_KEYS = ["system", "instructions", "system_instructions"] as const;

function systemBeside(value: Record<string, unknown>): { messages: ChatMessage[]; used: string[] } {
  for (const key of SYSTEM_KEYS) {
    const system = value[key];
    if (typeof system === "string" || Array.isArray(system))
      return { messages: [message("system", contentParts(system))], used: [key] };
  }
  return { messages: [], used: [] };
}

function fromList(value: unknown[]): Conversation | null {
  const messages =
    messagesOf(value) ??
    choiceMessages(value) ??
    [genAiInstructions(value) ?? toolCallList(value)].filter((m): m is ChatMessage => m !== null);
  return messages.length > 0 ? { messages, rest: null } : null;
}

function fromRecord(value: Record<string, unknown>): Conversation | null {
  const single = messageOf(value) ?? choiceMessage(value);
  if (single) return { messages: [single], rest: null };
  const found =
    responsesMessages(value) ??
    langChainContainer(value, messagesOf) ??
    withMessages(value) ??
    withChoices(value) ??
    withPrompt(value);
  return found ? { messages: found.messages, rest: without(value, ...found.used) } : null;
}

/** `{ messages: [...] }` requests and graph states, with a system prompt kept beside them. */
function withMessages(value: Record<string, unknown>) {
  const messages = messagesOf(value.messages);
  if (!messages) return null;
  const system = systemBeside(value);
  return { messages: [...system.messages, ...messages], used: ["messages", ...system.used] };
}

/** `{ choices: [{ message }] }` chat completion responses. */
function withChoices(value: Record<string, unknown>) {
  const messages = choiceMessages(value.choices);
  return messages ? { messages, used: ["choices"] } : null;
}

/** The AI SDK's `ai.prompt`, `{ system?, prompt }`. */
function withPrompt(value: Record<string, unknown>) {
  const messages = aiSdkPrompt(value);
  return messages ? { messages, used: ["system", "prompt"] } : null;
}

/** A span input or output as a conversation, when it is one in any shape known here. */
export function asConversation(value: unknown): Conversation | null {
  if (Array.isArray(value)) return fromList(value);
  if (isRecord(value)) return fromRecord(value);
  return null;
}

/** How a span's input or output reads: a chat, a call's arguments, text, or JSON. */
export function readPayload(value: unknown): Reading {
  if (value === null || value === undefined) return { kind: "none" };
  if (typeof value === "string") return { kind: "text", text: value };
  const call = traceloopArguments(value);
  if (call) return { kind: "arguments", call };
  const conversation = asConversation(value);
  if (conversation) return { kind: "chat", conversation };
  return { kind: "json", value };
}
