/**
 * Writing many records as one version: import sessions (open → chunks → commit) for files and for
 * merges of more than 1,000 records, and from-traces jobs, waited for. A chunk is the one request
 * the SDK retries: the API answers a `seq` sent again with its first result and changes nothing.
 * A session that fails is aborted, so the dataset is not left locked against other changes.
 */
import { type ApiClient, invalidInput } from "./api.ts";
import { argumentsOf, shown } from "./assessments.ts";
import { defined, isObject, optionalInteger, optionalString } from "./checks.ts";
import type { DatasetImport, ImportFormat, MergeResult, RecordInput, RejectedRow } from "./dataset-types.ts";
import { getImport } from "./dataset-versions.ts";
import {
  checkRecords,
  datasetIdOf,
  datasetPath,
  expectAnswer,
  isImport,
  mergeBatch,
  query,
} from "./datasets.ts";
import { SightlineError } from "./errors.ts";
import {
  CHUNK_BYTES,
  CHUNK_ROWS,
  type Chunk,
  type ChunkLimits,
  chunksOf,
  csvHeader,
  csvRows,
  formatOfName,
  jsonChunks,
  jsonlRows,
  jsonRecords,
  type Reject,
} from "./import-rows.ts";
import { type ImportSource, openSource } from "./import-source.ts";

export interface ImportProgress {
  stage: "sending" | "committing" | "committed";
  /** Rows read so far (sent, or rejected before sending). */
  rows: number;
  chunks: number;
  accepted: number;
  rejected: number;
  /** How far through the source, when its size is known. */
  bytesRead: number;
  totalBytes: number | null;
}

/** What an import did: the committed session, and every rejected row (the SDK's and the server's). */
export interface ImportReport {
  import: DatasetImport;
  /** The version the import made. */
  version: number | null;
  rows: number;
  accepted: number;
  rejected: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Sorted by line; the server keeps the first 1,000 of its own. */
  errors: RejectedRow[];
}

export interface ImportFileOptions {
  /** The dataset's id. */
  dataset: string;
  /** Default: from the file name's extension (.jsonl, .ndjson, .json, .csv). */
  format?: ImportFormat;
  /** Shown with the import; default the path's last part. */
  fileName?: string;
  /** CSV: a column's field path (`inputs.question`, `expectations.expected_response:json`, `ignore`). */
  mapping?: Record<string, string>;
  /** The version's message. */
  message?: string;
  onProgress?: (progress: ImportProgress) => void;
  /** Retries of a chunk that failed (a network error, a timeout, 429 or 5xx). Default 4. */
  retries?: number;
  /** Smaller chunks than the API's 1,000 rows and 5 MB. */
  chunkRows?: number;
  chunkBytes?: number;
  /** Aborting stops before the next chunk and aborts the session: nothing is written. */
  signal?: AbortSignal;
}

export interface MergeOptions {
  datasetId: string;
  /** Plain objects `{ inputs, expectations?, outputs?, tags?, source? }`. */
  records: RecordInput[];
  /** The version's message. */
  message?: string;
  /** For more than 1,000 records, which go as an import session of chunks. */
  onProgress?: (progress: ImportProgress) => void;
}

/** How long one chunk or the commit may take: a chunk is up to 1,000 records merged. */
const CHUNK_TIMEOUT_MS = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Failures worth sending the same chunk again for: no answer, 429, or a server error. */
const retryable = (error: unknown) =>
  error instanceof SightlineError &&
  (error.kind === "request_failed" ||
    (error.status !== undefined && (error.status === 429 || error.status >= 500)));

interface ChunkResult {
  accepted: number;
  rejected: number;
}

async function sendChunk(api: ApiClient, call: string, path: string, chunk: Chunk, retries: number) {
  const url = `${path}/chunks/${chunk.seq}${query({ firstLine: chunk.firstLine })}`;
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = (await api.inProjectText(call, "PUT", url, chunk.text, CHUNK_TIMEOUT_MS)) as ChunkResult;
      if (!isObject(answer) || typeof answer.accepted !== "number")
        throw new SightlineError(
          "request_failed",
          `${call} failed: unexpected chunk answer ${shown(answer)}`,
        );
      return answer;
    } catch (error) {
      if (attempt >= retries || !retryable(error)) throw error;
      await sleep(Math.min(500 * 2 ** attempt, 8_000));
    }
  }
}

