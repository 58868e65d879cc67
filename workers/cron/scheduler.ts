import { cronRuns } from "../../schema";
import { describeError } from "../jobs/failures";
import type { Services } from "../lib/services";
import type { CronJob } from "./define";

export type CronRunResult = { job: string; status: "ok" | "failed"; error?: string };

/**
 * The jobs of each cron expression. Runs are recorded by job name, so two jobs of one name
 * would be indistinguishable in cron_runs: that is refused.
 */
export function cronSchedule(jobs: readonly CronJob[]): Map<string, CronJob[]> {
  const names = new Set(jobs.map((job) => job.name));
  if (names.size !== jobs.length) throw new Error("two cron jobs share a name");
  const bySchedule = new Map<string, CronJob[]>();
  for (const job of jobs) bySchedule.set(job.schedule, [...(bySchedule.get(job.schedule) ?? []), job]);
  return bySchedule;
}

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

/**
 * Runs every job of `jobs` scheduled under `cron` (index.ts passes the foundation's and every
 * capability's); one job failing does not stop the others.
 */
export async function runScheduled(
  services: Services,
  cron: string,
  jobs: readonly CronJob[],
): Promise<CronRunResult[]> {
  const due = cronSchedule(jobs).get(cron);
  if (!due) {
    console.warn(`no jobs are scheduled for cron "${cron}"; check [triggers] in wrangler.toml`);
    return [];
  }
  return Promise.all(due.map((job) => runAndRecord(services, cron, job)));
}
