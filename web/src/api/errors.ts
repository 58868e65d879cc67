/**
 * The one error type every API call rejects with. Server errors carry the server's
 * `{ error: { code, message, requestId } }` body; failures that never reached the server
 * (offline, DNS, CORS, timeouts) have status 0 and a client-side code.
 */

import { type ErrorCode, isErrorCode } from "../../../workers/lib/error-codes";

// The server's closed list of codes (an import-free module, so nothing else of the server is
// bundled): the dashboard cannot test for a code the API never sends.
export type { ErrorCode as ServerErrorCode };
export { isErrorCode as isServerErrorCode };

/** Failures that never got an answer from the API, or got one the dashboard could not use. */
export type ClientErrorCode =
  | "network_error"
  | "timeout"
  | "aborted"
  | "invalid_response"
  | "unexpected_error";
/** An HTTP error without the API's error body (a proxy's or the platform's page), by status. */
export type HttpErrorCode = `http_${number}`;
export type ApiErrorCode = ErrorCode | ClientErrorCode | HttpErrorCode;

export interface ApiErrorInit {
  status: number;
  code: ApiErrorCode;
  message: string;
  requestId?: string | null;
  /** The parsed response body, when there was one. */
  body?: unknown;
  /** The response headers, when there was a response. */
  headers?: Headers | null;
  cause?: unknown;
}

export class ApiError extends Error {
  override readonly name = "ApiError";
  /** HTTP status, or 0 when no response was received. */
  readonly status: number;
  /** Machine-readable code from the server (e.g. "NOT_FOUND"), a ClientErrorCode or an HttpErrorCode. */
  readonly code: ApiErrorCode;
  /** The server's request id, to quote when reporting a problem. */
  readonly requestId: string | null;
  readonly body: unknown;
  /** Response headers (e.g. Retry-After), or null when no response was received. */
  readonly headers: Headers | null;

  constructor(init: ApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId ?? null;
    this.body = init.body;
    this.headers = init.headers ?? null;
  }

  /** True when the request never got an HTTP response. */
  get isNetworkError(): boolean {
    return this.status === 0;
  }

  /** Seconds to wait before retrying, from a Retry-After header (seconds or HTTP date), or null. */
  get retryAfterSeconds(): number | null {
    return parseRetryAfter(this.headers?.get("retry-after") ?? null);
  }
}

/** Retry-After is either delay-seconds or an HTTP date; answers whole seconds (at least 1). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === "") return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.max(1, Number.parseInt(trimmed, 10));
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(1, Math.ceil((date - now) / 1000));
}

export interface ServerErrorBody {
  error: { code: string; message: string; requestId: string };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

export function isServerErrorBody(value: unknown): value is ServerErrorBody {
  if (!isRecord(value) || !isRecord(value.error)) return false;
  const { code, message } = value.error;
  return typeof code === "string" && typeof message === "string";
}

const STATUS_MESSAGES: Readonly<Record<number, string>> = {
  400: "The request was not valid.",
  401: "You need to sign in to do that.",
  403: "You don't have permission to do that.",
  404: "Not found.",
  409: "That conflicts with the current state. Refresh and try again.",
  413: "The request is too large.",
  422: "Some of the submitted values are not valid.",
  429: "Too many requests. Wait a moment and try again.",
  500: "The server hit an unexpected error.",
  502: "The server is unreachable right now (bad gateway).",
  503: "The service is temporarily unavailable.",
  504: "The server took too long to respond.",
};

export function messageForStatus(status: number): string {
  return STATUS_MESSAGES[status] ?? `The server answered with HTTP ${status}.`;
}

/** A human-readable message for anything caught from an API call (`fallback` for non-errors). */
export function errorMessage(error: unknown, fallback = "Something went wrong."): string {
  if (error instanceof Error) return error.message;
  return fallback;
}

/** Anything caught, as an ApiError (status 0, code "unexpected_error" unless it already is one). */
export function toApiError(error: unknown, fallback?: string): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({
    status: 0,
    code: "unexpected_error",
    message: errorMessage(error, fallback),
    cause: error,
  });
}
