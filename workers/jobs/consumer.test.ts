import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { jobFailures, queueProbes } from "../../schema";
import type { QueueProbe } from "../diagnostics/service";
import worker from "../index";
import { findFirst } from "../lib/db";
import { call, env, eventually, postJson } from "../test/helpers";
import { testServices } from "../test/services";
import { JOBS_DLQ, JOBS_QUEUE, queueConsumers, retryDelaySeconds } from "./consumer";
import { defineOrgJob } from "./define";

async function readProbe(id: string): Promise<QueueProbe> {
  return (await (await call(`/api/diagnostics/queue-probes/${id}`)).json()) as QueueProbe;
}

describe("job queue, end to end through Miniflare queues", () => {
  it("a route enqueues a job and the Worker's queue handler completes it", async () => {
    const res = await postJson("/api/diagnostics/queue-probes", {});
    expect(res.status).toBe(202);
    const started = (await res.json()) as QueueProbe;
    expect(started.status).toBe("queued");

    const done = await eventually(
      async () => {
        const probe = await readProbe(started.id);
        return probe.status === "done" ? probe : undefined;
      },
      { what: "the probe to be consumed" },
    );
    expect(done.attempts).toBe(1);
    expect(done.completedAt).not.toBeNull();
  });

  it("a job that keeps failing is retried, then recorded as dead from the DLQ", async () => {
    const started = (await (
      await postJson("/api/diagnostics/queue-probes", { fail: true })
    ).json()) as QueueProbe;
    const dead = await eventually(
      async () => {
        const probe = await readProbe(started.id);
        return probe.status === "dead" ? probe : undefined;
      },
      { what: "the failing probe to reach the DLQ", timeoutMs: 25_000 },
    );
    // max_retries = 3 in wrangler.toml: the first delivery plus three retries.
    expect(dead.attempts).toBe(4);
    expect(dead.lastError).toContain("asked to fail");
  });
});

