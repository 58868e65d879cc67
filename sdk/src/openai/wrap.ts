/**
 * Autolog for the `openai` client: chat.completions.create (and the parse, stream and runTools
 * helpers built on it), responses.create (and its helpers) and embeddings.create become
 * CHAT_MODEL / EMBEDDING spans. The client is typed structurally, so the SDK does not import
 * openai at runtime; the wrapper is a Proxy, so the original client is untouched.
 */
import { isThenable, type SightlineClient } from "../client.ts";
import { getClient } from "../default-client.ts";
import { SightlineError } from "../errors.ts";
import type { Span } from "../span.ts";
import { SpanType } from "../types.ts";
import {
  isObject,
  type Json,
  recordChatCompletion,
  recordEmbeddings,
  recordResponse,
  requestAttributes,
} from "./record.ts";
import { ChatStreamAccumulator, instrumentStream, ResponseStreamAccumulator } from "./streams.ts";

export interface WrapOpenAIOptions {
  /** The client spans go to. Default: the one made by init(), looked up at each call. */
  client?: SightlineClient;
  /**
   * Streamed chat completions report usage only when asked with
   * `stream_options: { include_usage: true }`. With this option the wrapper asks for it when the
   * caller did not, and hides what that changes: the extra usage-only chunk and the `usage: null`
   * field on the other chunks. Off by default, because the request then differs from the caller's
   * (some OpenAI-compatible servers reject `stream_options`).
   */
  injectStreamUsage?: boolean;
}

/**
 * A function called here with arguments of unknown type. Not client.ts's AnyFunction, whose
 * `never[]` parameters suit a generic bound but cannot be called with `unknown` arguments.
 */
type AnyFunction = (...args: unknown[]) => unknown;

interface APIPromiseLike {
  _thenUnwrap(transform: (data: unknown) => unknown): APIPromiseLike;
  asResponse(): Promise<unknown>;
}

const isAPIPromise = (value: unknown): value is APIPromiseLike =>
  isObject(value) && typeof value._thenUnwrap === "function" && typeof value.asResponse === "function";

const isStream = (value: unknown): value is object =>
  isObject(value) &&
  typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function";

/**
 * Makes `promise` (an APIPromise) report rejections to `fail` whichever way the caller consumes it,
 * without parsing anything the caller would not have parsed.
 */
function observeRejections<P extends object>(promise: P, fail: (error: unknown) => void): P {
  const proto = Object.getPrototypeOf(promise) as {
    then: (this: P, onFulfilled?: undefined, onRejected?: (e: unknown) => never) => Promise<unknown>;
    withResponse?: (this: P) => Promise<unknown>;
  };
  const rethrow = (error: unknown): never => {
    fail(error);
    throw error;
  };
  let observed: Promise<unknown> | undefined;
  const observe = () => {
    observed ??= proto.then.call(promise, undefined, rethrow);
    return observed;
  };
  const methods: Record<string, AnyFunction> = {
    // biome-ignore lint/suspicious/noThenProperty: replacing the promise's own `then` is the point here
    then: (onFulfilled, onRejected) =>
      observe().then(onFulfilled as (v: unknown) => unknown, onRejected as (e: unknown) => unknown),
    catch: (onRejected) => observe().catch(onRejected as (e: unknown) => unknown),
    finally: (onFinally) => observe().finally(onFinally as () => void),
  };
  const withResponse = proto.withResponse;
  if (typeof withResponse === "function")
    methods.withResponse = () => withResponse.call(promise).catch(rethrow);
  for (const [name, value] of Object.entries(methods)) {
    Object.defineProperty(promise, name, { value, configurable: true, writable: true });
  }
  return promise;
}

/** Ends `span` from the call's result, returning what the caller gets (the same value or stream object). */
function instrumentResult(
  result: unknown,
  span: Span,
  onValue: (value: unknown) => unknown,
  report: (error: SightlineError) => void,
): unknown {
  const fail = (error: unknown) => {
    if (span.ended) return;
    span.fail(error);
    span.end();
  };
  const safeOnValue = (value: unknown) => {
    try {
      return onValue(value);
    } catch (error) {
      report(new SightlineError("internal", "recording an OpenAI result failed", { cause: error }));
      span.end();
      return value;
    }
  };
  if (isAPIPromise(result)) {
    // HTTP and connection errors surface here without parsing the body.
    result.asResponse().then(undefined, fail);
    return observeRejections(result._thenUnwrap(safeOnValue), fail);
  }
  if (isThenable(result)) {
    return Promise.resolve(result).then(safeOnValue, (error: unknown) => {
      fail(error);
      throw error;
    });
  }
  return safeOnValue(result);
}

interface CallSpec {
  spanType: string;
  name(body: Json): string;
  attributes(body: Json): Record<string, unknown>;
  /** The body actually sent (may add stream_options) and whether usage was injected. */
  prepare?(body: Json): { body: Json; injected: boolean };
  onValue(span: Span, value: unknown, injected: boolean): unknown;
}

function tracedMethod(
  original: AnyFunction,
  target: object,
  spec: CallSpec,
  resolveClient: () => SightlineClient,
): AnyFunction {
  return function tracedCreate(this: unknown, body: unknown, ...rest: unknown[]): unknown {
    let span: Span;
    let client: SightlineClient;
    let sent = body;
    let injected = false;
    const self = this ?? target;
    try {
      const params = isObject(body) ? body : {};
      if (spec.prepare) ({ body: sent, injected } = spec.prepare(params));
      client = resolveClient();
      span = client.startSpan({
        name: spec.name(params),
        spanType: spec.spanType,
        inputs: body,
        attributes: spec.attributes(params),
      });
    } catch {
      // Tracing must never stop the call itself.
      return original.call(self, body, ...rest);
    }
    let result: unknown;
    try {
      result = original.call(self, sent, ...rest);
    } catch (error) {
      span.fail(error);
      span.end();
      throw error;
    }
    return instrumentResult(
      result,
      span,
      (value) => spec.onValue(span, value, injected),
      (e) => client.report(e),
    );
  };
}

