import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, epochMs, idColumn } from "./columns";

/**
 * Background-job failures, kept where an operator can see them. A row is written the first
 * time a queue message fails, updated on every retry, and marked `dead` when the message
 * reaches the dead-letter queue (or is rejected outright because its body is invalid).
 */
export const jobFailures = sqliteTable(
  "job_failures",
  {
    id: idColumn(),
    /** The envelope's `jobId`, stable across redeliveries and the move to the DLQ. */
    jobId: text("job_id").notNull(),
    queue: text("queue").notNull(),
    type: text("type").notNull(),
    body: text("body").notNull(),
    attempts: integer("attempts").notNull(),
    lastError: text("last_error").notNull(),
    status: text("status", { enum: ["retrying", "dead"] }).notNull(),
    firstFailedAt: epochMs("first_failed_at").notNull(),
    lastFailedAt: epochMs("last_failed_at").notNull(),
    deadAt: epochMs("dead_at"),
  },
  (t) => [
    uniqueIndex("job_failures_job_id_uq").on(t.jobId),
    index("job_failures_status_time_idx").on(t.status, t.lastFailedAt),
  ],
);

/** One row per cron job execution: what ran, when, and whether it worked. */
export const cronRuns = sqliteTable(
  "cron_runs",
  {
    id: idColumn(),
    cron: text("cron").notNull(),
    job: text("job").notNull(),
    startedAt: epochMs("started_at").notNull(),
    finishedAt: epochMs("finished_at").notNull(),
    status: text("status", { enum: ["ok", "failed"] }).notNull(),
    error: text("error"),
  },
  (t) => [index("cron_runs_job_time_idx").on(t.job, t.startedAt)],
);

/**
 * Round trips through the job queue started from the diagnostics route: proves that a route
 * can enqueue work and the Worker's queue handler consumes it, locally and deployed.
 */
export const queueProbes = sqliteTable("queue_probes", {
  id: idColumn(),
  /** When true the consumer fails on every attempt, so the message ends in the DLQ. */
  fail: integer("fail", { mode: "boolean" }).notNull().default(sql`0`),
  status: text("status", { enum: ["queued", "done"] }).notNull(),
  attempts: integer("attempts").notNull().default(0),
  createdAt: createdAt(),
  completedAt: epochMs("completed_at"),
});
