import { and, eq, lt } from "drizzle-orm";
import { cronRuns, jobFailures } from "../../schema";
import { DAY_MS } from "../lib/time";
import type { CronJob } from "./define";

/** Keeps the platform's own bookkeeping tables from growing without bound. */
export const housekeeping: CronJob = {
  name: "housekeeping",
  schedule: "*/5 * * * *",
  async run({ db, clock }) {
    const now = clock.now();
    await db.batch([
      db.delete(cronRuns).where(lt(cronRuns.startedAt, now - 7 * DAY_MS)),
      db
        .delete(jobFailures)
        .where(and(eq(jobFailures.status, "dead"), lt(jobFailures.lastFailedAt, now - 30 * DAY_MS))),
    ]);
  },
};

/**
 * The foundation's own cron jobs. Capabilities declare theirs in their manifest (`crons`);
 * index.ts hands the scheduler both.
 */
export const FOUNDATION_CRONS: readonly CronJob[] = [housekeeping];
