import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { and, eq, gte } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cronRuns, queueProbes } from "../../schema";
import worker from "../index";
import { findFirst } from "../lib/db";
import { env } from "../test/helpers";
import { testServices } from "../test/services";

describe("scheduled()", () => {
  it("runs the jobs of the fired cron, records each run, and the cleanup jobs drop stale rows", async () => {
    const services = testServices();
    const staleId = services.ids("queueProbe");
    const freshId = services.ids("queueProbe");
    const now = Date.now();
    await services.db.insert(queueProbes).values([
      { id: staleId, fail: false, status: "done", createdAt: now - 3 * 24 * 3600 * 1000 },
      { id: freshId, fail: false, status: "done", createdAt: now },
    ]);

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: now }), env, ctx);
    await waitOnExecutionContext(ctx);

    const runs = await services.db
      .select()
      .from(cronRuns)
      .where(and(eq(cronRuns.job, "housekeeping"), gte(cronRuns.startedAt, now)));
    expect(runs.map((r) => r.status)).toContain("ok");
    // Every capability's crons of that schedule run too (traces' retention, diagnostics' probes).
    const fired = await services.db
      .select({ job: cronRuns.job, status: cronRuns.status })
      .from(cronRuns)
      .where(and(eq(cronRuns.cron, "*/5 * * * *"), gte(cronRuns.startedAt, now)));
    expect(fired).toEqual(
      expect.arrayContaining([
        { job: "retention", status: "ok" },
        { job: "queue_probes", status: "ok" },
      ]),
    );
    expect(await findFirst(services.db, queueProbes, eq(queueProbes.id, staleId))).toBeUndefined();
    expect(await findFirst(services.db, queueProbes, eq(queueProbes.id, freshId))).toBeDefined();
  });

  it("ignores a cron expression with no jobs", async () => {
    const ctx = createExecutionContext();
    const before = Date.now();
    await worker.scheduled(createScheduledController({ cron: "0 0 31 2 *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const runs = await testServices()
      .db.select()
      .from(cronRuns)
      .where(and(eq(cronRuns.cron, "0 0 31 2 *"), gte(cronRuns.startedAt, before)));
    expect(runs).toEqual([]);
  });
});
