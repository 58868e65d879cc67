import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, epochMs, idColumn } from "./columns";

/**
 * A project's scorers (organization data): a name people and assessments refer to, and immutable
 * versions of its definition (`scorer_versions`). Changing a scorer makes a new version, so every
 * assessment names the exact definition that produced it (`assessments.scorer_version_id`).
 */
export const scorers = sqliteTable(
  "scorers",
  {
    id: idColumn(),
    orgId: text("org_id").notNull(),
    projectId: text("project_id").notNull(),
    /** Unique in the project; the name of the feedback it writes. */
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** The kind of its latest definition (`rule`, and as the engine grows, judges). */
    kind: text("kind").notNull(),
    latestVersion: integer("latest_version").notNull(),
    /** Hidden from lists; its versions still resolve (old assessments keep pointing at them). */
    archivedAt: epochMs("archived_at"),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [uniqueIndex("scorers_project_name_uq").on(t.projectId, t.name)],
);

export const scorerVersions = sqliteTable(
  "scorer_versions",
  {
    id: idColumn(),
    scorerId: text("scorer_id").notNull(),
    projectId: text("project_id").notNull(),
    /** 1, 2, 3 … per scorer. */
    version: integer("version").notNull(),
    /** The definition as JSON (workers/scorers/definitions.ts). */
    definition: text("definition", { mode: "json" }).$type<unknown>().notNull(),
    message: text("message").notNull().default(""),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("scorer_versions_scorer_version_uq").on(t.scorerId, t.version),
    index("scorer_versions_project_idx").on(t.projectId),
  ],
);

/**
 * A scoring job (organization data): one scorer version over a set of a project's traces, as
 * queue jobs of one trace each (workers/scorers/jobs.ts). Counters move in the same transaction
 * as each trace's result, so progress is exact and a redelivered job counts once.
 */
export const scoreJobs = sqliteTable(
  "score_jobs",
  {
    id: idColumn(),
    orgId: text("org_id").notNull(),
    projectId: text("project_id").notNull(),
    scorerId: text("scorer_id").notNull(),
    scorerVersionId: text("scorer_version_id").notNull(),
    /** The scorer's name when the job started: the feedback name it writes. */
    name: text("name").notNull(),
    total: integer("total").notNull(),
    done: integer("done").notNull().default(0),
    /** Of `done`, how many ended in an error result (a failed judge call, a trace not found …). */
    errors: integer("errors").notNull().default(0),
    /** `running`, `completed` or `cancelled`. */
    status: text("status").notNull(),
    /** Who started it (`actorRef`) and their label: the author of the feedback it writes. */
    createdBy: text("created_by").notNull(),
    createdByLabel: text("created_by_label").notNull(),
    createdAt: createdAt(),
    finishedAt: epochMs("finished_at"),
  },
  (t) => [index("score_jobs_project_idx").on(t.projectId, t.createdAt)],
);

/** One trace's outcome in a scoring job; its key makes the job's work idempotent. */
export const scoreJobItems = sqliteTable(
  "score_job_items",
  {
    jobId: text("job_id").notNull(),
    traceId: text("trace_id").notNull(),
    /** The feedback written (null when nothing could be: the trace was not found). */
    assessmentId: text("assessment_id"),
    errorCode: text("error_code"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.traceId] })],
);
