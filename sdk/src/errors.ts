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
   * option (its default is used instead), or startSpan() an invalid parent. API calls such as
   * logFeedback() reject with it when the client has no usable apiKey or baseUrl, or when the
   * credential reaches several projects and no projectId was given.
   */
  | "invalid_options"
  /**
   * A module-level function ran before init(): its spans are not exported (and an API call such
   * as logFeedback() rejects).
   */
  | "not_initialized"
  /** A bug in the SDK, caught before it reached your code. */
  | "internal"
  /** An API call (logFeedback, getAssessments, …) got arguments it cannot send; nothing was sent. */
  | "invalid_input"
  /** The API answered an API call with an error: see `status`, `code` and `requestId`. */
  | "api_error"
  /** An API call got no usable answer: network error, timeout, or a body the API would not send. */
  | "request_failed"
  /** The caller's AbortSignal stopped the call (evaluate(): its run was cancelled on the server). */
  | "aborted";

/**
 * What went wrong. Tracing reports it to `onError` and never throws into your code; the API calls
 * you await (logFeedback, getAssessments, …) reject with it instead, since their caller is waiting
 * for the answer and must learn that the feedback was not stored.
 */
export class SightlineError extends Error {
  readonly kind: SightlineErrorKind;
  /** HTTP status of a failed export or API call, when there was a response. */
  readonly status: number | undefined;
  /** The API's error code (NOT_FOUND, CONFLICT, INVALID_INPUT, …), when it answered with one. */
  readonly code: string | undefined;
  /** The API's id of the failed request, for its logs, when it answered with one. */
  readonly requestId: string | undefined;
  /** Spans lost by the event reported. */
  readonly droppedSpans: number;

  constructor(
    kind: SightlineErrorKind,
    message: string,
    details: {
      status?: number;
      code?: string;
      requestId?: string;
      droppedSpans?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "SightlineError";
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
    this.requestId = details.requestId;
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
