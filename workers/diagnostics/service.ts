import { eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { jobFailures, queueProbes } from "../../schema";
import type { PublicContext } from "../auth/context";
import type { CronJob } from "../cron/define";
import { defineSystemJob } from "../jobs/define";
import { findFirst } from "../lib/db";
import { ApiError } from "../lib/errors";
import type { Services } from "../lib/services";
import { DAY_MS } from "../lib/time";

export type QueueProbe = {
  id: string;
  status: "queued" | "done" | "dead";
  fail: boolean;
  attempts: number;
  createdAt: string;
  completedAt: string | null;
  lastError: string | null;
};

/** Records a probe and sends it through the job queue; the consumer completes it. */
export async function startQueueProbe({ ctx, input }: { ctx: PublicContext; input: { fail: boolean } }) {
  const { services } = ctx;
  const id = services.ids("queueProbe");
  await ctx.control
    .insert(queueProbes)
    .values({ id, fail: input.fail, status: "queued", attempts: 0, createdAt: services.clock.now() });
  await services.jobs.enqueue(queueProbeJob, { probeId: id });
  return getQueueProbe({ ctx, input: { probeId: id } });
}

export async function getQueueProbe({
  ctx,
  input,
}: {
  ctx: PublicContext;
  input: { probeId: string };
}): Promise<QueueProbe> {
  const id = input.probeId;
  const probe = await findFirst(ctx.control, queueProbes, eq(queueProbes.id, id));
  if (!probe) throw ApiError.notFound("Queue probe");
  // The failure row is keyed by jobId; the probe id sits in its body.
  const failure = await findFirst(
    ctx.control,
    jobFailures,
    sql`${jobFailures.type} = 'diagnostics.queue_probe' and json_extract(${jobFailures.body}, '$.probeId') = ${id}`,
  );
  return {
    id: probe.id,
    status: failure?.status === "dead" ? "dead" : probe.status,
    fail: probe.fail,
    attempts: probe.attempts,
    createdAt: new Date(probe.createdAt).toISOString(),
    completedAt: probe.completedAt ? new Date(probe.completedAt).toISOString() : null,
    lastError: failure?.lastError ?? null,
  };
}

/** Job handler: counts the attempt, then completes the probe or fails as asked. */
export async function runQueueProbe({ services, probeId }: { services: Services; probeId: string }) {
  const [probe] = await services.db
    .update(queueProbes)
    .set({ attempts: sql`${queueProbes.attempts} + 1` })
    .where(eq(queueProbes.id, probeId))
    .returning();
  if (!probe) return; // deleted meanwhile: nothing to do
  if (probe.fail) throw new Error(`queue probe ${probeId} was asked to fail (attempt ${probe.attempts})`);
  if (probe.status === "done") return; // redelivered after success: already complete
  await services.db
    .update(queueProbes)
    .set({ status: "done", completedAt: services.clock.now() })
    .where(eq(queueProbes.id, probeId));
}

/** A probe's trip through the job queue: the consumer completes it (or fails, when asked to). */
export const queueProbeJob = defineSystemJob({
  type: "diagnostics.queue_probe",
  payload: z.object({ probeId: z.string().startsWith("qpr_") }),
  handle: ({ services }, message) => runQueueProbe({ services, probeId: message.probeId }),
});

/** Probes are looked at minutes after they are made; a day later they are only clutter. */
export const queueProbeCleanup: CronJob = {
  name: "queue_probes",
  schedule: "*/5 * * * *",
  async run({ db, clock }) {
    await db.delete(queueProbes).where(lt(queueProbes.createdAt, clock.now() - DAY_MS));
  },
};
