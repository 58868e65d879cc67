import { and, asc, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { webhookDeliveries } from "../../schema";
import type { CronJob } from "../cron/define";
import { defineOrgJob } from "../jobs/define";
import { organizationsWithProjects } from "../traces/retention";
import { deliverWebhookJob } from "./delivery";

/** A delivery never tried this long after it was written lost its queue message. */
const LOST_AFTER_MS = 5 * 60_000;
const SWEEP_BATCH = 500;

/**
 * Queues again the deliveries that were written but never tried: the producer writes the delivery
 * rows, then sends their jobs, and a send that failed in between (a cron tick cut short) would
 * leave them pending for ever. Reads one partial index (`webhook_deliveries_unsent_idx`). A job
 * that was only late, not lost, may then deliver twice: with the same `webhook-id`, which receivers
 * dedupe on.
 */
export const sweepUnsentJob = defineOrgJob({
  type: "webhooks.sweep_unsent",
  payload: z.object({}),
  async handle(ctx) {
    const before = ctx.services.clock.now() - LOST_AFTER_MS;
    const lost = await ctx.db
      .select({ id: webhookDeliveries.id, run: webhookDeliveries.run })
      .from(webhookDeliveries)
      .where(
        and(
          sql`${webhookDeliveries.status} = 'pending' and ${webhookDeliveries.attempts} = 0`,
          lt(webhookDeliveries.createdAt, before),
          lt(webhookDeliveries.updatedAt, before),
          eq(webhookDeliveries.orgId, ctx.org.id),
        ),
      )
      .orderBy(asc(webhookDeliveries.createdAt))
      .limit(SWEEP_BATCH);
    if (lost.length === 0) return;
    await ctx.services.jobs.enqueueMany(
      deliverWebhookJob,
      lost.map((d) => ({ orgId: ctx.org.id, deliveryId: d.id, run: d.run, manual: false })),
    );
  },
});

/** Every five minutes, one sweep per organization (each may have its own database). */
export const unsentSweep: CronJob = {
  name: "webhooks_unsent_sweep",
  schedule: "*/5 * * * *",
  async run(services) {
    const orgs = await organizationsWithProjects(services);
    if (orgs.length > 0)
      await services.jobs.enqueueMany(
        sweepUnsentJob,
        orgs.map((orgId) => ({ orgId })),
      );
  },
};
