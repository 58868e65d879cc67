import { createExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../index";
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
});
