import { and, eq, isNotNull, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { apiKeys, projects } from "../../schema";
import { orgDatabase } from "../auth/context";
import type { CronJob } from "../cron/define";
import { defineJob } from "../jobs/define";
import type { Services } from "../lib/services";
import { purgeProjectData, purgeTraces } from "../traces/purge";

/** Traces removed per batch, and batches per job run: bounded work per delivery. */
const TRACES_PER_BATCH = 500;
const BATCHES_PER_RUN = 20;

/**
 * Purges a deleted project's data on its organization's side of the seam, a bounded amount per
 * delivery: traces (with spans, facets and search text) in batches, then what is left (sessions,
 * rollups); then removes the project's row (and, by cascade, its API keys) from the control
 * plane. Runs again (re-enqueued) while traces remain. Idempotent: a redelivered job finds less,
 * or nothing, to delete; a project not marked deleted is never touched.
 */
export const purgeProjectJob = defineJob({
  type: "projects.purge",
  payload: z.object({ orgId: z.string().startsWith("org_"), projectId: z.string().startsWith("prj_") }),
  async handle(services, { orgId, projectId }) {
    const doomed = and(eq(projects.id, projectId), eq(projects.orgId, orgId), isNotNull(projects.deletedAt));
    const [project] = await services.db.select({ id: projects.id }).from(projects).where(doomed);
    if (!project) return; // already purged, or not deleted at all
    const db = orgDatabase(services, orgId);
    for (let i = 0; i < BATCHES_PER_RUN; i++) {
      const purge = purgeTraces(
        db,
        sql`select id, project_id, trace_id from traces where project_id = ${projectId} limit ${TRACES_PER_BATCH}`,
      );
      if (purge.deletedCount(await db.batch(purge.statements)) < TRACES_PER_BATCH) {
        await finish(services, orgId, projectId);
        return;
      }
    }
    await services.jobs.enqueue(purgeProjectJob, { orgId, projectId });
  },
});

/** The last of the data (sessions, rollups, any stragglers), then the control plane's rows. */
async function finish(services: Services, orgId: string, projectId: string): Promise<void> {
  const db = orgDatabase(services, orgId);
  await db.batch(purgeProjectData(db, projectId));
  await services.db.batch([
    services.db.delete(apiKeys).where(eq(apiKeys.projectId, projectId)),
    services.db
      .delete(projects)
      .where(and(eq(projects.id, projectId), eq(projects.orgId, orgId), isNotNull(projects.deletedAt))),
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
