import { api, type RequestOptions } from "./client";
import { ApiError, isServerErrorBody, isServerErrorCode, messageForStatus } from "./errors";
import type { TraceQuery } from "./traceTypes";

/**
 * A project's datasets: records, immutable versions, imports and exports (docs/api-datasets.md).
 * The shapes are the SDK's (a module of types only): the dashboard and the SDK read the same API.
 */

import type {
  Dataset,
  DatasetDiff,
  DatasetImport,
  DatasetRecord,
  DatasetVersion,
  ImportFormat,
  MergeResult,
  RecordInput,
  RecordPage,
  RejectedRow,
  RestoreResult,
  RecordSourceType as SourceType,
  VersionKind,
} from "../../../sdk/src/dataset-types";

export type {
  Dataset,
  DatasetDiff,
  DatasetImport,
  DatasetRecord,
  DatasetVersion,
  ImportFormat,
  RecordInput,
  RecordPage,
  RejectedRow,
  SourceType,
  VersionKind,
};
export type DiffChange = DatasetDiff["changes"][number];
export type RecordPatch = Partial<Omit<RecordInput, "source">> & { message?: string };
export interface ChunkResult extends Omit<MergeResult, "version"> {
  seq: number;
  accepted: number;
  rejected: number;
}
export interface ImportOpen {
  format: ImportFormat;
  fileName?: string;
  columns?: string[];
}

export const SOURCE_TYPES: readonly SourceType[] = ["trace", "human", "document", "code"];

export interface RecordQuery {
  version?: number;
  search?: string;
  /** "key:value" pairs. */
  tag?: string[];
  source?: SourceType;
  page?: number;
  limit?: number;
}

/** What from-traces adds: chosen traces, or those the trace list's filter matches. */
export type TraceSelection = { traceIds: string[] } | { filter: TraceQuery; limit?: number };

const datasets = (projectId: string) => `/api/v1/projects/${encodeURIComponent(projectId)}/datasets`;
const dataset = (projectId: string, datasetId: string) =>
  `${datasets(projectId)}/${encodeURIComponent(datasetId)}`;
const importPath = (projectId: string, datasetId: string, importId: string) =>
  `${dataset(projectId, datasetId)}/imports/${encodeURIComponent(importId)}`;

export function listDatasets(
  projectId: string,
  query: { search?: string; cursor?: string; limit?: number },
  options?: RequestOptions,
): Promise<{ datasets: Dataset[]; nextCursor: string | null }> {
  return api.get(datasets(projectId), { ...options, query: { sort: "updated", order: "desc", ...query } });
}

export function getDataset(projectId: string, datasetId: string, options?: RequestOptions): Promise<Dataset> {
  return api.get<Dataset>(dataset(projectId, datasetId), options);
}

/** Version 0, no records; 409 when the name is taken. */
export function createDataset(
  projectId: string,
  input: { name: string; description?: string },
): Promise<Dataset> {
  return api.post<Dataset>(datasets(projectId), input);
}

/** Renames or describes (not a version). */
export function updateDataset(
  projectId: string,
  datasetId: string,
  patch: { name?: string; description?: string },
): Promise<Dataset> {
  return api.patch<Dataset>(dataset(projectId, datasetId), patch);
}

export function deleteDataset(projectId: string, datasetId: string): Promise<void> {
  return api.delete(dataset(projectId, datasetId));
}

export function listRecords(
  projectId: string,
  datasetId: string,
  query: RecordQuery,
  options?: RequestOptions,
): Promise<RecordPage> {
  // `tag` repeats, so the query string is built here rather than from a flat record.
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value])
      if (item !== undefined && item !== "") params.append(key, String(item));
  }
  return api.get<RecordPage>(`${dataset(projectId, datasetId)}/records?${params}`, options);
}

export function mergeRecords(
  projectId: string,
  datasetId: string,
  records: RecordInput[],
  message?: string,
): Promise<MergeResult> {
  return api.post(`${dataset(projectId, datasetId)}/records`, { records, message });
}

export function updateRecord(
  projectId: string,
  datasetId: string,
  recordId: string,
  patch: RecordPatch,
): Promise<{ version: number; record: DatasetRecord }> {
  return api.patch(`${dataset(projectId, datasetId)}/records/${encodeURIComponent(recordId)}`, patch);
}

