export type SightlineErrorKind =
  /** An export was rejected with a status that is not retried (400, 401, 403, 413, other 4xx): spans dropped. */
  | "export_rejected"
  /** An export still failed after every retry (5xx, 429, network errors, timeouts): spans dropped. */
  | "export_failed"
  /** The server accepted the request but rejected some spans (OTLP partial success). */
  | "partial_success"
  /** The queue was full (or the client shut down), so new spans were dropped. */
  | "spans_dropped"
  /** A call that needs an active span or trace ran outside one, or its root span had already ended. */
  | "no_active_trace"
  /** A span was changed after it ended. */
  | "span_ended"
  /**
   * init() had no usable apiKey or baseUrl (spans are then not exported) or an unusable numeric
   * option (its default is used instead), or startSpan() an invalid parent.
   */
  | "invalid_options"
  /** A module-level function ran before init(): its spans are not exported. */
  | "not_initialized"
  /** A bug in the SDK, caught before it reached your code. */
  | "internal";

/** Reported to `onError`; the SDK never throws into your code. */
export class SightlineError extends Error {
  readonly kind: SightlineErrorKind;
  /** HTTP status of a failed export, when there was a response. */
  readonly status: number | undefined;
  /** Spans lost by the event reported. */
  readonly droppedSpans: number;

  constructor(
    kind: SightlineErrorKind,
    message: string,
    details: { status?: number; droppedSpans?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "SightlineError";
    this.kind = kind;
    this.status = details.status;
    this.droppedSpans = details.droppedSpans ?? 0;
  }
}

export type ErrorReporter = (error: SightlineError) => void;

/** Calls `onError`, or by default warns once per kind; never throws. */
export function createReporter(onError?: (error: SightlineError) => void): ErrorReporter {
  const warned = new Set<SightlineErrorKind>();
  return (error) => {
    try {
      if (onError) {
        onError(error);
      } else if (!warned.has(error.kind)) {
        warned.add(error.kind);
        console.warn(`[sightline] ${error.message} (further "${error.kind}" reports are silenced)`);
      }
    } catch {
      // An onError that throws must not reach the caller's code.
    }
  };
}
