/**
 * Evaluation datasets (docs/api-datasets.md): records of inputs and expectations kept as immutable
 * versions. Every change (a merge, an edit, a delete, an import, a from-traces job, a restore)
 * makes the next version, and reading at version N answers the records as they were. Like the
 * other API calls, these check their arguments before sending (invalid_input names the field) and
 * reject with the API's error; nothing is retried, except an import's chunks (see imports.ts),
 * which the API makes safe to send twice.
 */
import { type ApiClient, invalidInput } from "./api.ts";
import { argumentsOf, nameOf, shown, unexpected } from "./assessments.ts";
import { defined, idOf, isObject, optionalInteger, optionalString } from "./checks.ts";
import type {
  CreateDatasetOptions,
  Dataset,
  DatasetImport,
  DatasetRecord,
  ListDatasetsOptions,
  MergeResult,
  RecordInput,
  RecordPage,
  RecordsOptions,
  UpdateDatasetOptions,
  UpdateRecordOptions,
} from "./dataset-types.ts";

const SOURCE_TYPES: readonly string[] = ["trace", "human", "document", "code"];
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

export function versionOf(call: string, field: string, value: unknown): number {
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
export const isRecord = (v: unknown): v is DatasetRecord =>
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
