import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isDatabaseUnavailable } from "../lib/db";
import { ApiError, errorBody } from "../lib/errors";
import type { HonoEnv } from "./hono-env";

function send(c: Context<HonoEnv>, error: ApiError) {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  const requestId = c.get("requestId") ?? "unknown";
  return c.json(errorBody(error.code, error.message, requestId), error.status as ContentfulStatusCode);
}

/** Maps anything thrown while handling a request to the one error body. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) {
    // Hono's own validators throw these, e.g. "Malformed JSON in request body".
    if (err.status === 400) return new ApiError("BAD_REQUEST", `${err.message}. Send a valid JSON document.`);
    if (err.status === 413) return new ApiError("PAYLOAD_TOO_LARGE", err.message);
    if (err.status === 415) return new ApiError("UNSUPPORTED_MEDIA_TYPE", err.message);
  }
  if (isDatabaseUnavailable(err)) {
    return new ApiError("SERVICE_UNAVAILABLE", "The database is unavailable; retry in a few seconds.", {
      headers: { "Retry-After": "5" },
    });
  }
  return new ApiError("INTERNAL", "An unexpected error occurred; quote the requestId when you report it.");
}

export const onError: ErrorHandler<HonoEnv> = (err, c) => {
  const apiError = toApiError(err);
  if (apiError.status >= 500) {
    console.error(`[${c.get("requestId")}] ${c.req.method} ${c.req.path} failed:`, err);
  }
  return send(c, apiError);
};

export const onNotFound: NotFoundHandler<HonoEnv> = (c) =>
  send(c, new ApiError("NOT_FOUND", `There is no route for ${c.req.method} ${c.req.path}.`));
