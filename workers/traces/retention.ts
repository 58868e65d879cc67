import { sql } from "drizzle-orm";
import type { CronJob } from "../cron/define";
import type { Services } from "../lib/services";
import { DAY_MS } from "../lib/time";
import { purgeTraces } from "./purge";

/** Traces removed per statement group, and groups per cron run: bounded work per tick. */
const BATCH = 500;
const MAX_BATCHES = 40;

/** Deletes traces (with their spans, facets and text rows) older than their project's retention. */
export async function enforceRetention(services: Services): Promise<number> {
  const { db, clock } = services;
  const expired = sql`select t.id, t.project_id, t.trace_id from traces t join projects p on p.id = t.project_id and p.deleted_at is null
    where t.start_us < (${clock.now()} - p.retention_days * ${DAY_MS}) * 1000 order by t.project_id, t.start_us limit ${BATCH}`;
  let removed = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const purge = purgeTraces(db, expired);
    const count = purge.deletedCount(await db.batch(purge.statements));
    removed += count;
    if (count < BATCH) break;
  }
  return removed;
}

/** Every five minutes, deletes traces older than their project's retention (bounded work per tick). */
export const retention: CronJob = {
  name: "retention",
  schedule: "*/5 * * * *",
  async run(services) {
    await enforceRetention(services);
  },
};
