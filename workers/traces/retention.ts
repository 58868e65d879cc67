import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { projects } from "../../schema";
import type { CronJob } from "../cron/define";
import { defineOrgJob } from "../jobs/define";
import type { Services } from "../lib/services";
import { DAY_MS } from "../lib/time";
import { purgeTraces } from "./purge";

/** Traces removed per statement group, and groups per job run: bounded work per delivery. */
const BATCH = 500;
const MAX_BATCHES = 40;
/** How long 5-minute score rollups are kept (hourly ones are history and stay). */
const FINE_ROLLUP_DAYS = 30;

/**
 * Deletes one organization's traces (with their spans, facets and text rows) older than their
 * project's retention, at most MAX_BATCHES × BATCH per call. The projects and their retention
 * come from the control plane, the traces from the organization's database: the cutoffs travel
 * as a parameter, so no query joins across the seam.
 */
export async function enforceRetentionIn(
  services: Services,
  orgId: string,
): Promise<{ removed: number; more: boolean }> {
  const live = await services.db
    .select({ id: projects.id, retentionDays: projects.retentionDays })
    .from(projects)
    .where(and(eq(projects.orgId, orgId), isNull(projects.deletedAt)));
  if (live.length === 0) return { removed: 0, more: false };
  const now = services.clock.now();
  const cutoffs: [string, number][] = live.map((p) => [p.id, (now - p.retentionDays * DAY_MS) * 1000]);
  const candidates = expiredTraces(cutoffs);
  const db = services.orgDb(orgId);
  // Messages whose span never came (log records, schema/ingest.ts) expire like spans; few wait.
  await db.run(sql`delete from pending_span_messages where exists (select 1 from json_each(${JSON.stringify(cutoffs)}) c
    where project_id = c.value ->> 0 and time_us < c.value ->> 1)`);
  // Assessments expire by their own age (those of expired traces also go with them, and so do
  // those whose trace never came, and sessions').
  await db.run(sql`delete from assessments where exists (select 1 from json_each(${JSON.stringify(cutoffs)}) c
    where project_id = c.value ->> 0 and created_at < (c.value ->> 1) / 1000)`);
  // Monitors' results (their bookkeeping of what they scored, and their spend) expire the same way.
  await db.run(sql`delete from monitor_results where exists (select 1 from json_each(${JSON.stringify(cutoffs)}) c
    where project_id = c.value ->> 0 and created_at < (c.value ->> 1) / 1000)`);
  // 5-minute score rollups serve alert windows under an hour: a month of them is plenty.
  await db.run(sql`delete from score_rollups_5m where start < ${now - FINE_ROLLUP_DAYS * DAY_MS}
    and project_id in (select c.value ->> 0 from json_each(${JSON.stringify(cutoffs)}) c)`);
  // Webhook attempts, and finished deliveries, expire by their age too (each served by its
  // table's (project_id, created_at) index); a delivery still being tried stays.
  await db.batch([
    db.run(sql`delete from webhook_attempts where exists (select 1 from json_each(${JSON.stringify(cutoffs)}) c
      where project_id = c.value ->> 0 and created_at < (c.value ->> 1) / 1000)`),
    db.run(sql`delete from webhook_deliveries where status in ('succeeded', 'failed')
      and exists (select 1 from json_each(${JSON.stringify(cutoffs)}) c
      where project_id = c.value ->> 0 and created_at < (c.value ->> 1) / 1000)`),
  ]);
  // Most organizations have nothing expired on most ticks: one cheap look before any purge.
  const [found] = await db.all<{ any: number }>(sql`select exists (${candidates}) as any`);
  if (!Number(found?.any)) return { removed: 0, more: false };
  const expired = sql`${candidates} limit ${BATCH}`;
  let removed = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const purge = purgeTraces(db, expired);
    const count = purge.deletedCount(await db.batch(purge.statements));
    removed += count;
    if (count < BATCH) return { removed, more: false };
  }
  return { removed, more: true };
}

/**
 * The traces of each project that started before its cutoff (µs), as `id, project_id, trace_id`.
 * The cutoffs drive (CROSS JOIN), each project's traces found by its start-time index.
 */
export function expiredTraces(cutoffs: [projectId: string, cutoffUs: number][]) {
  return sql`select t.id, t.project_id, t.trace_id from json_each(${JSON.stringify(cutoffs)}) c
    cross join traces t where t.project_id = c.value ->> 0 and t.start_us < c.value ->> 1`;
}

/** One organization's retention; queued again while it has more to delete than one run does. */
export const retentionJob = defineOrgJob({
  type: "traces.retention",
  payload: z.object({}),
  async handle({ services, org }) {
    const { more } = await enforceRetentionIn(services, org.id);
    if (more) await services.jobs.enqueue(retentionJob, { orgId: org.id });
  },
});

/** The organizations with a live project, from the control plane. */
export async function organizationsWithProjects(services: Services): Promise<string[]> {
  const rows = await services.db
    .selectDistinct({ orgId: projects.orgId })
    .from(projects)
    .where(isNull(projects.deletedAt));
  return rows.map((r) => r.orgId);
}

/** Every organization in turn, to the end (tests and tools; the cron queues a job per organization). */
export async function enforceRetention(services: Services): Promise<number> {
  let removed = 0;
  for (const orgId of await organizationsWithProjects(services)) {
    for (;;) {
      const run = await enforceRetentionIn(services, orgId);
      removed += run.removed;
      if (!run.more) break;
    }
  }
  return removed;
}

/**
 * Every five minutes, one retention job per organization: each organization's data may live in
 * its own database, and one invocation must not walk them all.
 */
export const retention: CronJob = {
  name: "retention",
  schedule: "*/5 * * * *",
  async run(services) {
    for (const orgId of await organizationsWithProjects(services)) {
      await services.jobs.enqueue(retentionJob, { orgId });
    }
  },
};
