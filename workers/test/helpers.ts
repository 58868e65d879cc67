import { env, exports } from "cloudflare:workers";
import type { ErrorBody } from "../lib/errors";

export const BASE = "http://sightline.test";

/** Sends a request for `path` somewhere: the deployed Worker (`call`), or an app a test built. */
export type Sender = (path: string, init?: RequestInit) => Promise<Response>;

/** Sends a request through the deployed Worker entry (routing, middleware, error handler). */
export function call(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${path}`, init));
}

export function postJson(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return call(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

export async function expectError(res: Response, status: number, code: string): Promise<ErrorBody["error"]> {
  const body = (await res.json()) as ErrorBody;
  if (res.status !== status || body.error?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(body)}`);
  }
  if (!body.error.requestId || body.error.requestId !== res.headers.get("x-request-id")) {
    throw new Error(`error body requestId ${body.error.requestId} does not match X-Request-Id`);
  }
  return body.error;
}

/** Polls `probe` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs = 20_000, intervalMs = 100, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

export { env };