function chatStream(span: Span, stream: object, injected: boolean): object {
  const acc = new ChatStreamAccumulator();
  return instrumentStream(stream, {
    onItem(chunk) {
      acc.add(chunk);
      if (!injected || !isObject(chunk)) return true;
      // Undo what injecting include_usage changed: the usage-only chunk and `usage: null` elsewhere.
      if (Array.isArray(chunk.choices) && chunk.choices.length === 0 && isObject(chunk.usage)) return false;
      if (chunk.usage === null) delete chunk.usage;
      return true;
    },
    onEnd(error, completed) {
      if (acc.chunks > 0) recordChatCompletion(span, acc.result());
      if (error !== undefined) span.fail(error);
      else if (!completed) span.setAttribute("sightline.stream.cancelled", true);
      span.end();
    },
  });
}

function responseStream(span: Span, stream: object): object {
  const acc = new ResponseStreamAccumulator();
  return instrumentStream(stream, {
    onItem(event) {
      acc.add(event);
      return true;
    },
    onEnd(error, completed) {
      recordResponse(span, acc.result());
      if (error !== undefined) span.fail(error);
      else if (!completed) span.setAttribute("sightline.stream.cancelled", true);
      span.end();
    },
  });
}

function chatSpec(options: WrapOpenAIOptions): CallSpec {
  return {
    spanType: SpanType.CHAT_MODEL,
    name: (body) => `chat ${String(body.model)}`,
    attributes: (body) => requestAttributes("chat", body),
    prepare(body) {
      const streamOptions = isObject(body.stream_options) ? body.stream_options : {};
      if (!options.injectStreamUsage || body.stream !== true || streamOptions.include_usage !== undefined) {
        return { body, injected: false };
      }
      return { body: { ...body, stream_options: { ...streamOptions, include_usage: true } }, injected: true };
    },
    onValue(span, value, injected) {
      if (isStream(value)) return chatStream(span, value, injected);
      recordChatCompletion(span, value);
      span.end();
      return value;
    },
  };
}

const responsesSpec: CallSpec = {
  spanType: SpanType.CHAT_MODEL,
  name: (body) => `responses ${String(body.model)}`,
  attributes: (body) => requestAttributes("chat", body),
  onValue(span, value) {
    if (isStream(value)) return responseStream(span, value);
    recordResponse(span, value);
    span.end();
    return value;
  },
};

const embeddingsSpec: CallSpec = {
  spanType: SpanType.EMBEDDING,
  name: (body) => `embeddings ${String(body.model)}`,
  attributes: (body) => requestAttributes("embeddings", body),
  onValue(span, value) {
    recordEmbeddings(span, value);
    span.end();
    return value;
  },
};

type Overrides = Record<string, (value: unknown, target: object) => unknown>;

/** A Proxy that swaps selected properties, caching what it made so repeated reads return the same object. */
function overlay(target: object, overrides: Overrides, bindMethods: boolean): object {
  const made = new Map<string, { from: unknown; value: unknown }>();
  return new Proxy(target, {
    get(obj, prop, receiver) {
      // The client keeps #private state, so its getters and methods must see the real object.
      const value = Reflect.get(obj, prop, bindMethods ? obj : receiver);
      const override = typeof prop === "string" ? overrides[prop] : undefined;
      if (
        override &&
        typeof prop === "string" &&
        (typeof value === "object" || typeof value === "function")
      ) {
        const cached = made.get(prop);
        if (cached && cached.from === value) return cached.value;
        const wrapped = override(value, obj);
        made.set(prop, { from: value, value: wrapped });
        return wrapped;
      }
      if (bindMethods && typeof value === "function" && prop !== "constructor") return value.bind(obj);
      return value;
    },
  });
}

/**
 * Returns a traced view of an `openai` client. Calls through it create spans (with the active span
 * as parent); everything else, and what every call returns, is exactly as with the original client.
 */
export function wrapOpenAI<T extends object>(openai: T, options: WrapOpenAIOptions = {}): T {
  const resolveClient = () => options.client ?? getClient();
  const create =
    (spec: CallSpec) =>
    (value: unknown, target: object): unknown =>
      typeof value === "function" ? tracedMethod(value as AnyFunction, target, spec, resolveClient) : value;
  const resource = (overrides: Overrides) => (value: unknown) =>
    isObject(value) ? overlay(value, overrides, false) : value;

  // The helpers (`parse`, `stream`, `runTools`) call `this._client.chat.completions.create` (or
  // `….responses.create`): answering `_client` with the traced client makes each model call they
  // make one span, the same as a direct `create`.
  const traced = () => wrapped;
  const wrapped = overlay(
    openai,
    {
      chat: resource({
        completions: resource({ create: create(chatSpec(options)), _client: traced }),
      }),
      responses: resource({ create: create(responsesSpec), _client: traced }),
      embeddings: resource({ create: create(embeddingsSpec) }),
      withOptions:
        (value, target) =>
        (...args: unknown[]) =>
          wrapOpenAI((value as AnyFunction).apply(target, args) as object, options),
    },
    true,
  );
  return wrapped as T;
}
