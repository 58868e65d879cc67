import { createExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../index";
import { DB_TIMEOUT_MS } from "../lib/db";
import { call, env } from "../test/helpers";
import type { HealthReport } from "./service";

const ctx = createExecutionContext();

describe("GET /api/health", () => {
  it("reports the database reachable and every migration applied", async () => {
    const res = await call("/api/health");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const report = (await res.json()) as HealthReport;
    expect(report.status).toBe("ok");
    expect(report.database.reachable).toBe(true);
    expect(report.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(report.migrations).toMatchObject({ current: true, pending: [] });
    expect(report.migrations.applied).toBe(report.migrations.expected);
    expect(report.migrations.expected).toBeGreaterThan(0);
  });

  it("answers 503 degraded when the database cannot be reached", async () => {
    const unreachable = { ...env, LIBSQL_URL: "http://127.0.0.1:9" };
    const res = await worker.fetch(new Request("http://x/api/health"), unreachable, ctx);
    expect(res.status).toBe(503);
    const report = (await res.json()) as HealthReport;
    expect(report.status).toBe("degraded");
    expect(report.database.reachable).toBe(false);
    expect(report.database.error).toBeTruthy();
    expect(report.migrations.current).toBe(false);
  });

  it("answers degraded within about 2 s when the database hangs", async () => {
    const frozen = { ...env, LIBSQL_URL: env.TEST_HANGING_DB_URL };
    const started = Date.now();
    const res = await worker.fetch(new Request("http://x/api/health"), frozen, ctx);
    const elapsed = Date.now() - started;
    expect(res.status).toBe(503);
    expect(((await res.json()) as HealthReport).status).toBe("degraded");
    expect(elapsed).toBeGreaterThanOrEqual(DB_TIMEOUT_MS.health - 100);
    expect(elapsed).toBeLessThan(DB_TIMEOUT_MS.health + 1500);
  });
});

describe("bounded database waits", () => {
  it("gives up on a hanging database after ~5 s for reads and ~10 s for writes, with 503 and Retry-After", async () => {
    const frozen = { ...env, LIBSQL_URL: env.TEST_HANGING_DB_URL };
    const timed = async (request: Parameters<typeof worker.fetch>[0]) => {
      const started = Date.now();
      const res = await worker.fetch(request, frozen, ctx);
      return { res, elapsed: Date.now() - started };
    };
    const auth = { authorization: `Bearer sl_${"a".repeat(43)}` };
    const [read, write] = await Promise.all([
      timed(new Request("http://x/api/v1/whoami", { headers: auth })),
      timed(
        new Request("http://x/v1/traces", {
          method: "POST",
          headers: { ...auth, "content-type": "application/json" },
          body: "{}",
        }),
      ),
    ]);
    for (const [what, { res, elapsed }, bound] of [
      ["read", read, DB_TIMEOUT_MS.read],
      ["write", write, DB_TIMEOUT_MS.write],
    ] as const) {
      expect(res.status, what).toBe(503);
      expect(res.headers.get("retry-after"), what).toBeTruthy();
      expect(((await res.json()) as { error: { code: string } }).error.code, what).toBe(
        "SERVICE_UNAVAILABLE",
      );
      expect(elapsed, what).toBeGreaterThanOrEqual(bound - 100);
      expect(elapsed, what).toBeLessThan(bound + 2000);
    }
  }, 20_000);
});

describe("a database that fails mid-answer", () => {
  for (const [what, path] of [
    ["stalls after the headers", "stall-body"],
    ["drops the connection mid-body", "drop-body"],
  ] as const) {
    it(`answers 503 with Retry-After when it ${what}`, async () => {
      const failing = { ...env, LIBSQL_URL: `${env.TEST_HANGING_DB_URL}/${path}/` };
      const started = Date.now();
      const res = await worker.fetch(
        new Request("http://x/api/v1/whoami", { headers: { authorization: `Bearer sl_${"b".repeat(43)}` } }),
        failing,
        ctx,
      );
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBeTruthy();
      expect(Date.now() - started).toBeLessThan(DB_TIMEOUT_MS.read + 2000);
    }, 15_000);
  }
});
