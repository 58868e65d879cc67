import type { ErrorReporter } from "./errors.ts";
import { SightlineError } from "./errors.ts";
import { nowUnixNano } from "./ids.ts";
import { toAttributeValue, toJson } from "./serialize.ts";
import {
  Attr,
  type AttributeValue,
  type SpanContext,
  type SpanStatus,
  SpanStatusCode,
  type SpanStatusCodeValue,
  type SpanStatusName,
} from "./types.ts";

export interface SpanEvent {
  name: string;
  timeUnixNano: string;
  attributes: Map<string, AttributeValue>;
}

/** Everything a Span needs from the client that created it. */
export interface SpanSink {
  onEnd(span: Span): void;
  report: ErrorReporter;
}

export interface SpanInit {
  name: string;
  spanType: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  /** The outermost span of this trace started in this process; undefined means this span. */
  localRoot: Span | undefined;
  sink: SpanSink;
}

function toAttributes(attributes: Record<string, unknown> | undefined): Map<string, AttributeValue> {
  const map = new Map<string, AttributeValue>();
  for (const [key, value] of Object.entries(attributes ?? {})) {
    const stored = toAttributeValue(value);
    if (stored !== undefined) map.set(key, stored);
  }
  return map;
}

function errorType(error: unknown): string {
  if (error instanceof Error) return error.constructor?.name || error.name;
  return typeof error;
}

/**
 * One timed operation in a trace. Every method is safe to call at any time: changes after end()
 * are ignored (and reported as "span_ended"), and nothing here throws.
 */
export class Span {
  readonly name: string;
  readonly spanType: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly startTimeUnixNano: string;
  /** The outermost span of this trace in this process: where updateCurrentTrace() writes. */
  readonly localRoot: Span;
  #endTimeUnixNano: string | undefined;
  #attributes = new Map<string, AttributeValue>();
  #events: SpanEvent[] = [];
  #status: SpanStatus = { code: SpanStatusCode.UNSET };
  #sink: SpanSink;

  constructor(init: SpanInit) {
    this.name = init.name;
    this.spanType = init.spanType;
    this.traceId = init.traceId;
    this.spanId = init.spanId;
    this.parentSpanId = init.parentSpanId;
    this.localRoot = init.localRoot ?? this;
    this.#sink = init.sink;
    this.startTimeUnixNano = nowUnixNano();
    this.#attributes.set(Attr.spanType, init.spanType);
  }

  spanContext(): SpanContext {
    return { traceId: this.traceId, spanId: this.spanId };
  }

  get ended(): boolean {
    return this.#endTimeUnixNano !== undefined;
  }
  get endTimeUnixNano(): string | undefined {
    return this.#endTimeUnixNano;
  }
  get status(): SpanStatus {
    return { ...this.#status };
  }
  /** A copy of the attributes. */
  get attributes(): Record<string, AttributeValue> {
    return Object.fromEntries(this.#attributes);
  }
  /** One attribute's value, without copying the others. */
  getAttribute(key: string): AttributeValue | undefined {
    return this.#attributes.get(key);
  }
  get events(): readonly SpanEvent[] {
    return this.#events;
  }

  #writable(what: string): boolean {
    if (!this.ended) return true;
    this.#sink.report(
      new SightlineError("span_ended", `${what} on span "${this.name}" after it ended was ignored`),
    );
    return false;
  }

  /** Sets `mlflow.spanInputs` to the JSON text of `inputs`. */
  setInputs(inputs: unknown): this {
    if (this.#writable("setInputs")) this.#attributes.set(Attr.spanInputs, toJson(inputs));
    return this;
  }

  /** Sets `mlflow.spanOutputs` to the JSON text of `outputs`. */
  setOutputs(outputs: unknown): this {
    if (this.#writable("setOutputs")) this.#attributes.set(Attr.spanOutputs, toJson(outputs));
    return this;
  }

  get hasOutputs(): boolean {
    return this.#attributes.has(Attr.spanOutputs);
  }

  /** Strings, numbers, booleans, bigints and arrays of those are kept; other objects become JSON text; null or undefined removes. */
  setAttribute(key: string, value: unknown): this {
    if (!this.#writable("setAttribute")) return this;
    const stored = toAttributeValue(value);
    if (stored === undefined) this.#attributes.delete(key);
    else this.#attributes.set(key, stored);
    return this;
  }

  /** `setAttribute` for each entry; undefined or null (from plain-JS callers) sets nothing. */
  setAttributes(attributes: Record<string, unknown>): this {
    for (const [key, value] of Object.entries(attributes ?? {})) this.setAttribute(key, value);
    return this;
  }

  addEvent(name: string, attributes?: Record<string, unknown>): this {
    if (this.#writable("addEvent")) {
      this.#events.push({ name, timeUnixNano: nowUnixNano(), attributes: toAttributes(attributes) });
    }
    return this;
  }

  /** Adds an OTel `exception` event; does not change the status (see setStatus / fail). */
  recordException(error: unknown): this {
    const message =
      error instanceof Error ? error.message : typeof error === "string" ? error : toJson(error);
    return this.addEvent("exception", {
      "exception.type": errorType(error),
      "exception.message": message,
      "exception.stacktrace": error instanceof Error ? error.stack : undefined,
    });
  }

  setStatus(status: SpanStatusName | SpanStatusCodeValue, message?: string): this {
    if (!this.#writable("setStatus")) return this;
    const code = typeof status === "number" ? status : SpanStatusCode[status];
    this.#status = code === SpanStatusCode.ERROR && message !== undefined ? { code, message } : { code };
    return this;
  }

  /** Records `error` as an exception event and sets status ERROR with its message. */
  fail(error: unknown): this {
    if (this.ended) return this;
    this.recordException(error);
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === "number") this.setAttribute("http.response.status_code", status);
    this.setAttribute("error.type", errorType(error));
    return this.setStatus("ERROR", error instanceof Error ? error.message : String(error));
  }

  /** Ends the span (once; later calls are ignored). An UNSET status becomes OK, as in MLflow. */
  end(): void {
    if (this.ended) return;
    if (this.#status.code === SpanStatusCode.UNSET) this.#status = { code: SpanStatusCode.OK };
    this.#endTimeUnixNano = nowUnixNano();
    try {
      this.#sink.onEnd(this);
    } catch (error) {
      this.#sink.report(new SightlineError("internal", "exporting a span failed", { cause: error }));
    }
  }
}
