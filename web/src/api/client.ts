/**
 * Typed JSON client for the Sightline API (same origin: `/api/*`).
 *
 *   const project = await api.get<Project>("/api/projects/p_123");
 *   await api.post<Dataset>("/api/datasets", { name: "golden" });
 *
 * Every failure rejects with an ApiError (see ./errors). A 401 also notifies the handler set
 * with `onUnauthenticated()` (the session redirects to the login page), unless the request
 * opts out with `allowUnauthenticated` (login, whoami, public pages).
 */
import { ApiError, isServerErrorBody, isServerErrorCode, messageForStatus } from "./errors";

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  /** Appended as a query string; null/undefined values are skipped. */
  query?: Readonly<Record<string, QueryValue>>;
  headers?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
  /** Milliseconds before the request is abandoned with code "timeout". Default 30s; 0 disables. */
  timeoutMs?: number;
  /** A 401 is an expected answer here (not "signed out"): don't notify the unauthenticated handler. */
  allowUnauthenticated?: boolean;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

const DEFAULT_TIMEOUT_MS = 30_000;

type UnauthenticatedHandler = (error: ApiError) => void;
let unauthenticatedHandler: UnauthenticatedHandler | null = null;

/** Called with every 401 (the session is gone). Returns a function that removes the handler. */
export function onUnauthenticated(handler: UnauthenticatedHandler): () => void {
  unauthenticatedHandler = handler;
  return () => {
    if (unauthenticatedHandler === handler) unauthenticatedHandler = null;
  };
}
const REQUEST_ID_HEADERS = ["x-request-id", "cf-ray"] as const;

export function buildUrl(path: string, query?: RequestOptions["query"]): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined) params.append(key, String(value));
  }
  const search = params.toString();
  if (!search) return path;
  return `${path}${path.includes("?") ? "&" : "?"}${search}`;
}

function requestIdFrom(response: Response): string | null {
  for (const header of REQUEST_ID_HEADERS) {
    const value = response.headers.get(header);
    if (value) return value;
  }
  return null;
}

async function readBody(response: Response): Promise<{ body: unknown; parsed: boolean }> {
  if (response.status === 204 || response.status === 205) return { body: undefined, parsed: true };
  const text = await response.text();
  if (text.length === 0) return { body: undefined, parsed: true };
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) return { body: text, parsed: false };
  try {
    return { body: JSON.parse(text), parsed: true };
  } catch {
    return { body: text, parsed: false };
  }
}

function errorFromResponse(response: Response, body: unknown): ApiError {
  if (isServerErrorBody(body)) {
    const { code, message, requestId } = body.error;
    return new ApiError({
      status: response.status,
      // A code outside the server's list (an older or newer API) still shows the server's message.
      code: isServerErrorCode(code) ? code : `http_${response.status}`,
      message,
      requestId: requestId || requestIdFrom(response),
      body,
      headers: response.headers,
    });
  }
  return new ApiError({
    status: response.status,
    code: `http_${response.status}`,
    message: messageForStatus(response.status),
    requestId: requestIdFrom(response),
    body,
    headers: response.headers,
  });
}

function combineSignals(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal | undefined {
  const signals: AbortSignal[] = [];
  if (signal) signals.push(signal);
  if (timeoutMs > 0) signals.push(AbortSignal.timeout(timeoutMs));
  if (signals.length === 0) return undefined;
  return signals.length === 1 ? signals[0] : AbortSignal.any(signals);
}

function errorFromFetchFailure(cause: unknown, signal: AbortSignal | undefined): ApiError {
  const reason: unknown = signal?.aborted ? signal.reason : cause;
  if (reason instanceof DOMException && reason.name === "TimeoutError") {
    return new ApiError({
      status: 0,
      code: "timeout",
      message: "The server took too long to respond. Try again in a moment.",
      cause: reason,
    });
  }
  if (reason instanceof DOMException && reason.name === "AbortError") {
    return new ApiError({ status: 0, code: "aborted", message: "The request was cancelled.", cause: reason });
  }
  const offline = typeof navigator !== "undefined" && navigator.onLine === false;
  return new ApiError({
    status: 0,
    code: "network_error",
    message: offline
      ? "You appear to be offline. Check your connection and try again."
      : "Could not reach the Sightline server. Check your connection and try again.",
    cause,
  });
}

export async function request<T>(
  method: HttpMethod,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers = new Headers({ Accept: "application/json", ...options.headers });
  const init: RequestInit = { method, headers, credentials: "same-origin" };
  if (body !== undefined) {
    headers.set("Content-Type", "application/json");
    init.body = JSON.stringify(body);
  }
  const signal = combineSignals(options.signal, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  if (signal) init.signal = signal;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), init);
  } catch (cause) {
    throw errorFromFetchFailure(cause, signal);
  }

  let result: { body: unknown; parsed: boolean };
  try {
    result = await readBody(response);
  } catch (cause) {
    throw errorFromFetchFailure(cause, signal);
  }

  if (!response.ok) {
    const error = errorFromResponse(response, result.body);
    if (response.status === 401 && !options.allowUnauthenticated) unauthenticatedHandler?.(error);
    throw error;
  }
  if (!result.parsed) {
    throw new ApiError({
      status: response.status,
      code: "invalid_response",
      message: "The server sent a response that isn't JSON. Is the API running at this address?",
      requestId: requestIdFrom(response),
      body: result.body,
      headers: response.headers,
    });
  }
  // The server's OpenAPI contract is the source of truth for T; we trust it here.
  return result.body as T;
}

export const api = {
  request,
  get: <T>(path: string, options?: RequestOptions) => request<T>("GET", path, undefined, options),
  delete: <T = void>(path: string, options?: RequestOptions) =>
    request<T>("DELETE", path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("POST", path, body, options),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>("PUT", path, body, options),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("PATCH", path, body, options),
} as const;
