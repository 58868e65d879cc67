import type { Attributes, AttrValue } from "../otlp/model";
import { contentParts, conversation, type Message, type Part, text, toolCall, toolResult } from "./messages";
import { first, num, prefixed, present, str, unquote } from "./read";
import { type Convention, usageOf } from "./types";

const operation = (a: Attributes) => str(a["ai.operationId"]);

/** The model call itself (`ai.generateText.doGenerate`, `….doStream`, `ai.embed.doEmbed` …). */
const isModelCall = (op: string | null) =>
  op !== null && (op.endsWith(".doGenerate") || op.endsWith(".doStream") || op.endsWith(".doEmbed"));

function spanTypeOf(op: string): string | null {
  if (op === "ai.toolCall") return "TOOL";
  if (op.endsWith(".doEmbed")) return "EMBEDDING";
  if (op.endsWith(".doGenerate") || op.endsWith(".doStream")) return "CHAT_MODEL";
  if (op === "ai.embed" || op === "ai.embedMany") return "CHAIN";
  if (op.startsWith("ai.generate") || op.startsWith("ai.stream")) return "AGENT";
  return null;
}

type SdkPart = { type?: string; text?: string; toolCallId?: string; toolName?: string } & Record<
  string,
  unknown
>;

/** An AI SDK content part (`text`, `tool-call`, `tool-result`) as a GenAI part. */
function partOf(p: SdkPart): Part[] {
  if (p.type === "text" && typeof p.text === "string") return [text(p.text)];
  if (p.type === "tool-call")
    return [toolCall(p.toolCallId ?? null, p.toolName ?? "tool", p.input ?? p.args ?? null)];
  if (p.type === "tool-result") {
    const output = p.output as { type?: string; value?: unknown } | undefined;
    const value =
      output && typeof output === "object" && "value" in output ? output.value : (p.output ?? p.result);
    return [toolResult(p.toolCallId ?? null, value ?? null)];
  }
  return [];
}

/** AI SDK messages (`ai.prompt.messages`) as GenAI messages. */
function sdkMessages(value: AttrValue | undefined): Message[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return conversation(
    value.flatMap((m): Message[] => {
      if (!m || typeof m !== "object" || Array.isArray(m) || typeof m.role !== "string") return [];
      const parts = Array.isArray(m.content)
        ? m.content.flatMap((p) =>
            p && typeof p === "object" && !Array.isArray(p) ? partOf(p as SdkPart) : [],
          )
        : contentParts(m.content);
      return [{ role: m.role, parts }];
    }),
  );
}

/** `ai.prompt` of a wrapper span (`{ system, prompt, messages }`) as GenAI messages. */
function promptMessages(value: AttrValue | undefined): Message[] | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const out: Message[] = [];
  if (typeof value.system === "string") out.push({ role: "system", parts: [text(value.system)] });
  if (typeof value.prompt === "string") out.push({ role: "user", parts: [text(value.prompt)] });
  out.push(...(sdkMessages(value.messages) ?? []));
  return conversation(out);
}

/** `ai.response.text` and `ai.response.toolCalls` as the assistant's message. */
function responseMessage(a: Attributes): Message[] | undefined {
  const parts: Part[] = [];
  const answer = a["ai.response.text"];
  if (typeof answer === "string" && answer !== "") parts.push(text(answer));
  const calls = unquote(a["ai.response.toolCalls"]);
  if (Array.isArray(calls)) {
    for (const c of calls) {
      if (c && typeof c === "object" && !Array.isArray(c))
        parts.push(toolCall(str(c.toolCallId), str(c.toolName) ?? "tool", c.input ?? c.args ?? null));
    }
  }
  if (parts.length === 0) return undefined;
  const finish = str(a["ai.response.finishReason"]);
  return [{ role: "assistant", parts, ...(finish ? { finish_reason: finish } : {}) }];
}

/**
 * The Vercel AI SDK's `ai.*` attributes (`experimental_telemetry`). Its wrapper spans
 * (`ai.generateText` …) repeat the usage of the model calls under them, so usage is read only on
 * the model-call spans (`do*`). AI SDK 7 writes the GenAI conventions instead, except for the
 * session and user (`ai.settings.context.*`).
 */
export const vercelAi: Convention = {
  name: "vercel-ai",
  applies: (a) =>
    a["ai.operationId"] !== undefined ||
    a["ai.settings.context.sessionId"] !== undefined ||
    a["ai.settings.context.userId"] !== undefined,
  spanType: (a) => {
    const op = operation(a);
    return op ? spanTypeOf(op) : null;
  },
  model: (a) => first(str(a["ai.response.model"]), str(a["ai.model.id"])),
  provider: (a) => str(a["ai.model.provider"])?.split(".")[0] ?? null,
  usage(a) {
    if (!isModelCall(operation(a))) return null;
    return usageOf(
      first(num(a["ai.usage.inputTokens"]), num(a["ai.usage.promptTokens"]), num(a["ai.usage.tokens"])),
      first(num(a["ai.usage.outputTokens"]), num(a["ai.usage.completionTokens"])),
      { total: num(a["ai.usage.totalTokens"]), cacheRead: num(a["ai.usage.cachedInputTokens"]) },
    );
  },
  inputs: (a) =>
    present(a, "ai.toolCall.args") ??
    sdkMessages(unquote(a["ai.prompt.messages"])) ??
    promptMessages(unquote(a["ai.prompt"])) ??
    present(a, "ai.values") ??
    present(a, "ai.value"),
  outputs: (a) => present(a, "ai.toolCall.result") ?? responseMessage(a) ?? present(a, "ai.response.object"),
  sessionId: (a) => first(str(a["ai.telemetry.metadata.sessionId"]), str(a["ai.settings.context.sessionId"])),
  userId: (a) => first(str(a["ai.telemetry.metadata.userId"]), str(a["ai.settings.context.userId"])),
  metadata(a) {
    const meta = prefixed(a, "ai.telemetry.metadata.");
    delete meta.sessionId;
    delete meta.userId;
    const fn = str(a["ai.telemetry.functionId"]);
    return fn ? { ...meta, functionId: fn } : meta;
  },
};