interface SessionPlan {
  datasetId: string;
  format: ImportFormat;
  fileName?: string;
  columns?: string[];
  mapping?: Record<string, string>;
  message?: string;
  chunks: AsyncIterable<Chunk>;
  /** Rows rejected before sending, filled while the chunks are read. */
  local: RejectedRow[];
  retries: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Where reading the source has got to. */
  position: () => { bytesRead: number; totalBytes: number | null };
  signal?: AbortSignal;
  /** Decides before the commit whether to go on (merge refuses any rejected row). */
  beforeCommit?: (session: DatasetImport, rejected: number) => Promise<void>;
}

function stopIfAborted(call: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new SightlineError("request_failed", `${call} was aborted: the import session was dropped`, {
      cause: signal.reason,
    });
}

/** Opens a session, sends every chunk, commits; aborts the session when anything fails. */
async function runSession(api: ApiClient, call: string, plan: SessionPlan): Promise<ImportReport> {
  const base = `${datasetPath(plan.datasetId)}/imports`;
  const opened = await expectAnswer(
    api,
    call,
    isImport,
    "POST",
    base,
    defined({ format: plan.format, fileName: plan.fileName, columns: plan.columns, mapping: plan.mapping }),
  );
  const path = `${base}/${encodeURIComponent(opened.id)}`;
  const totals = { rows: 0, chunks: 0, accepted: 0, rejected: 0 };
  const progress = (stage: ImportProgress["stage"]) =>
    plan.onProgress?.({
      stage,
      ...totals,
      rows: totals.rows + plan.local.length,
      rejected: totals.rejected + plan.local.length,
      ...plan.position(),
    });
  try {
    progress("sending");
    for await (const chunk of plan.chunks) {
      stopIfAborted(call, plan.signal);
      const result = await sendChunk(api, call, path, chunk, plan.retries);
      totals.rows += chunk.rows;
      totals.chunks++;
      totals.accepted += result.accepted;
      totals.rejected += result.rejected;
      progress("sending");
    }
    stopIfAborted(call, plan.signal);
    await plan.beforeCommit?.(opened, totals.rejected + plan.local.length);
    progress("committing");
    const committed = await api.inProject(
      call,
      "POST",
      `${path}/commit`,
      defined({ message: plan.message }),
      {
        timeoutMs: CHUNK_TIMEOUT_MS,
      },
    );
    if (!isImport(committed))
      throw new SightlineError("request_failed", `${call} failed: unexpected answer ${shown(committed)}`);
    progress("committed");
    const errors = [...plan.local, ...committed.errors].sort((a, b) => a.line - b.line);
    return {
      import: committed,
      version: committed.version,
      rows: totals.rows + plan.local.length,
      accepted: committed.accepted,
      rejected: committed.rejected + plan.local.length,
      inserted: committed.inserted,
      updated: committed.updated,
      unchanged: committed.unchanged,
      errors,
    };
  } catch (error) {
    // Leave the dataset writable again; the session's own failure is what the caller learns.
    await api.inProject(call, "DELETE", path).catch(() => undefined);
    throw error;
  }
}

function limitsOf(call: string, options: { chunkRows?: number; chunkBytes?: number }): ChunkLimits {
  optionalInteger(call, "chunkRows", options.chunkRows, 1);
  optionalInteger(call, "chunkBytes", options.chunkBytes, 1_024);
  return {
    rows: Math.min(options.chunkRows ?? CHUNK_ROWS, CHUNK_ROWS),
    bytes: Math.min(options.chunkBytes ?? CHUNK_BYTES, CHUNK_BYTES),
  };
}

/**
 * Merges records: up to 1,000 in one request; more through an import session of chunks (JSON
 * arrays of ≤ 1,000 records), committed as one version of kind `import`. Either way it is all or
 * nothing: when the server refuses any record, the session is aborted and the call rejects
 * (api_error INVALID_INPUT) naming the first refused records by their place in the list, from 1.
 */
