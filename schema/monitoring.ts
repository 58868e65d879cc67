import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, epochMs, idColumn } from "./columns";

/**
 * Online scoring (organization data, workers/monitoring/): a monitor runs one scorer version on a
 * sample of a project's live traces or sessions. Sampling is `hash(trace or session id) < rate`
 * with one hash shared by every monitor, so a lower rate scores a subset of a higher one's.
 */
export const monitors = sqliteTable(
  "monitors",
  {
    id: idColumn(),
    orgId: text("org_id").notNull(),
    projectId: text("project_id").notNull(),
    /** Unique in the project; shown in lists and alert rules. */
    name: text("name").notNull(),
    scorerId: text("scorer_id").notNull(),
    /** The scorer version it runs: changing the monitor's scorer makes it run another. */
    scorerVersionId: text("scorer_version_id").notNull(),
    /** `trace` (each trace once it settled) or `session` (each session once idle, again on new turns). */
    level: text("level", { enum: ["trace", "session"] }).notNull(),
    /** 0 … 1: the share of traces (or sessions) scored. */
    samplingRate: real("sampling_rate").notNull(),
    /** The trace-list filter a trace must match (JSON, workers/traces/schemas.ts TraceFilter); `{}` for all. */
    filter: text("filter", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** Quiet time after the last span (trace) or turn (session) before scoring. */
    settleSeconds: integer("settle_seconds").notNull(),
    /** `active` or `paused`. */
    status: text("status", { enum: ["active", "paused"] }).notNull(),
    createdBy: text("created_by").notNull(),
    createdByLabel: text("created_by_label").notNull(),
    createdAt: createdAt(),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("monitors_project_name_uq").on(t.projectId, t.name),
    // Ingest's question, per batch: the highest rate and longest settle of the active monitors.
    index("monitors_project_status_idx").on(t.projectId, t.status, t.level),
  ],
);

/**
 * A trace or session waiting to settle: at most one row, so at most one pending job, per subject.
 * Ingest inserts it (doing nothing when one is there) and queues the job; the job deletes it once
 * it has handed the subject to its monitors.
 */
export const monitorPending = sqliteTable(
  "monitor_pending",
  {
    projectId: text("project_id").notNull(),
    kind: text("kind", { enum: ["trace", "session"] }).notNull(),
    subjectId: text("subject_id").notNull(),
    /** When ingest first saw it waiting: ten minutes on, a trace is scored whatever happens. */
    firstAt: epochMs("first_at").notNull(),
    /** When its job is due (the queue's delay); a sweep re-queues rows long past it. */
    dueAt: epochMs("due_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.kind, t.subjectId] }),
    index("monitor_pending_due_idx").on(t.dueAt),
  ],
);

/**
 * One scoring of a subject by a monitor: the key of its job (monitor, subject, round), so a
 * redelivered job stores nothing twice. A session is scored again (round 2, 3 … at most 10) when
 * new turns arrive; the new result supersedes the old. A backfill of a changed monitor scores
 * again with the new scorer version (round 0 is never used).
 */
export const monitorResults = sqliteTable(
  "monitor_results",
  {
    monitorId: text("monitor_id").notNull(),
    subjectId: text("subject_id").notNull(),
    round: integer("round").notNull(),
    projectId: text("project_id").notNull(),
    scorerVersionId: text("scorer_version_id").notNull(),
    /** The feedback written; null when the subject was gone or could not be read. */
    assessmentId: text("assessment_id"),
    errorCode: text("error_code"),
    /** The judge's cost in USD (null for rules), for the monitor's spend. */
    costUsd: real("cost_usd"),
    /** The backfill that scored it, if any. */
    backfillId: text("backfill_id"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.monitorId, t.subjectId, t.round] }),
    // Traces scored today and judge spend per monitor; retention by age.
    index("monitor_results_monitor_time_idx").on(t.monitorId, t.createdAt),
    index("monitor_results_project_time_idx").on(t.projectId, t.createdAt),
  ],
);

/** A backfill: a monitor over the matching traces of the last N days, as queued jobs with progress. */
export const monitorBackfills = sqliteTable(
  "monitor_backfills",
  {
    id: idColumn(),
    orgId: text("org_id").notNull(),
    projectId: text("project_id").notNull(),
    monitorId: text("monitor_id").notNull(),
    /** The traces' start range, ms since the epoch. */
    fromMs: epochMs("from_ms").notNull(),
    toMs: epochMs("to_ms").notNull(),
    /** Subjects to score (known once collected), scored, and of those ending in an error. */
    total: integer("total"),
    done: integer("done").notNull().default(0),
    errors: integer("errors").notNull().default(0),
    /** The estimate shown before it started (USD), and what it has spent. */
    estimatedCostUsd: real("estimated_cost_usd"),
    costUsd: real("cost_usd").notNull().default(0),
    /** `collecting`, `running`, `completed` or `cancelled`. */
    status: text("status").notNull(),
    /** Where collecting has got to (the last page's last trace row or session id); null before the first page. */
    cursor: text("cursor"),
    createdBy: text("created_by").notNull(),
    createdByLabel: text("created_by_label").notNull(),
    createdAt: createdAt(),
    finishedAt: epochMs("finished_at"),
  },
  (t) => [index("monitor_backfills_monitor_idx").on(t.projectId, t.monitorId, t.createdAt)],
);
