import { and, eq, isNotNull, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { apiKeys, projects } from "../../schema";
import { refuseIngestFrom } from "../api-keys/service";
import type { CronJob } from "../cron/define";
import { defineOrgJob, type OrgJobContext } from "../jobs/define";
import { purgeProjectData, purgeTraces } from "../traces/purge";

/** Traces removed per batch, and batches per job run: bounded work per delivery. */
const TRACES_PER_BATCH = 500;
const BATCHES_PER_RUN = 20;

/**
 * Purges a deleted project's data on its organization's side of the seam, a bounded amount per
 * delivery: first it makes sure ingest refuses every key of the project (a key created while the
 * project was being deleted included), then traces (with spans, facets and search text) in
 * batches, then what is left (sessions, rollups); then removes the project's row (and its API
 * keys) from the control plane. Runs again (re-enqueued) while traces remain. Idempotent: a
 * redelivered job finds less, or nothing, to delete; a project not marked deleted is never touched.
 */
export const purgeProjectJob = defineOrgJob({
  type: "projects.purge",
  payload: z.object({ projectId: z.string().startsWith("prj_") }),
  async handle(ctx, { projectId }) {
    const { control, db, org } = ctx;
    const doomed = and(eq(projects.id, projectId), eq(projects.orgId, org.id), isNotNull(projects.deletedAt));
    const [project] = await control.select({ id: projects.id }).from(projects).where(doomed);
    if (!project) return; // already purged, or not deleted at all
    const keys = await control
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(eq(apiKeys.projectId, projectId));
    await refuseIngestFrom(
      ctx,
      keys.map((k) => k.id),
      ctx.services.clock.now(),
    );
    for (let i = 0; i < BATCHES_PER_RUN; i++) {
      const purge = purgeTraces(
        db,
        sql`select id, project_id, trace_id from traces where project_id = ${projectId} limit ${TRACES_PER_BATCH}`,
      );
      if (purge.deletedCount(await db.batch(purge.statements)) < TRACES_PER_BATCH) {
        await finish(ctx, projectId);
        return;
      }
    }
    await ctx.services.jobs.enqueue(purgeProjectJob, { orgId: org.id, projectId });
  },
});

/** The last of the data (sessions, rollups, any stragglers), then the control plane's rows. */
async function finish({ control, db, org }: OrgJobContext, projectId: string): Promise<void> {
  await db.batch(purgeProjectData(db, projectId));
  await control.batch([
    control.delete(apiKeys).where(eq(apiKeys.projectId, projectId)),
    control
      .delete(projects)
      .where(and(eq(projects.id, projectId), eq(projects.orgId, org.id), isNotNull(projects.deletedAt))),
  ]);
}

/**
 * The safety net: a deleted project whose purge job was lost (the queue refused it, or it died in
 * the dead-letter queue) is queued again a few minutes after its deletion, every tick until gone.
 */
export const purgeSweep: CronJob = {
  name: "projects.purge_sweep",
  schedule: "*/5 * * * *",
  async run(services) {
    const stale = services.clock.now() - 5 * 60_000;
    const doomed = await services.db
      .select({ id: projects.id, orgId: projects.orgId })
      .from(projects)
      .where(and(isNotNull(projects.deletedAt), lt(projects.deletedAt, stale)))
      .limit(100);
    for (const p of doomed) await services.jobs.enqueue(purgeProjectJob, { orgId: p.orgId, projectId: p.id });
  },
};