export async function mergeRecords(api: ApiClient, options: MergeOptions): Promise<MergeResult> {
  const call = "datasets.merge()";
  const { datasetId, records, message, onProgress } = argumentsOf(call, options);
  const id = datasetIdOf(call, datasetId);
  checkRecords(call, records);
  optionalString(call, "message", message);
  if (records.length <= CHUNK_ROWS) return mergeBatch(api, call, id, records, message);
  const local: RejectedRow[] = [];
  const refuse = (rows: RejectedRow[], count: number) =>
    new SightlineError(
      "api_error",
      `${call} failed (422 INVALID_INPUT): ${count} of ${records.length} records refused (${rows
        .slice(0, 5)
        .map((r) => `record ${r.line}: ${r.reason}`)
        .join("; ")}); nothing was merged`,
      { status: 422, code: "INVALID_INPUT" },
    );
  const report = await runSession(api, call, {
    datasetId: id,
    format: "json",
    message,
    // A session's rows default to the source `document`; a merge's are the SDK's (`code`).
    chunks: jsonChunks(
      records.map((r) => (r.source === undefined ? { ...r, source: { type: "code" as const } } : r)),
      { rows: CHUNK_ROWS, bytes: CHUNK_BYTES },
      (row) => local.push(row),
    ),
    local,
    retries: 4,
    onProgress,
    position: () => ({ bytesRead: 0, totalBytes: null }),
    async beforeCommit(session, rejected) {
      if (rejected === 0) return;
      const seen = await getImport(api, { datasetId: id, importId: session.id });
      throw refuse(
        [...local, ...seen.errors].sort((a, b) => a.line - b.line),
        rejected,
      );
    },
  });
  return {
    version: report.version ?? 0,
    inserted: report.inserted,
    updated: report.updated,
    unchanged: report.unchanged,
  };
}

/**
 * Imports a file (a path, read as a stream) or its text into a dataset as one version, through an
 * import session. Bad rows are rejected one by one with their line and reason (the good rows are
 * kept); the report lists them. A JSON file is read whole; use JSONL or CSV for large files.
 */
export async function importFile(
  api: ApiClient,
  source: ImportSource,
  options: ImportFileOptions,
): Promise<ImportReport> {
  const call = "datasets.importFile()";
  const { dataset, format, fileName, mapping, message, onProgress, retries, signal } = argumentsOf(
    call,
    options,
  );
  const datasetId = datasetIdOf(call, dataset);
  if (typeof source !== "string" && !(isObject(source) && typeof source.text === "string"))
    throw invalidInput(call, `source must be a file path or { text }, got ${shown(source)}`);
  const name = typeof source === "string" ? source.split(/[\\/]/).pop() : source.fileName;
  const chosen = format ?? (name ? formatOfName(name) : null);
  if (chosen !== "jsonl" && chosen !== "json" && chosen !== "csv")
    throw invalidInput(
      call,
      `format must be "jsonl", "json" or "csv" (or a file name ending so), got ${shown(format ?? name)}`,
    );
  optionalString(call, "fileName", fileName);
  optionalString(call, "message", message);
  optionalInteger(call, "retries", retries, 0);
  if (
    mapping !== undefined &&
    (!isObject(mapping) || !Object.values(mapping).every((v) => typeof v === "string"))
  )
    throw invalidInput(call, `mapping must be an object of column → field path, got ${shown(mapping)}`);
  const limits = limitsOf(call, options);
  const local: RejectedRow[] = [];
  const reject: Reject = (row) => local.push(row);
  const opened = await openSource(call, source);
  let chunks: AsyncIterable<Chunk>;
  let columns: string[] | undefined;
  if (chosen === "json") {
    const list = jsonRecords(await opened.whole());
    chunks = jsonChunks(list, limits, reject);
  } else if (chosen === "csv") {
    const iterator = opened.lines[Symbol.asyncIterator]();
    const first = await iterator.next();
    if (first.done) throw invalidInput(call, "the CSV file is empty: its first line must be the header");
    columns = await csvHeader(first.value);
    const rest = { [Symbol.asyncIterator]: () => iterator };
    chunks = chunksOf(csvRows(rest, reject, { firstLine: 2, maxBytes: limits.bytes }), limits, reject);
  } else {
    chunks = chunksOf(jsonlRows(opened.lines), limits, reject);
  }
  return runSession(api, call, {
    datasetId,
    format: chosen,
    fileName: fileName ?? name,
    columns,
    mapping,
    message,
    chunks,
    local,
    retries: retries ?? 4,
    onProgress,
    signal,
    position: opened.position,
  });
}
