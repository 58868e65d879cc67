import type { Services } from "../lib/services";

/**
 * A job the scheduler runs on a cron schedule. `schedule` must be one of wrangler.toml's
 * `[triggers] crons` (a test checks); every run is recorded in `cron_runs`.
 */
export type CronJob = { name: string; schedule: string; run(services: Services): Promise<void> };
