import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, epochMs, idColumn } from "./columns";

/**
 * Evaluation runs (organization data): an application's outputs over a set of records, each
 * scored by pinned scorer versions, `repeats` times. A run's rows are its records as they were
 * scored (inputs, outputs, expectations, the app's latency); its scores are assessments with its
 * `run_id`; `eval_items` makes each (row, scorer version, repeat) count once however often its
 * queue job is delivered (workers/evaluations/jobs.ts).
 */
export const evalRuns = sqliteTable(
  "eval_runs",
  {
    id: idColumn(),
    orgId: text("org_id").notNull(),
    projectId: text("project_id").notNull(),
    name: text("name").notNull(),
    /** `running`, `completed`, `cancelled` or `failed`. */
    status: text("status").notNull(),
    /** Where its records came from: `dataset` (a version of one), `records` (sent by the SDK), `traces`. */
    source: text("source").notNull(),
    datasetId: text("dataset_id"),
    datasetVersion: integer("dataset_version"),
    /** The pinned scorers: `[{ scorerId, versionId, name }]`. */
    scorers: text("scorers", { mode: "json" })
      .$type<{ scorerId: string; versionId: string; name: string }[]>()
      .notNull(),
    /**
     * Code scorers declared at the start: names of functions the SDK runs in the user's process,
     * whose results come with each row (`eval_items` keyed `code:<name>`, repeat 1).
     */
    codeScorers: text("code_scorers", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    params: text("params", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    tags: text("tags", { mode: "json" }).$type<Record<string, string>>().notNull(),
    repeats: integer("repeats").notNull(),
    /** Rows may still be added (an SDK run whose app is still predicting). */
    open: integer("open").notNull(),
    rows: integer("rows").notNull().default(0),
    /** Scoring units: rows × scorers × repeats; `done` of them scored, `errors` of those errors. */
    total: integer("total").notNull().default(0),
    done: integer("done").notNull().default(0),
    errors: integer("errors").notNull().default(0),
    /**
     * The last `POST …/rows` batch taken (its `seq`; 0: none) and its body's SHA-256, so a retried
     * batch is answered again without being stored twice.
     */
    rowsSeq: integer("rows_seq").notNull().default(0),
    rowsHash: text("rows_hash"),
    createdBy: text("created_by").notNull(),
    createdByLabel: text("created_by_label").notNull(),
    createdAt: createdAt(),
    finishedAt: epochMs("finished_at"),
  },
  (t) => [index("eval_runs_project_idx").on(t.projectId, t.createdAt)],
);

/** One record of a run, as it was scored. */
export const evalRows = sqliteTable(
  "eval_rows",
  {
    runId: text("run_id").notNull(),
    /** The dataset record's id, else a hash of the inputs: what comparisons pair rows by. */
    rowKey: text("row_key").notNull(),
    position: integer("position").notNull(),
    recordId: text("record_id"),
    traceId: text("trace_id"),
    inputs: text("inputs").notNull(),
    outputs: text("outputs"),
    expectations: text("expectations").notNull(),
    latencyMs: real("latency_ms"),
    /** The application failed on this record (predictFn threw): its scores are not taken. */
    error: text("error"),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.rowKey] }),
    index("eval_rows_position_idx").on(t.runId, t.position),
  ],
);

/** One scoring unit done: its key makes a redelivered or retried job count once. */
export const evalItems = sqliteTable(
  "eval_items",
  {
    runId: text("run_id").notNull(),
    rowKey: text("row_key").notNull(),
    scorerVersionId: text("scorer_version_id").notNull(),
    repeat: integer("repeat").notNull(),
    assessmentId: text("assessment_id"),
    errorCode: text("error_code"),
  },
  (t) => [primaryKey({ columns: [t.runId, t.rowKey, t.scorerVersionId, t.repeat] })],
);