export function deleteRecords(
  projectId: string,
  datasetId: string,
  ids: string[],
  message?: string,
): Promise<{ version: number; deleted: number }> {
  return api.post(`${dataset(projectId, datasetId)}/records/delete`, { ids, message });
}

/** Newest first. */
export function listVersions(
  projectId: string,
  datasetId: string,
  query: { cursor?: string; limit?: number },
  options?: RequestOptions,
): Promise<{ versions: DatasetVersion[]; nextCursor?: string | null }> {
  return api.get(`${dataset(projectId, datasetId)}/versions`, { ...options, query });
}

export function getDiff(
  projectId: string,
  datasetId: string,
  query: { from: number; to: number; cursor?: string; limit?: number },
  options?: RequestOptions,
): Promise<DatasetDiff> {
  return api.get<DatasetDiff>(`${dataset(projectId, datasetId)}/diff`, { ...options, query });
}

/** A new version equal to `version`. */
export function restoreVersion(
  projectId: string,
  datasetId: string,
  version: number,
  message?: string,
): Promise<RestoreResult> {
  return api.post(`${dataset(projectId, datasetId)}/versions/${version}/restore`, { message });
}

export function openImport(projectId: string, datasetId: string, input: ImportOpen): Promise<DatasetImport> {
  return api.post<DatasetImport>(`${dataset(projectId, datasetId)}/imports`, input);
}

/**
 * Sends one chunk of the file as text (the JSON client would quote it). Sending a `seq` again
 * answers its first result, so a failed send can be retried.
 */
export async function putImportChunk(
  path: { projectId: string; datasetId: string; importId: string },
  chunk: { seq: number; firstLine: number; text: string },
  signal?: AbortSignal,
): Promise<ChunkResult> {
  const url = `${importPath(path.projectId, path.datasetId, path.importId)}/chunks/${chunk.seq}?firstLine=${chunk.firstLine}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "PUT",
      body: chunk.text,
      credentials: "same-origin",
      headers: { "Content-Type": "text/plain; charset=utf-8", Accept: "application/json" },
      signal: signal ?? null,
    });
  } catch (cause) {
    throw new ApiError({
      status: 0,
      code: signal?.aborted ? "aborted" : "network_error",
      message: "Could not reach the Sightline server. Check your connection and try again.",
      cause,
    });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body as ChunkResult;
  const server = isServerErrorBody(body) ? body.error : null;
  throw new ApiError({
    status: response.status,
    code: server && isServerErrorCode(server.code) ? server.code : `http_${response.status}`,
    message: server?.message ?? messageForStatus(response.status),
    requestId: server?.requestId ?? null,
    body,
    headers: response.headers,
  });
}

export function commitImport(
  projectId: string,
  datasetId: string,
  importId: string,
  message?: string,
): Promise<DatasetImport> {
  // Committing a large session rewrites its version's ranges: give it longer than the default.
  return api.post<DatasetImport>(
    `${importPath(projectId, datasetId, importId)}/commit`,
    { message },
    { timeoutMs: 120_000 },
  );
}

/** Progress and the first 1,000 rejected rows. */
export function getImport(
  projectId: string,
  datasetId: string,
  importId: string,
  options?: RequestOptions,
): Promise<DatasetImport> {
  return api.get<DatasetImport>(importPath(projectId, datasetId, importId), options);
}

/** Aborts an open session and drops its rows. */
export function abortImport(projectId: string, datasetId: string, importId: string): Promise<void> {
  return api.delete(importPath(projectId, datasetId, importId));
}

/** A background job: poll the answered import for progress. */
export function addTraces(
  projectId: string,
  datasetId: string,
  selection: TraceSelection,
): Promise<DatasetImport> {
  return api.post<DatasetImport>(`${dataset(projectId, datasetId)}/from-traces`, selection);
}

/** The export's address: a plain link downloads it with the session cookie. */
export function exportHref(
  projectId: string,
  datasetId: string,
  version: number,
  format: "jsonl" | "csv",
): string {
  return `${dataset(projectId, datasetId)}/export?version=${version}&format=${format}`;
}
