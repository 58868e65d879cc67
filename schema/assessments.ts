import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, epochMs, idColumn } from "./columns";

/**
 * The one record of quality (organization data): human feedback, judge and code scorer results,
 * and expectations, on a trace, one of its spans, or a session. An override never edits a row: it
 * writes a new one and marks the old one invalid, pointing at its successor, so the history
 * stays. No foreign key to `traces`: feedback may arrive before its trace's spans do.
 */
export const assessments = sqliteTable(
  "assessments",
  {
    id: idColumn(),
    orgId: text("org_id").notNull(),
    projectId: text("project_id").notNull(),
    /** The trace assessed (null for a session's assessment). */
    traceId: text("trace_id"),
    /** The span assessed, within the trace; null for the whole trace. */
    spanId: text("span_id"),
    /** The session assessed (session-level judges); null for a trace's. */
    sessionId: text("session_id"),
    kind: text("kind", { enum: ["feedback", "expectation"] }).notNull(),
    name: text("name").notNull(),
    /** JSON text of the value; null for a feedback that is an error. */
    value: text("value"),
    /**
     * The value as text when it is a primitive (strings as is, `true`/`false`, numbers), for
     * trace filters by value; null otherwise.
     */
    valueText: text("value_text"),
    /** Numeric projection for aggregates: bool and yes/no → 1/0, numbers as is, else null. */
    score: real("score"),
    /** 1 pass, 0 fail, null where pass/fail does not apply. */
    passed: integer("passed"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    rationale: text("rationale"),
    sourceType: text("source_type", { enum: ["HUMAN", "LLM_JUDGE", "CODE"] }).notNull(),
    /** Who or what: a user id, an end user's id sent by the app, a model URI, a scorer name. */
    sourceId: text("source_id"),
    /** The scorer version that produced it (scorer registry); null for human and app feedback. */
    scorerVersionId: text("scorer_version_id"),
    /** The evaluation run it belongs to; null outside runs. */
    runId: text("run_id"),
    /** The monitor that scored it online (workers/monitoring/); null otherwise. */
    monitorId: text("monitor_id"),
    /** JSON object: judge model, tokens, cost, latency, or the caller's own keys. */
    metadata: text("metadata").notNull().default(sql`'{}'`),
    /** 1 while current; 0 once overridden or deleted. */
    valid: integer("valid").notNull().default(1),
    /** The assessment this one replaced (an override), and the one that replaced it. */
    overrides: text("overrides"),
    supersededBy: text("superseded_by"),
    deletedAt: epochMs("deleted_at"),
    /**
     * The score rollups' hour this assessment counts in: its trace's start hour when the trace
     * was stored, else its own creation hour. Kept, so an override subtracts from the right hour.
     */
    bucketHour: epochMs("bucket_hour").notNull(),
    /** The same time to the 5 minutes (`score_rollups_5m`); null on rows older than that table, which count at their hour. */
    bucket5m: epochMs("bucket_5m"),
    /** Who wrote it, as the audit log names actors: `user:<id>`, `api_key:<id>`, `system:<job>`. */
    createdBy: text("created_by").notNull(),
    /** That actor's name when it wrote (an email, an API key's name), for display. */
    createdByLabel: text("created_by_label").notNull(),
    createdAt: createdAt(),
    updatedBy: text("updated_by").notNull(),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [
    // A trace's assessments (the trace page, overrides, purge with the trace).
    index("assessments_trace_idx").on(t.projectId, t.traceId, t.createdAt),
    // Retention: assessments expire by their own age, like spans by their start.
    index("assessments_age_idx").on(t.projectId, t.createdAt),
    index("assessments_session_idx").on(t.projectId, t.sessionId).where(sql`session_id is not null`),
    // An evaluation run's scores (deleting a run).
    index("assessments_run_idx").on(t.projectId, t.runId).where(sql`run_id is not null`),
    // Trace filters by feedback: name and value, and name and pass/fail, of current feedback.
    index("assessments_value_idx")
      .on(t.projectId, t.name, t.valueText)
      .where(sql`valid = 1 and kind = 'feedback'`),
    index("assessments_passed_idx")
      .on(t.projectId, t.name, t.passed)
      .where(sql`valid = 1 and kind = 'feedback'`),
  ],
);

/** The sums a score rollup keeps (hourly and 5-minute tables alike); new builders per table. */
const scoreSums = () => ({
  /** Feedback counted (errors included). */
  count: integer("count").notNull().default(0),
  /** Feedback with a numeric score, their sum and sum of squares. */
  scored: integer("scored").notNull().default(0),
  sum: real("sum").notNull().default(0),
  sumSquares: real("sum_squares").notNull().default(0),
  /** Feedback with a pass/fail, and those that passed. */
  judged: integer("judged").notNull().default(0),
  passes: integer("passes").notNull().default(0),
  errors: integer("errors").notNull().default(0),
});

/**
 * Hourly score aggregates per project, feedback name and monitor, kept on write in the same batch as the
 * assessment (an override or delete subtracts what it replaces). The quality chart, monitors and
 * alerts read these, never the assessments.
 */
export const scoreRollups = sqliteTable(
  "score_rollups",
  {
    projectId: text("project_id").notNull(),
    name: text("name").notNull(),
    /** The monitor whose results these are; '' for every other source (people, apps, scoring jobs). */
    monitorId: text("monitor_id").notNull().default(""),
    /** Start of the hour (ms since the epoch) of the assessed trace's start. */
    hour: epochMs("hour").notNull(),
    ...scoreSums(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.name, t.monitorId, t.hour] })],
);

/**
 * The same aggregates per 5 minutes, for alert rules with windows under an hour (written by the
 * same batches as `score_rollups`). Kept for 30 days (workers/traces/retention.ts): longer windows
 * and baselines read the hourly rows.
 */
export const scoreRollups5m = sqliteTable(
  "score_rollups_5m",
  {
    projectId: text("project_id").notNull(),
    name: text("name").notNull(),
    monitorId: text("monitor_id").notNull().default(""),
    /** Start of the 5 minutes (ms since the epoch) of the assessed trace's start. */
    start: epochMs("start").notNull(),
    ...scoreSums(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.name, t.monitorId, t.start] })],
);
