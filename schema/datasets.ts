import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, epochMs, idColumn } from "./columns";

/**
 * A project's evaluation datasets (organization data). A dataset's records are versioned as
 * ranges: each row of `dataset_records` is one state of one record, valid from `from_version`
 * until `to_version` (null while current), so version N is the rows with from ≤ N < to and a
 * change writes only the rows it changes (workers/datasets/versions.ts).
 */
export const datasets = sqliteTable(
  "datasets",
  {
    id: idColumn(),
    orgId: text("org_id").notNull(),
    projectId: text("project_id").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    tags: text("tags", { mode: "json" }).$type<Record<string, string>>().notNull(),
    /** The current version: 0 before the first change. */
    version: integer("version").notNull().default(0),
    /** Records in the current version. */
    recordCount: integer("record_count").notNull().default(0),
    /** The open import session writing the next version (one writer at a time), or null. */
    openImportId: text("open_import_id"),
    createdBy: text("created_by").notNull(),
    createdByLabel: text("created_by_label").notNull(),
    createdAt: createdAt(),
    updatedAt: epochMs("updated_at").notNull(),
    lastUsedAt: epochMs("last_used_at"),
    /** Hidden and its name free; its versions stay readable to what used them. */
    deletedAt: epochMs("deleted_at"),
  },
  (t) => [uniqueIndex("datasets_project_name_uq").on(t.projectId, t.name).where(sql`${t.deletedAt} is null`)],
);

/** One row per version of a dataset: what changed, by whom, and the counts. */
export const datasetVersions = sqliteTable(
  "dataset_versions",
  {
    datasetId: text("dataset_id").notNull(),
    version: integer("version").notNull(),
    /** `merge`, `edit`, `delete`, `import`, `from_traces` or `restore`. */
    kind: text("kind").notNull(),
    message: text("message").notNull().default(""),
    inserted: integer("inserted").notNull(),
    updated: integer("updated").notNull(),
    deleted: integer("deleted").notNull(),
    recordCount: integer("record_count").notNull(),
    createdBy: text("created_by").notNull(),
    createdByLabel: text("created_by_label").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.version] })],
);

/** One state of one record over a range of versions (a rowid table: its rows are large). */
export const datasetRecords = sqliteTable(
  "dataset_records",
  {
    datasetId: text("dataset_id").notNull(),
    /** Stable over edits and versions (`dsr_…`); evaluation runs pair records by it. */
    recordId: text("record_id").notNull(),
    fromVersion: integer("from_version").notNull(),
    /** The first version this state is not in; null while it is current. */
    toVersion: integer("to_version"),
    /** SHA-256 of the inputs' canonical JSON (RFC 8785): what merges match on. */
    inputsHash: text("inputs_hash").notNull(),
    inputs: text("inputs").notNull(),
    expectations: text("expectations").notNull(),
    outputs: text("outputs"),
    tags: text("tags").notNull(),
    sourceType: text("source_type").notNull(),
    sourceId: text("source_id"),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedBy: text("updated_by").notNull(),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.datasetId, t.recordId, t.fromVersion] }),
    // At most one live state (current, or written by the open import) per inputs.
    uniqueIndex("dataset_records_live_hash_uq")
      .on(t.datasetId, t.inputsHash)
      .where(sql`${t.toVersion} is null`),
    // The live states in the order records were first added: the current version's pages and count.
    index("dataset_records_live_idx")
      .on(t.datasetId, t.recordId, t.fromVersion)
      .where(sql`${t.toVersion} is null`),
    // States closed by a version: restore, diff and aborting an import read these.
    index("dataset_records_to_idx").on(t.datasetId, t.toVersion).where(sql`${t.toVersion} is not null`),
    index("dataset_records_from_idx").on(t.datasetId, t.fromVersion),
  ],
);

/**
 * An import session (a file in chunks, or a from-traces job): its rows are written with the
 * dataset's next version as they come and show when it commits.
 */
export const datasetImports = sqliteTable(
  "dataset_imports",
  {
    id: idColumn(),
    datasetId: text("dataset_id").notNull(),
    projectId: text("project_id").notNull(),
    /** `jsonl`, `json`, `csv` or `traces`. */
    format: text("format").notNull(),
    fileName: text("file_name").notNull().default(""),
    /** CSV: the header row and each column's field path. */
    columns: text("columns", { mode: "json" }).$type<
      { name: string; path: string[]; json: boolean }[] | null
    >(),
    /** The version it writes (the dataset's version when it opened, plus one). */
    version: integer("version").notNull(),
    /** `open`, `committing` (a from-traces job still working), `committed` or `aborted`. */
    status: text("status").notNull(),
    chunks: integer("chunks").notNull().default(0),
    accepted: integer("accepted").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    inserted: integer("inserted").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    /** From traces: how many traces to add, for progress. */
    total: integer("total"),
    createdBy: text("created_by").notNull(),
    createdByLabel: text("created_by_label").notNull(),
    createdAt: createdAt(),
    /** The last chunk's time: a session idle for an hour is aborted. */
    touchedAt: epochMs("touched_at").notNull(),
    committedAt: epochMs("committed_at"),
  },
  (t) => [index("dataset_imports_dataset_idx").on(t.datasetId, t.createdAt)],
);

/** Each chunk of an import once received, with its result: a chunk sent again answers this. */
export const datasetImportChunks = sqliteTable(
  "dataset_import_chunks",
  {
    importId: text("import_id").notNull(),
    seq: integer("seq").notNull(),
    result: text("result", { mode: "json" }).$type<Record<string, number>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.seq] })],
);

/** Rows an import rejected, by file line (the first 1,000 per import are kept). */
export const datasetImportErrors = sqliteTable(
  "dataset_import_errors",
  {
    importId: text("import_id").notNull(),
    line: integer("line").notNull(),
    reason: text("reason").notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.line] })],
);
