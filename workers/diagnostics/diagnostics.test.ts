import { createExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../index";
import { env } from "../test/helpers";

describe("diagnostics routes", () => {
  it("do not exist in production (unauthenticated by design, so dev and test only)", async () => {
    const production = { ...env, SIGHTLINE_ENV: "production" };
    const res = await worker.fetch(
      new Request("http://x/api/diagnostics/queue-probes", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }),
      production,
      createExecutionContext(),
    );
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });
});
