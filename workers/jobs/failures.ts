import { sql } from "drizzle-orm";
import { jobFailures } from "../../schema";
import type { Services } from "../lib/services";

type FailureInput = {
  jobId: string;
  queue: string;
  type: string;
  body: unknown;
  attempts: number;
  error: string;
  status: "retrying" | "dead";
};

function stringifyBody(body: unknown): string {
  try {
    return JSON.stringify(body) ?? "null";
  } catch {
    return String(body);
  }
}

/**
 * Upserts the failure row of a job. The DLQ consumer passes no error of its own, so an
 * earlier, more useful message is kept; `dead` is final.
 */
export async function recordJobFailure(services: Services, input: FailureInput): Promise<void> {
  const now = services.clock.now();
  await services.db
    .insert(jobFailures)
    .values({
      id: services.ids("jobFailure"),
      jobId: input.jobId,
      queue: input.queue,
      type: input.type,
      body: stringifyBody(input.body),
      attempts: input.attempts,
      lastError: input.error,
      status: input.status,
      firstFailedAt: now,
      lastFailedAt: now,
      deadAt: input.status === "dead" ? now : null,
    })
    .onConflictDoUpdate({
      target: jobFailures.jobId,
      set: {
        attempts: sql`max(${jobFailures.attempts}, excluded.attempts)`,
        lastError: input.status === "dead" ? sql`${jobFailures.lastError}` : sql`excluded.last_error`,
        status: sql`case when ${jobFailures.status} = 'dead' then 'dead' else excluded.status end`,
        lastFailedAt: now,
        deadAt: sql`coalesce(${jobFailures.deadAt}, excluded.dead_at)`,
      },
    });
}

/** A one-line description of an error, cut at `max` characters. */
export function describeError(err: unknown, max = 2000): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
