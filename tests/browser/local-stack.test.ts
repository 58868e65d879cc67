/**
 * The local stack itself (scripts/stack.ts, as `npm start` runs it): the Worker answers the API,
 * the dashboard's routes fall back to the SPA, the job queue delivers, and the cron driver runs
 * the scheduled handler.
 */
import { createClient } from "@libsql/client";
import { describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("local stack", () => {
  it("serves the API from the Worker and every other path from the dashboard", async () => {
    const health = await fetch(`${baseUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", migrations: { current: true } });

    const page = await fetch(`${baseUrl}/traces/some-trace-id`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain('<div id="app">');

    const unknownApi = await fetch(`${baseUrl}/api/v1/no-such-thing`);
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers.get("content-type")).toContain("application/json");
  });

  it("delivers a job through the local queue to the consumer", async () => {
    const started = await fetch(`${baseUrl}/api/diagnostics/queue-probes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    const probe = await poll(
      async () =>
        (await (await fetch(`${baseUrl}/api/diagnostics/queue-probes/${id}`)).json()) as { status: string },
      (p) => p.status !== "queued",
    );
    expect(probe.status).toBe("done");
  });

  it("runs the cron jobs on start, as npm start does", async () => {
    const db = createClient({ url: inject("dbUrl") });
    try {
      const runs = await poll(
        async () =>
          (await db.execute("select job, status from cron_runs order by job")).rows.map((r) => ({ ...r })),
        (rows) => rows.length >= 2,
      );
      expect(runs).toEqual(
        expect.arrayContaining([
          { job: "housekeeping", status: "ok" },
          { job: "retention", status: "ok" },
        ]),
      );
    } finally {
      db.close();
    }
  });
});