describe("queue consumers, batch by batch", () => {
  it("acks a good message and retries a failing one with exponential delay", async () => {
    const services = testServices();
    const okId = services.ids("queueProbe");
    const badId = services.ids("queueProbe");
    await services.db.insert(queueProbes).values([
      { id: okId, fail: false, status: "queued", createdAt: Date.now() },
      { id: badId, fail: true, status: "queued", createdAt: Date.now() },
    ]);
    const batch = createMessageBatch(JOBS_QUEUE, [
      {
        id: "m-ok",
        timestamp: new Date(),
        attempts: 1,
        body: { type: "diagnostics.queue_probe", jobId: services.ids("job"), probeId: okId },
      },
      {
        id: "m-bad",
        timestamp: new Date(),
        attempts: 3,
        body: { type: "diagnostics.queue_probe", jobId: services.ids("job"), probeId: badId },
      },
    ]);
    // getQueueResult() does not report retry delays, so record what the consumer asked for.
    const delays: Record<string, number | undefined> = {};
    for (const message of batch.messages) {
      const retry = message.retry.bind(message);
      message.retry = (options) => {
        delays[message.id] = options?.delaySeconds;
        retry(options);
      };
    }
    const ctx = createExecutionContext();
    await worker.queue(batch, { ...env, QUEUE_RETRY_BASE_SECONDS: "5" }, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["m-ok"]);
    expect(result.retryMessages).toEqual([{ msgId: "m-bad" }]);
    // Third attempt with a 5 s base: 5 × 2² seconds.
    expect(delays).toEqual({ "m-bad": 20 });

    const failure = await findFirst(
      services.db,
      jobFailures,
      eq(jobFailures.type, "diagnostics.queue_probe"),
      desc(jobFailures.lastFailedAt),
    );
    expect(failure?.status).toBe("retrying");
    expect(failure?.body).toContain(badId);
  });

  it("does nothing twice when a completed job is redelivered", async () => {
    const services = testServices();
    const id = services.ids("queueProbe");
    await services.db
      .insert(queueProbes)
      .values({ id, fail: false, status: "queued", createdAt: Date.now() });
    const body = { type: "diagnostics.queue_probe", jobId: services.ids("job"), probeId: id };
    const completions: (number | null | undefined)[] = [];
    for (const attempt of [1, 2]) {
      const batch = createMessageBatch(JOBS_QUEUE, [
        { id: `m${attempt}`, timestamp: new Date(), attempts: attempt, body },
      ]);
      const ctx = createExecutionContext();
      await worker.queue(batch, env, ctx);
      expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual([`m${attempt}`]);
      const probe = await findFirst(services.db, queueProbes, eq(queueProbes.id, id));
      expect(probe?.status).toBe("done");
      completions.push(probe?.completedAt);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(completions[0]).toBeTypeOf("number");
    expect(completions[1]).toBe(completions[0]);
  });

  it("acks and records an invalid message as dead instead of retrying it", async () => {
    const jobId = testServices().ids("job");
    const batch = createMessageBatch(JOBS_QUEUE, [
      { id: "m-invalid", timestamp: new Date(), attempts: 1, body: { type: "no.such.job", jobId } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["m-invalid"]);
    expect(result.retryMessages).toEqual([]);
    const row = await findFirst(testServices().db, jobFailures, eq(jobFailures.jobId, jobId));
    expect(row).toMatchObject({ status: "dead", type: "no.such.job" });
    expect(row?.lastError).toContain("invalid message body");
  });

  it("an organization's job without the organization's id in its envelope is dead at once, never run", async () => {
    const jobId = testServices().ids("job");
    const batch = createMessageBatch(JOBS_QUEUE, [
      {
        id: "m-no-org",
        timestamp: new Date(),
        attempts: 1,
        body: { type: "projects.purge", jobId, projectId: "prj_without_org" },
      },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["m-no-org"]);
    expect(result.retryMessages).toEqual([]);
    const row = await findFirst(testServices().db, jobFailures, eq(jobFailures.jobId, jobId));
    expect(row).toMatchObject({ status: "dead", type: "projects.purge" });
    expect(row?.lastError).toContain("needs its orgId");
  });

  it("hands an organization's job a context with that organization and its database", async () => {
    const seen: { org: string; jobId: string; attempts: number; hasDb: boolean }[] = [];
    const inspect = defineOrgJob({
      type: "test.inspect_context",
      payload: z.object({}),
      async handle(ctx) {
        seen.push({
          org: ctx.org.id,
          jobId: ctx.jobId,
          attempts: ctx.attempts,
          hasDb: ctx.db !== ctx.control,
        });
      },
    });
    const services = testServices();
    const jobId = services.ids("job");
    const batch = createMessageBatch(JOBS_QUEUE, [
      {
        id: "m-org",
        timestamp: new Date(),
        attempts: 2,
        body: { type: inspect.type, jobId, orgId: "org_inspected" },
      },
    ]);
    const consume = queueConsumers([inspect])[JOBS_QUEUE];
    if (!consume) throw new Error("no consumer for the jobs queue");
    await consume(services, batch);
    // In this suite organizations' data lives in a second database (workers/vitest.config.ts).
    expect(seen).toEqual([{ org: "org_inspected", jobId, attempts: 2, hasDb: true }]);
  });

  it("the DLQ consumer marks a job dead and keeps its last real error", async () => {
    const services = testServices();
    const jobId = services.ids("job");
    const body = { type: "diagnostics.queue_probe", jobId, probeId: services.ids("queueProbe") };
    await services.db.insert(jobFailures).values({
      id: services.ids("jobFailure"),
      jobId,
      queue: JOBS_QUEUE,
      type: body.type,
      body: JSON.stringify(body),
      attempts: 4,
      lastError: "Error: upstream timed out",
      status: "retrying",
      firstFailedAt: 1,
      lastFailedAt: 2,
    });
    const batch = createMessageBatch(JOBS_DLQ, [{ id: "d1", timestamp: new Date(), attempts: 1, body }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["d1"]);
    const row = await findFirst(services.db, jobFailures, eq(jobFailures.jobId, jobId));
    expect(row).toMatchObject({ status: "dead", attempts: 4, lastError: "Error: upstream timed out" });
    expect(row?.deadAt).toBeTypeOf("number");
  });

  it("retries a kind on its own schedule, and runs its dead hook when it reaches the DLQ", async () => {
    const dead: { org: string; note: string; attempts: number }[] = [];
    const flaky = defineOrgJob({
      type: "test.own_schedule",
      payload: z.object({ note: z.string() }),
      retryDelaySeconds: (attempts, base) => base * 100 + attempts,
      async handle() {
        throw new Error("still failing");
      },
      async dead(ctx, message) {
        dead.push({ org: ctx.org.id, note: message.note, attempts: ctx.attempts });
      },
    });
    const services = testServices();
    const body = { type: flaky.type, jobId: services.ids("job"), orgId: "org_flaky", note: "n1" };
    const batch = createMessageBatch(JOBS_QUEUE, [{ id: "f1", timestamp: new Date(), attempts: 3, body }]);
    const delays: (number | undefined)[] = [];
    for (const message of batch.messages)
      message.retry = (options) => void delays.push(options?.delaySeconds);
    const consumers = queueConsumers([flaky]);
    await consumers[JOBS_QUEUE]?.(
      { ...services, env: { ...services.env, QUEUE_RETRY_BASE_SECONDS: 2 } },
      batch,
    );
    expect(delays).toEqual([203]);
    expect(dead).toEqual([]);

    const letters = createMessageBatch(JOBS_DLQ, [{ id: "d-f1", timestamp: new Date(), attempts: 4, body }]);
    await consumers[JOBS_DLQ]?.(services, letters);
    expect(dead).toEqual([{ org: "org_flaky", note: "n1", attempts: 4 }]);
    const row = await findFirst(services.db, jobFailures, eq(jobFailures.jobId, body.jobId));
    expect(row).toMatchObject({ status: "dead", type: flaky.type });
  });

  it("backs off exponentially and caps the delay", () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(n, 10))).toEqual([10, 20, 40, 80]);
    expect(retryDelaySeconds(30, 10)).toBe(900);
    expect(retryDelaySeconds(5, 0)).toBe(0);
  });
});
