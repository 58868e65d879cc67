import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { parseEnv } from "../env";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { createServices } from "../lib/services";
import type { HonoEnv } from "./hono-env";

const INBOUND_REQUEST_ID = /^[A-Za-z0-9_.:-]{8,128}$/;

/** Gives every request an id (or keeps a sane inbound X-Request-Id) and echoes it back. */
export function requestId(): MiddlewareHandler<HonoEnv> {
  return async function requestIdMiddleware(c, next) {
    const inbound = c.req.header("x-request-id");
    const id = inbound && INBOUND_REQUEST_ID.test(inbound) ? inbound : newId("request");
    c.set("requestId", id);
    c.header("X-Request-Id", id);
    await next();
  };
}

/** Validates the bindings and builds the per-request services; a bad config is a 500. */
export function services(): MiddlewareHandler<HonoEnv> {
  return async function servicesMiddleware(c, next) {
    const env = parseEnv(c.env);
    if (!env.ok) throw new ApiError("BAD_ENVIRONMENT", env.message);
    c.set("services", createServices(env.env));
    await next();
  };
}

const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * JSON API bodies: at most `maxBytes` (checked on the declared length and on the bytes actually
 * read, so chunked uploads cannot slip past), and only `application/json`.
 */
export function jsonBody(options: { maxBytes: number }): MiddlewareHandler<HonoEnv> {
  const limit = bodyLimit({
    maxSize: options.maxBytes,
    onError: () => {
      throw new ApiError(
        "PAYLOAD_TOO_LARGE",
        `The request body is larger than ${options.maxBytes} bytes; send less data per request.`,
      );
    },
  });
  return async function jsonBodyMiddleware(c, next) {
    if (!METHODS_WITH_BODY.has(c.req.method)) return next();
    const length = c.req.header("content-length");
    const hasBody =
      (length !== undefined && length !== "0") || c.req.header("transfer-encoding") !== undefined;
    if (hasBody) {
      const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
      if (type !== "application/json") {
        throw new ApiError(
          "UNSUPPORTED_MEDIA_TYPE",
          `This route accepts application/json bodies, not ${type ? `"${type}"` : "a body without a Content-Type"}.`,
        );
      }
    }
    return limit(c, next);
  };
}
