/**
 * Evaluation datasets (docs/api-datasets.md): records of inputs and expectations kept as immutable
 * versions. Every change (a merge, an edit, a delete, an import, a from-traces job, a restore)
 * makes the next version, and reading at version N answers the records as they were. Like the
 * other API calls, these check their arguments before sending (invalid_input names the field) and
 * reject with the API's error; nothing is retried, except an import's chunks (see imports.ts),
 * which the API makes safe to send twice.
 */
import { type ApiClient, invalidInput } from "./api.ts";
import { argumentsOf, nameOf, shown, traceIdOf, unexpected } from "./assessments.ts";
import { defined, idOf, isObject, optionalInteger, optionalString } from "./checks.ts";

export type RecordSourceType = "trace" | "human" | "document" | "code";
const SOURCE_TYPES: readonly string[] = ["trace", "human", "document", "code"];

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
  from: number;
  to: number;
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

// ---------------------------------------------------------------------------------------------
// Checks

export const datasetIdOf = (call: string, datasetId: unknown): string => idOf(call, "datasetId", datasetId);
export const datasetPath = (datasetId: string) => `/datasets/${encodeURIComponent(datasetId)}`;

function checkStringMap(call: string, field: string, value: unknown): void {
  if (value === undefined) return;
  if (!isObject(value) || !Object.values(value).every((v) => typeof v === "string"))
    throw invalidInput(call, `${field} must be an object of strings, got ${shown(value)}`);
}

function checkObject(call: string, field: string, value: unknown, nonEmpty = false): void {
  if (!isObject(value) || (nonEmpty && Object.keys(value).length === 0))
    throw invalidInput(
      call,
      `${field} must be a${nonEmpty ? " non-empty" : "n"} object of named values, got ${shown(value)}`,
    );
}

const RECORD_FIELDS = ["inputs", "expectations", "outputs", "tags", "source"];

/**
 * Checks the records to merge as far as the SDK can (shapes and field names); the server checks
 * everything again, reserved expectations and sizes included.
 */
export function checkRecords(call: string, records: unknown): RecordInput[] {
  if (!Array.isArray(records) || records.length === 0)
    throw invalidInput(call, `records must be a non-empty array of { inputs, … }, got ${shown(records)}`);
  records.forEach((record: unknown, i) => {
    const at = `records[${i}]`;
    if (!isObject(record)) throw invalidInput(call, `${at} must be an object, got ${shown(record)}`);
    checkObject(call, `${at}.inputs`, record.inputs, true);
    if (record.expectations !== undefined) checkObject(call, `${at}.expectations`, record.expectations);
    checkStringMap(call, `${at}.tags`, record.tags);
    const source = record.source;
    if (source !== undefined && (!isObject(source) || !SOURCE_TYPES.includes(String(source.type))))
      throw invalidInput(
        call,
        `${at}.source must be { type: "trace" | "human" | "document" | "code", id? }, got ${shown(source)}`,
      );
    const extra = Object.keys(record).filter((k) => !RECORD_FIELDS.includes(k) && record[k] !== undefined);
    if (extra.length > 0)
      throw invalidInput(
        call,
        `${at} has unknown fields ${extra.join(", ")} (a record has ${RECORD_FIELDS.join(", ")})`,
      );
  });
  return records as RecordInput[];
}

function versionOf(call: string, field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0)
    throw invalidInput(call, `${field} must be a version number (an integer ≥ 0), got ${shown(value)}`);
  return value;
}

