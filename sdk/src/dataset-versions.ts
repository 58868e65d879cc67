/**
 * A dataset's history: its versions (each change makes one), the difference between two, a
 * restore (a new version equal to an old one), a version's export, and an import's progress.
 */
import { type ApiClient, invalidInput } from "./api.ts";
import { argumentsOf, shown, unexpected } from "./assessments.ts";
import { idOf, isObject, optionalInteger, optionalString } from "./checks.ts";
import type {
  DatasetDiff,
  DatasetImport,
  DatasetVersion,
  DiffOptions,
  ExportOptions,
  RestoreResult,
} from "./dataset-types.ts";
import { datasetIdOf, datasetPath, expectAnswer, isImport, query, versionOf } from "./datasets.ts";

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
  if (from !== undefined) versionOf(call, "from", from);
  if (to !== undefined) versionOf(call, "to", to);
  optionalString(call, "cursor", cursor);
  optionalInteger(call, "limit", limit, 1);
  const isDiff = (v: unknown): v is DatasetDiff =>
    isObject(v) && Array.isArray(v.changes) && isObject(v.counts);
  return expectAnswer(api, call, isDiff, "GET", `${path}${query({ from, to, cursor, limit })}`);
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
