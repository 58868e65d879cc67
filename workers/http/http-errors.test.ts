import { createExecutionContext } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../index";
import { call, env, expectError, postJson } from "../test/helpers";
import { testServices } from "../test/services";

async function probeCount(): Promise<number> {
  const rows = await testServices().db.all<{ n: number }>(sql`select count(*) as n from queue_probes`);
  return Number(rows[0]?.n);
}

describe("the one error body", () => {
  it("answers malformed JSON with 400 BAD_REQUEST and writes nothing", async () => {
    const before = await probeCount();
    const res = await call("/api/diagnostics/queue-probes", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"fail": tru',
    });
    const error = await expectError(res, 400, "BAD_REQUEST");
    expect(error.message).toMatch(/JSON/);
    expect(await probeCount()).toBe(before);
  });

  it("answers a non-JSON content type with 415", async () => {
    const res = await call("/api/diagnostics/queue-probes", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "fail=true",
    });
    const error = await expectError(res, 415, "UNSUPPORTED_MEDIA_TYPE");
    expect(error.message).toContain("text/plain");
  });

  it("answers an oversized body with 413, by declared length and by bytes actually sent", async () => {
    const big = JSON.stringify({ fail: false, pad: "x".repeat(1024 * 1024 + 10) });
    await expectError(
      await postJson("/api/diagnostics/queue-probes", JSON.parse(big)),
      413,
      "PAYLOAD_TOO_LARGE",
    );

    // A streamed body without Content-Length must be cut off as it is read.
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"pad":"'));
        if (sent > 20) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const res = await call("/api/diagnostics/queue-probes", {
      method: "POST",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      body: stream,
    });
    await expectError(res, 413, "PAYLOAD_TOO_LARGE");
  });

  it("answers invalid input with 422 naming the field", async () => {
    const before = await probeCount();
    const error = await expectError(
      await postJson("/api/diagnostics/queue-probes", { fail: "yes" }),
      422,
      "INVALID_INPUT",
    );
    expect(error.message).toContain("fail");
    expect(await probeCount()).toBe(before);
  });

  it("answers unknown API routes with 404 and a request id", async () => {
    const res = await call("/api/v1/nothing-here");
    const error = await expectError(res, 404, "NOT_FOUND");
    expect(error.message).toContain("/api/v1/nothing-here");
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("keeps a well-formed inbound X-Request-Id and replaces a bad one", async () => {
    const kept = await call("/api/nope", { headers: { "x-request-id": "trace-abc-12345" } });
    expect((await expectError(kept, 404, "NOT_FOUND")).requestId).toBe("trace-abc-12345");
    const replaced = await call("/api/nope", { headers: { "x-request-id": "<script>" } });
    expect((await expectError(replaced, 404, "NOT_FOUND")).requestId).toMatch(/^req_/);
  });

  it("answers 500 BAD_ENVIRONMENT naming the missing variable when bindings are wrong", async () => {
    const bad = { ...env, LIBSQL_URL: undefined };
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request("http://x/api/health"), bad, ctx);
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("BAD_ENVIRONMENT");
    expect(body.error.message).toContain("LIBSQL_URL");
  });
});
