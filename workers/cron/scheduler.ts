import { cronRuns } from "../../schema";
import { describeError } from "../jobs/failures";
import type { Services } from "../lib/services";
import { CRON_SCHEDULE, type CronJob } from "./jobs";

export type CronRunResult = { job: string; status: "ok" | "failed"; error?: string };

async function runAndRecord(services: Services, cron: string, job: CronJob): Promise<CronRunResult> {
  const startedAt = services.clock.now();
  let result: CronRunResult;
  try {
    await job.run(services);
    result = { job: job.name, status: "ok" };
  } catch (err) {
    result = { job: job.name, status: "failed", error: describeError(err) };
    console.error(`cron job ${job.name} failed`, err);
  }
  await services.db
    .insert(cronRuns)
    .values({
      id: services.ids("cronRun"),
      cron,
      job: job.name,
      startedAt,
      finishedAt: services.clock.now(),
      status: result.status,
      error: result.error ?? null,
    })
    .catch((err) => console.error(`could not record the run of cron job ${job.name}`, err));
  return result;
}

/** Runs every job scheduled under `cron`; one job failing does not stop the others. */
export async function runScheduled(services: Services, cron: string): Promise<CronRunResult[]> {
  const jobs = CRON_SCHEDULE[cron];
  if (!jobs) {
    console.warn(`no jobs are scheduled for cron "${cron}"; check [triggers] in wrangler.toml`);
    return [];
  }
  return Promise.all(jobs.map((job) => runAndRecord(services, cron, job)));
}
