/** The datasets API's records, versions and imports as the SDK answers them, and the calls' options. */

export type RecordSourceType = "trace" | "human" | "document" | "code";

export interface Dataset {
  id: string;
  /** Unique in the project among datasets not deleted. */
  name: string;
  description: string;
  tags: Record<string, string>;
  /** The current version; 0 before the first change. */
  version: number;
  /** Records in the current version. */
  recordCount: number;
  createdBy: string;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
  lastUsedAt: string | null;
  /** The import session being written, if any (other changes answer 409 CONFLICT meanwhile). */
  importing: { id: string; format: string; accepted: number } | null;
}

/** A record as the API answers it. Its `id` survives edits and versions. */
export interface DatasetRecord {
  id: string;
  inputs: Record<string, unknown>;
  expectations: Record<string, unknown>;
  /** Recorded outputs, to score without running the application again; null when absent. */
  outputs: unknown;
  tags: Record<string, string>;
  /** `trace` (its trace id), `human` (a user id), `document` (the imported file's name), `code`. */
  source: { type: RecordSourceType; id: string | null };
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

/**
 * A record to merge, as a plain object. Records match on their inputs (key order does not
 * matter): a match keeps its id, gets `outputs` replaced when given and `expectations` and `tags`
 * merged key by key; inputs with no match are inserted.
 */
export interface RecordInput {
  /** A JSON object with at least one key, at most 100,000 characters of JSON. */
  inputs: Record<string, unknown>;
  /** Reserved names (expected_response, expected_facts, guidelines, …) must have their shape. */
  expectations?: Record<string, unknown>;
  outputs?: unknown;
  tags?: Record<string, string>;
  /** Default: `code` with the API key's id. */
  source?: { type: RecordSourceType; id?: string };
}

export interface MergeResult {
  /** The dataset's version after the merge (unchanged when nothing changed). */
  version: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface RecordPage {
  records: DatasetRecord[];
  /** The version read. */
  version: number;
  /** Records matching, in all pages. */
  total: number;
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export type VersionKind = "merge" | "edit" | "delete" | "import" | "from_traces" | "restore";

export interface DatasetVersion {
  version: number;
  kind: VersionKind;
  message: string;
  createdBy: string;
  createdAt: string;
  inserted: number;
  updated: number;
  deleted: number;
  /** Records in this version. */
  recordCount: number;
}

export interface DatasetDiff {
  from: number;
  to: number;
  counts: { added: number; removed: number; changed: number };
  /** This page's changes; `before` is null for an added record, `after` for a removed one. */
  changes: {
    change: "added" | "removed" | "changed";
    recordId: string;
    before: DatasetRecord | null;
    after: DatasetRecord | null;
  }[];
  nextCursor: string | null;
}

export type ImportFormat = "jsonl" | "json" | "csv";

/** A row an import refused: its line in the file (a JSON file: its place in the array, from 1). */
export interface RejectedRow {
  line: number;
  reason: string;
}

/** An import session, or a from-traces job (format `traces`). */
export interface DatasetImport {
  id: string;
  /** `committing`: a from-traces job writing its last records. */
  status: "open" | "committing" | "committed" | "aborted";
  format: ImportFormat | "traces";
  /** "" when none was given. */
  fileName: string;
  chunks: number;
  /** From traces: how many traces it adds, when known. */
  total: number | null;
  accepted: number;
  rejected: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** The version it made, once committed. */
  version: number | null;
  /** The first 1,000 rejected rows. */
  errors: RejectedRow[];
  createdAt: string;
  committedAt: string | null;
}

// ---------------------------------------------------------------------------------------------
// Options

export interface CreateDatasetOptions {
  /** 1–200 characters, unique in the project. */
  name: string;
  description?: string;
  tags?: Record<string, string>;
}

export interface ListDatasetsOptions {
  /** Text in the name. */
  search?: string;
  /** Default "updated". */
  sort?: "name" | "updated" | "created";
  order?: "asc" | "desc";
  cursor?: string;
  /** 1–200, default 50. */
  limit?: number;
}

export interface UpdateDatasetOptions {
  datasetId: string;
  name?: string;
  description?: string;
  tags?: Record<string, string>;
}

export interface RecordsOptions {
  datasetId: string;
  /** Default: the current version. */
  version?: number;
  /** Text in inputs and expectations. */
  search?: string;
  /** Records with all these tags: `{ team: "billing" }` or `["team:billing"]`. */
  tag?: Record<string, string> | string[];
  source?: RecordSourceType;
  /** The previous page's `nextCursor`. */
  cursor?: string;
  /** Jump to a page (from 1) instead of following cursors. */
  page?: number;
  /** 1–200, default 50. */
  limit?: number;
}

export interface UpdateRecordOptions {
  datasetId: string;
  recordId: string;
  /** Editing inputs to those of another current record answers 409 CONFLICT. */
  inputs?: Record<string, unknown>;
  expectations?: Record<string, unknown>;
  outputs?: unknown;
  tags?: Record<string, string>;
  message?: string;
}

export interface DiffOptions {
  datasetId: string;
  /** Default: the version before `to`. */
  from?: number;
  /** Default: the current version. */
  to?: number;
  cursor?: string;
  /** 1–200, default 50. */
  limit?: number;
}

export interface ExportOptions {
  datasetId: string;
  /** Default: the current version. */
  version?: number;
  /** Default "jsonl". */
  format?: "jsonl" | "csv";
}

/** What a restore did: the new version, and the records it brought back, changed and removed. */
export interface RestoreResult {
  version: number;
  inserted: number;
  updated: number;
  deleted: number;
}

/** Which traces from-traces adds: chosen ones (1–1,000), or those a trace-list filter matches. */
export type TraceSelection =
  | { traceIds: string[] }
  | {
      /**
       * The trace list's filters in their JSON form (POST traces/delete takes the same): `from`,
       * `to`, `status`, `name`, `spanType`, `tag: ["env=prod"]`, `metadata`, `sessionId`,
       * `userId`, `model`, latency/token/cost bounds, `feedback: ["correctness=yes"]`, `passed`,
       * `failed`, `contains` ….
       */
      filter: Record<string, unknown>;
      /** At most 10,000. */
      limit?: number;
    };
