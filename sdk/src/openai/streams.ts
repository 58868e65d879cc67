/** Streams: assemble what the caller iterates into one output, without changing what they see. */
import { isObject, type Json } from "./record.ts";

interface ToolCallAcc {
  index: number;
  id?: string;
  type: string;
  function: { name: string; arguments: string };
}

interface ChoiceAcc {
  index: number;
  message: { role: string; content: string | null; refusal?: string; tool_calls?: ToolCallAcc[] };
  finish_reason: string | null;
}

/** Folds chat.completion.chunk objects into a chat.completion-shaped object, tool calls included. */
export class ChatStreamAccumulator {
  #head: Json = {};
  #choices = new Map<number, ChoiceAcc>();
  #usage: unknown;
  chunks = 0;

  add(chunk: unknown): void {
    if (!isObject(chunk)) return;
    this.chunks++;
    for (const key of ["id", "created", "model", "system_fingerprint", "service_tier"]) {
      if (chunk[key] !== undefined && chunk[key] !== null) this.#head[key] = chunk[key];
    }
    if (isObject(chunk.usage)) this.#usage = chunk.usage;
    for (const choice of Array.isArray(chunk.choices) ? chunk.choices : []) {
      if (!isObject(choice)) continue;
      const index = typeof choice.index === "number" ? choice.index : 0;
      let acc = this.#choices.get(index);
      if (!acc) {
        acc = { index, message: { role: "assistant", content: null }, finish_reason: null };
        this.#choices.set(index, acc);
      }
      if (typeof choice.finish_reason === "string") acc.finish_reason = choice.finish_reason;
      const delta = isObject(choice.delta) ? choice.delta : {};
      if (typeof delta.role === "string") acc.message.role = delta.role;
      if (typeof delta.content === "string")
        acc.message.content = (acc.message.content ?? "") + delta.content;
      if (typeof delta.refusal === "string")
        acc.message.refusal = (acc.message.refusal ?? "") + delta.refusal;
      for (const call of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
        if (!isObject(call)) continue;
        acc.message.tool_calls ??= [];
        const calls = acc.message.tool_calls;
        const callIndex = typeof call.index === "number" ? call.index : calls.length;
        let slot = calls.find((c) => c.index === callIndex);
        if (!slot) {
          slot = { index: callIndex, type: "function", function: { name: "", arguments: "" } };
          calls.push(slot);
        }
        if (typeof call.id === "string") slot.id = call.id;
        if (typeof call.type === "string") slot.type = call.type;
        const fn = isObject(call.function) ? call.function : {};
        if (typeof fn.name === "string") slot.function.name += fn.name;
        if (typeof fn.arguments === "string") slot.function.arguments += fn.arguments;
      }
    }
  }

  result(): Json {
    const choices = [...this.#choices.values()]
      .sort((a, b) => a.index - b.index)
      .map(({ index, message, finish_reason }) => ({
        index,
        message: {
          ...message,
          ...(message.tool_calls
            ? { tool_calls: message.tool_calls.map(({ index: _index, ...call }) => call) }
            : {}),
        },
        finish_reason,
      }));
    return {
      ...this.#head,
      object: "chat.completion",
      choices,
      ...(this.#usage === undefined ? {} : { usage: this.#usage }),
    };
  }
}

/** Responses API events: the final response comes whole in response.completed (or .incomplete/.failed). */
export class ResponseStreamAccumulator {
  #final: Json | undefined;
  #text = "";

  add(event: unknown): void {
    if (!isObject(event)) return;
    if (event.type === "response.output_text.delta" && typeof event.delta === "string")
      this.#text += event.delta;
    if (
      (event.type === "response.completed" ||
        event.type === "response.incomplete" ||
        event.type === "response.failed") &&
      isObject(event.response)
    ) {
      this.#final = event.response;
    }
  }

  result(): Json {
    return this.#final ?? { object: "response", status: "incomplete", output_text: this.#text };
  }
}

export interface StreamHooks {
  /** Sees every item; returning false hides it from the caller. */
  onItem(item: unknown): boolean;
  /** Called once: when iteration completes, fails, or the caller stops early (completed false). */
  onEnd(error: unknown, completed: boolean): void;
}

/**
 * Instruments a stream in place (as openai itself does for chat chunks): the caller keeps the same
 * object, and iterating it — directly or through toReadableStream() — also feeds the hooks.
 */
export function instrumentStream<S extends object>(stream: S, hooks: StreamHooks): S {
  const iterate = (stream as { [Symbol.asyncIterator]?: () => AsyncIterator<unknown> })[Symbol.asyncIterator];
  if (typeof iterate !== "function") {
    hooks.onEnd(undefined, false);
    return stream;
  }
  const source = { [Symbol.asyncIterator]: iterate.bind(stream) };
  let ended = false;
  const end = (error: unknown, completed: boolean) => {
    if (ended) return;
    ended = true;
    try {
      hooks.onEnd(error, completed);
    } catch {
      // Recording must not disturb the stream.
    }
  };
  async function* traced(): AsyncGenerator<unknown> {
    let completed = false;
    try {
      for await (const item of source) {
        let keep = true;
        try {
          keep = hooks.onItem(item);
        } catch {
          // Recording must not disturb the stream.
        }
        if (keep) yield item;
      }
      completed = true;
    } catch (error) {
      end(error, false);
      throw error;
    } finally {
      end(undefined, completed);
    }
  }
  Object.defineProperty(stream, Symbol.asyncIterator, { value: traced, configurable: true, writable: true });
  return stream;
}
