import type { MiddlewareHandler } from "hono";
import { parseEnv } from "../env";
import { DB_TIMEOUT_MS } from "../lib/db";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { JsonInputError, parseJsonInput } from "../lib/json-input";
import { createServices } from "../lib/services";
import { readCapped } from "./body";
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

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Validates the bindings and builds the per-request services; a bad config is a 500. A request
 * waits on the database at most its bound in all (DB_TIMEOUT_MS): a read's is shorter than a write's.
 */
export function services(): MiddlewareHandler<HonoEnv> {
  return async function servicesMiddleware(c, next) {
    const env = parseEnv(c.env);
    if (!env.ok) throw new ApiError("BAD_ENVIRONMENT", env.message);
    const timeoutMs = READS.has(c.req.method) ? DB_TIMEOUT_MS.read : DB_TIMEOUT_MS.write;
    c.set("services", createServices(env.env, { dbWait: { timeoutMs, deadline: Date.now() + timeoutMs } }));
    await next();
  };
}

const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * JSON API bodies: at most `maxBytes` (counted on the bytes actually read, so chunked uploads
 * cannot slip past a missing Content-Length), only `application/json`, parsed once through the
 * one JSON boundary (lib/json-input.ts: depth limit, well-formed strings). The route's validator
 * then reads the checked text from Hono's body cache.
 */
export function checkJsonBody(options: { maxBytes: number }): MiddlewareHandler<HonoEnv> {
  const tooLarge = () =>
    new ApiError(
      "PAYLOAD_TOO_LARGE",
      `The request body is larger than ${options.maxBytes} bytes; send less data per request.`,
    );
  return async function checkJsonBodyMiddleware(c, next) {
    if (!METHODS_WITH_BODY.has(c.req.method)) return next();
    const length = c.req.header("content-length");
    const hasBody =
      (length !== undefined && length !== "0") || c.req.header("transfer-encoding") !== undefined;
    if (!hasBody) return next();
    const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json") {
      throw new ApiError(
        "UNSUPPORTED_MEDIA_TYPE",
        `This route accepts application/json bodies, not ${type ? `"${type}"` : "a body without a Content-Type"}.`,
      );
    }
    if (Number(length ?? 0) > options.maxBytes) throw tooLarge();
    const bytes = c.req.raw.body
      ? await readCapped(c.req.raw.body, options.maxBytes, tooLarge)
      : new Uint8Array();
    const text = new TextDecoder().decode(bytes);
    let checked = text;
    if (text.trim() !== "") {
      try {
        const { value, mended } = parseJsonInput(text);
        if (mended) checked = JSON.stringify(value);
      } catch (err) {
        if (err instanceof JsonInputError)
          throw new ApiError(
            "BAD_REQUEST",
            `The request body is refused: ${err.message}. Send a valid JSON document.`,
          );
        throw err;
      }
    }
    // Hono keeps bodies as promises here (its type says otherwise); json() and text() read this one.
    (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(checked);
    return next();
  };
}
