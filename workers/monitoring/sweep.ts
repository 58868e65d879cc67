import { and, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { monitorPending } from "../../schema";
import type { CronJob } from "../cron/define";
import { defineOrgJob } from "../jobs/define";
import { organizationsWithProjects } from "../traces/retention";
import { queueSettles } from "./schedule";

/** A pending subject this long past its due time lost its job (a send that failed after ingest committed). */
const LOST_AFTER_MS = 5 * 60_000;
const SWEEP_BATCH = 1_000;

/**
 * Queues again the settle jobs of subjects waiting well past their due time. Ingest queues the
 * job after its batch commits; should that send fail, the pending row (which keeps later batches
 * from queueing another) would wait for ever. This reads only `monitor_pending` (its due-time
 * index), never traces. A job queued twice is harmless: the first to find the subject ready
 * scores it and deletes the row, the other then finds nothing.
 */
export const sweepPendingJob = defineOrgJob({
  type: "monitoring.sweep_pending",
  payload: z.object({}),
  async handle(ctx) {
    const now = ctx.services.clock.now();
    const lost = await ctx.db
      .select()
      .from(monitorPending)
      .where(lt(monitorPending.dueAt, now - LOST_AFTER_MS))
      .orderBy(monitorPending.dueAt)
      .limit(SWEEP_BATCH);
    const byProject = new Map<string, typeof lost>();
    for (const row of lost) byProject.set(row.projectId, [...(byProject.get(row.projectId) ?? []), row]);
    for (const [projectId, rows] of byProject) {
      for (const row of rows)
        await ctx.db
          .update(monitorPending)
          .set({ dueAt: now })
          .where(
            and(
              eq(monitorPending.projectId, row.projectId),
              eq(monitorPending.kind, row.kind),
              eq(monitorPending.subjectId, row.subjectId),
            ),
          );
      await queueSettles(
        ctx.services.jobs,
        { orgId: ctx.org.id, projectId },
        rows.map((r) => ({ kind: r.kind, subjectId: r.subjectId, dueAt: now })),
        now,
      );
    }
  },
});

/** Every five minutes, a sweep of lost settle jobs per organization (each may have its own database). */
export const pendingSweep: CronJob = {
  name: "monitoring_pending_sweep",
  schedule: "*/5 * * * *",
  async run(services) {
    const orgs = await organizationsWithProjects(services);
    if (orgs.length > 0)
      await services.jobs.enqueueMany(
        sweepPendingJob,
        orgs.map((orgId) => ({ orgId })),
      );
  },
};
