import type { SightlineError } from "./errors.ts";
import type { Span } from "./span.ts";
import type { SpanContext, SpanTypeName } from "./types.ts";

export interface StartSpanOptions {
  name: string;
  /** Default UNKNOWN. */
  spanType?: SpanTypeName;
  /**
   * The parent: a Span, or a SpanContext from another process. Default: the active span (with
   * AsyncLocalStorage). `null` starts a new trace.
   */
  parent?: Span | SpanContext | null;
  inputs?: unknown;
  attributes?: Record<string, unknown>;
}

/**
 * What evaluate() needs of a client: its spans, its error reporting and its flush. Not the client
 * class itself, which calls evaluate() (client.ts → evaluate.ts would import in a circle).
 */
export interface EvalClient {
  startSpan(options: StartSpanOptions): Span;
  report(error: SightlineError): void;
  flush(): Promise<void>;
}