/** A query string from the given values; arrays repeat their key. */
export function query(values: Record<string, string | number | string[] | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

const isDataset = (v: unknown): v is Dataset =>
  isObject(v) && typeof v.id === "string" && typeof v.name === "string" && typeof v.version === "number";
const isRecord = (v: unknown): v is DatasetRecord =>
  isObject(v) && typeof v.id === "string" && isObject(v.inputs);
export const isImport = (v: unknown): v is DatasetImport =>
  isObject(v) && typeof v.id === "string" && typeof v.status === "string" && typeof v.accepted === "number";
const isMergeResult = (v: unknown): v is MergeResult =>
  isObject(v) && typeof v.version === "number" && typeof v.inserted === "number";

/** The answer, when `is` accepts it; otherwise request_failed naming what came. */
export async function expectAnswer<T>(
  api: ApiClient,
  call: string,
  is: (v: unknown) => v is T,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const answer = await api.inProject(call, method, path, body);
  if (!is(answer)) throw unexpected(call, answer);
  return answer;
}

// ---------------------------------------------------------------------------------------------
// Calls

export async function createDataset(api: ApiClient, options: CreateDatasetOptions): Promise<Dataset> {
  const call = "datasets.create()";
  const { name, description, tags } = argumentsOf(call, options);
  nameOf(call, name);
  optionalString(call, "description", description);
  checkStringMap(call, "tags", tags);
  return expectAnswer(api, call, isDataset, "POST", "/datasets", { name, description, tags });
}

export async function getDataset(api: ApiClient, datasetId: string): Promise<Dataset> {
  const call = "datasets.get()";
  return expectAnswer(api, call, isDataset, "GET", datasetPath(datasetIdOf(call, datasetId)));
}

export async function listDatasets(
  api: ApiClient,
  options: ListDatasetsOptions = {},
): Promise<{ datasets: Dataset[]; nextCursor: string | null }> {
  const call = "datasets.list()";
  const { search, sort, order, cursor, limit } = argumentsOf(call, options ?? {});
  optionalString(call, "search", search);
  optionalString(call, "cursor", cursor);
  optionalInteger(call, "limit", limit, 1);
  const answer = (await api.inProject(
    call,
    "GET",
    `/datasets${query({ search, sort, order, cursor, limit })}`,
  )) as { datasets?: unknown; nextCursor?: unknown } | null;
  if (!Array.isArray(answer?.datasets) || !answer.datasets.every(isDataset)) throw unexpected(call, answer);
  return {
    datasets: answer.datasets,
    nextCursor: typeof answer.nextCursor === "string" ? answer.nextCursor : null,
  };
}

/** The dataset with exactly this name, or null: the list searched by name, every page read. */
export async function findDataset(api: ApiClient, name: string): Promise<Dataset | null> {
  nameOf("datasets.find()", name);
  let cursor: string | undefined;
  do {
    const page = await listDatasets(api, { search: name, sort: "name", limit: 200, cursor });
    const found = page.datasets.find((d) => d.name === name);
    if (found) return found;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return null;
}

export async function updateDataset(api: ApiClient, options: UpdateDatasetOptions): Promise<Dataset> {
  const call = "datasets.update()";
  const { datasetId, name, description, tags } = argumentsOf(call, options);
  const path = datasetPath(datasetIdOf(call, datasetId));
  if (name !== undefined) nameOf(call, name);
  optionalString(call, "description", description);
  checkStringMap(call, "tags", tags);
  if (name === undefined && description === undefined && tags === undefined)
    throw invalidInput(call, "needs a name, description or tags to change");
  return expectAnswer(api, call, isDataset, "PATCH", path, { name, description, tags });
}

export async function deleteDataset(api: ApiClient, datasetId: string): Promise<void> {
  const call = "datasets.delete()";
  await api.inProject(call, "DELETE", datasetPath(datasetIdOf(call, datasetId)));
}

/** Up to 1,000 records in one request: one version, all or nothing. */
export async function mergeBatch(
  api: ApiClient,
  call: string,
  datasetId: string,
  records: RecordInput[],
  message: string | undefined,
): Promise<MergeResult> {
  return expectAnswer(api, call, isMergeResult, "POST", `${datasetPath(datasetId)}/records`, {
    records,
    message,
  });
}

export async function records(api: ApiClient, options: RecordsOptions): Promise<RecordPage> {
  const call = "datasets.records()";
  const { datasetId, version, search, tag, source, cursor, page, limit } = argumentsOf(call, options);
  const path = `${datasetPath(datasetIdOf(call, datasetId))}/records`;
  if (version !== undefined) versionOf(call, "version", version);
  optionalString(call, "search", search);
  optionalString(call, "cursor", cursor);
  optionalInteger(call, "page", page, 1);
  optionalInteger(call, "limit", limit, 1);
  if (cursor !== undefined && page !== undefined)
    throw invalidInput(call, "give a cursor or a page, not both");
  if (source !== undefined && !SOURCE_TYPES.includes(source))
    throw invalidInput(call, `source must be one of ${SOURCE_TYPES.join(", ")}, got ${shown(source)}`);
  let tags: string[] | undefined;
  if (Array.isArray(tag)) {
    if (!tag.every((t) => typeof t === "string" && /^[^:]+:/.test(t)))
      throw invalidInput(call, `tag must be "key:value" strings, got ${shown(tag)}`);
    tags = tag;
  } else if (tag !== undefined) {
    checkStringMap(call, "tag", tag);
    tags = Object.entries(tag).map(([k, v]) => `${k}:${v}`);
  }
  const answer = (await api.inProject(
    call,
    "GET",
    `${path}${query({ version, search, tag: tags, source, cursor, page, limit })}`,
  )) as Partial<RecordPage> | null;
  if (
    !Array.isArray(answer?.records) ||
    !answer.records.every(isRecord) ||
    typeof answer.version !== "number"
  )
    throw unexpected(call, answer);
  return {
    records: answer.records,
    version: answer.version,
    total: typeof answer.total === "number" ? answer.total : answer.records.length,
    nextCursor: typeof answer.nextCursor === "string" ? answer.nextCursor : null,
  };
}

export async function updateRecord(
  api: ApiClient,
  options: UpdateRecordOptions,
): Promise<{ version: number; record: DatasetRecord }> {
  const call = "datasets.updateRecord()";
  const { datasetId, recordId, inputs, expectations, outputs, tags, message } = argumentsOf(call, options);
  const path = `${datasetPath(datasetIdOf(call, datasetId))}/records/${encodeURIComponent(idOf(call, "recordId", recordId))}`;
  if (inputs !== undefined) checkObject(call, "inputs", inputs, true);
  if (expectations !== undefined) checkObject(call, "expectations", expectations);
  checkStringMap(call, "tags", tags);
  optionalString(call, "message", message);
  const body = defined({ inputs, expectations, outputs, tags, message });
  if (Object.keys(body).every((k) => k === "message"))
    throw invalidInput(call, "needs inputs, expectations, outputs or tags to change");
  const answer = (await api.inProject(call, "PATCH", path, body)) as { version?: unknown; record?: unknown };
  if (typeof answer?.version !== "number" || !isRecord(answer.record)) throw unexpected(call, answer);
  return { version: answer.version, record: answer.record };
}

export async function deleteRecords(
  api: ApiClient,
  options: { datasetId: string; ids: string[]; message?: string },
): Promise<{ version: number; deleted: number }> {
  const call = "datasets.deleteRecords()";
  const { datasetId, ids, message } = argumentsOf(call, options);
  const path = `${datasetPath(datasetIdOf(call, datasetId))}/records/delete`;
  if (
    !Array.isArray(ids) ||
    ids.length === 0 ||
    ids.length > 1_000 ||
    !ids.every((id) => typeof id === "string")
  )
    throw invalidInput(call, `ids must be 1 to 1,000 record ids, got ${shown(ids)}`);
  optionalString(call, "message", message);
  const answer = (await api.inProject(call, "POST", path, { ids, message })) as {
    version?: unknown;
    deleted?: unknown;
  };
  if (typeof answer?.version !== "number" || typeof answer.deleted !== "number")
    throw unexpected(call, answer);
  return { version: answer.version, deleted: answer.deleted };
}

export async function versions(
  api: ApiClient,
  options: { datasetId: string; cursor?: string; limit?: number },
): Promise<{ versions: DatasetVersion[]; nextCursor: string | null }> {
  const call = "datasets.versions()";
  const { datasetId, cursor, limit } = argumentsOf(call, options);
  const path = `${datasetPath(datasetIdOf(call, datasetId))}/versions`;
  optionalString(call, "cursor", cursor);
  optionalInteger(call, "limit", limit, 1);
  const answer = (await api.inProject(call, "GET", `${path}${query({ cursor, limit })}`)) as {
    versions?: unknown;
    nextCursor?: unknown;
  } | null;
  const list = answer?.versions;
  if (!Array.isArray(list) || !list.every((v) => isObject(v) && typeof v.version === "number"))
    throw unexpected(call, answer);
  return {
    versions: list as DatasetVersion[],
    nextCursor: typeof answer?.nextCursor === "string" ? answer.nextCursor : null,
  };
}

export async function diff(api: ApiClient, options: DiffOptions): Promise<DatasetDiff> {
  const call = "datasets.diff()";
  const { datasetId, from, to, cursor, limit } = argumentsOf(call, options);
  const path = `${datasetPath(datasetIdOf(call, datasetId))}/diff`;
  versionOf(call, "from", from);
  versionOf(call, "to", to);
  optionalString(call, "cursor", cursor);
  optionalInteger(call, "limit", limit, 1);
  const isDiff = (v: unknown): v is DatasetDiff =>
    isObject(v) && Array.isArray(v.changes) && isObject(v.counts);
  return expectAnswer(api, call, isDiff, "GET", `${path}${query({ from, to, cursor, limit })}`);
}

/** What a restore did: the new version, and the records it brought back, changed and removed. */
export interface RestoreResult {
  version: number;
  inserted: number;
  updated: number;
  deleted: number;
}

export async function restore(
  api: ApiClient,
  options: { datasetId: string; version: number; message?: string },
): Promise<RestoreResult> {
  const call = "datasets.restore()";
  const { datasetId, version, message } = argumentsOf(call, options);
  const path = `${datasetPath(datasetIdOf(call, datasetId))}/versions/${versionOf(call, "version", version)}/restore`;
  optionalString(call, "message", message);
  const isRestored = (v: unknown): v is RestoreResult =>
    isObject(v) && typeof v.version === "number" && typeof v.deleted === "number";
  return expectAnswer(api, call, isRestored, "POST", path, { message });
}

/** The export's body, streamed as the API writes it (JSONL: one record a line; CSV). */
export async function exportDataset(
  api: ApiClient,
  options: ExportOptions,
): Promise<ReadableStream<Uint8Array>> {
  const call = "datasets.export()";
  const { datasetId, version, format } = argumentsOf(call, options);
  const path = `${datasetPath(datasetIdOf(call, datasetId))}/export`;
  if (version !== undefined) versionOf(call, "version", version);
  if (format !== undefined && format !== "jsonl" && format !== "csv")
    throw invalidInput(call, `format must be "jsonl" or "csv", got ${shown(format)}`);
  return api.stream(call, `${path}${query({ version, format: format ?? "jsonl" })}`);
}

export async function getImport(
  api: ApiClient,
  options: { datasetId: string; importId: string },
): Promise<DatasetImport> {
  const call = "datasets.getImport()";
  const { datasetId, importId } = argumentsOf(call, options);
  const path = `${datasetPath(datasetIdOf(call, datasetId))}/imports/${encodeURIComponent(idOf(call, "importId", importId))}`;
  return expectAnswer(api, call, isImport, "GET", path);
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

/** The body of POST from-traces, checked. */
export function traceSelectionOf(call: string, selection: Record<string, unknown>): Record<string, unknown> {
  const { traceIds, filter, limit } = selection;
  if ((traceIds === undefined) === (filter === undefined))
    throw invalidInput(call, "needs traceIds or a filter (exactly one of them)");
  if (traceIds !== undefined) {
    if (!Array.isArray(traceIds) || traceIds.length === 0 || traceIds.length > 1_000)
      throw invalidInput(call, `traceIds must be 1 to 1,000 trace ids, got ${shown(traceIds)}`);
    return { traceIds: traceIds.map((id) => traceIdOf(call, id)) };
  }
  if (!isObject(filter))
    throw invalidInput(call, `filter must be an object of trace filters, got ${shown(filter)}`);
  optionalInteger(call, "limit", limit, 1);
  if (typeof limit === "number" && limit > 10_000)
    throw invalidInput(call, `limit must be at most 10,000, got ${limit}`);
  return defined({ filter, limit });
}
