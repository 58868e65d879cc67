import { and, eq, lt } from "drizzle-orm";
import { cronRuns, jobFailures, queueProbes } from "../../schema";
import type { Services } from "../lib/services";
import { DAY_MS } from "../lib/time";
import { enforceRetention } from "./retention";

export type CronJob = { name: string; run: (services: Services) => Promise<void> };

/** Keeps the platform's own bookkeeping tables from growing without bound. */
export const housekeeping: CronJob = {
  name: "housekeeping",
  async run({ db, clock }) {
    const now = clock.now();
    await db.batch([
      db.delete(cronRuns).where(lt(cronRuns.startedAt, now - 7 * DAY_MS)),
      db
        .delete(jobFailures)
        .where(and(eq(jobFailures.status, "dead"), lt(jobFailures.lastFailedAt, now - 30 * DAY_MS))),
      db.delete(queueProbes).where(lt(queueProbes.createdAt, now - DAY_MS)),
    ]);
  },
};

/** Deletes traces older than their project's retention (bounded work per tick, see retention.ts). */
export const retention: CronJob = {
  name: "retention",
  async run(services) {
    await enforceRetention(services);
  },
};

/**
 * Cron expression (as in wrangler.toml `[triggers] crons`) -> the jobs it runs. Later
 * capabilities (rollups, retention, monitors) add their jobs here.
 */
export const CRON_SCHEDULE: Record<string, CronJob[]> = {
  "*/5 * * * *": [housekeeping, retention],
};
