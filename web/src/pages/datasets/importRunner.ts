import type { ChunkResult, DatasetImport, ImportOpen, RejectedRow } from "../../api/datasets";
import { ApiError } from "../../api/errors";
import type { Chunk, PreparedFile } from "./importFile";

/**
 * Sends a prepared file as one import session: open, each chunk in order (a failed send is
 * retried with backoff, which is safe: the server answers a repeated seq with its first result),
 * commit, then read the report. The transport is passed in so this runs in unit tests.
 */

export interface ImportTransport {
  open: (input: ImportOpen) => Promise<DatasetImport>;
  put: (importId: string, chunk: Chunk, signal: AbortSignal) => Promise<ChunkResult>;
  commit: (importId: string) => Promise<DatasetImport>;
  get: (importId: string) => Promise<DatasetImport>;
  abort: (importId: string) => Promise<void>;
}

export interface ImportProgress {
  phase: "preparing" | "sending" | "committing" | "done" | "aborted";
  totalLines: number;
  /** The file line the last chunk sent ended on. */
  linesSent: number;
  rowsSent: number;
  chunksSent: number;
  accepted: number;
  rejected: number;
  /** A send failed after its retries: waiting for the user to retry or abort. */
  stuck: { seq: number; message: string } | null;
}

export interface ImportOutcome {
  /** The committed session (null when aborted). */
  session: DatasetImport | null;
  /** Rows the browser did not send (too big for a chunk), with the server's rejected rows. */
  rejected: RejectedRow[];
  /** Rejected in all (the server lists only its first 1,000). */
  rejectedTotal: number;
}

export interface RunImportOptions {
  transport: ImportTransport;
  file: PreparedFile;
  fileName: string;
  signal: AbortSignal;
  onProgress: (progress: ImportProgress) => void;
  /** After the retries: resolves true to try the chunk again, false to abort. */
  onStuck: (error: ApiError) => Promise<boolean>;
  retries?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Worth sending again: no answer, a timeout, too many requests, a server error. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.code === "aborted") return false;
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits before attempt `attempt` (1-based): 0.5 s, 1 s, 2 s …, or what Retry-After asks (≤ 10 s). */
export function backoffMs(attempt: number, error: unknown): number {
  const asked = error instanceof ApiError ? error.retryAfterSeconds : null;
  return asked !== null ? Math.min(asked, 10) * 1000 : 500 * 2 ** (attempt - 1);
}

/** Where an import starts: nothing sent. */
export function startingProgress(phase: ImportProgress["phase"], totalLines: number): ImportProgress {
  return {
    phase,
    totalLines,
    linesSent: 0,
    rowsSent: 0,
    chunksSent: 0,
    accepted: 0,
    rejected: 0,
    stuck: null,
  };
}

export async function runImport(options: RunImportOptions): Promise<ImportOutcome> {
  const { transport, file, signal, onProgress, retries = 3, sleep = defaultSleep } = options;
  const clientRejected: RejectedRow[] = [];
  const progress = startingProgress("sending", file.totalLines);
  const report = () => onProgress({ ...progress, rejected: progress.rejected + clientRejected.length });

  const session = await transport.open({
    format: file.format,
    fileName: options.fileName,
    ...(file.columns ? { columns: file.columns } : {}),
  });
  const abort = async (): Promise<ImportOutcome> => {
    await transport.abort(session.id).catch(() => undefined);
    progress.phase = "aborted";
    report();
    return { session: null, rejected: [], rejectedTotal: 0 };
  };
  report();

  /** One chunk, sent until it is answered; false when the user gave up on it. */
  const send = async (chunk: Chunk): Promise<boolean> => {
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) return false;
      try {
        const result = await transport.put(session.id, chunk, signal);
        progress.accepted += result.accepted;
        progress.rejected += result.rejected;
        return true;
      } catch (error) {
        if (signal.aborted) return false;
        if (isRetryable(error) && attempt < retries) {
          await sleep(backoffMs(attempt + 1, error));
          continue;
        }
        const apiError =
          error instanceof ApiError
            ? error
            : new ApiError({ status: 0, code: "unexpected_error", message: String(error) });
        progress.stuck = { seq: chunk.seq, message: apiError.message };
        report();
        const again = await options.onStuck(apiError);
        progress.stuck = null;
        if (!again) return false;
        attempt = -1;
      }
    }
  };

  try {
    for await (const chunk of file.chunks((row) => clientRejected.push(row))) {
      if (!(await send(chunk))) return abort();
      progress.chunksSent++;
      progress.rowsSent += chunk.rows;
      progress.linesSent = chunk.lastLine;
      report();
    }
  } catch (error) {
    // The file could not be read to the end: nothing of it should be committed.
    await transport.abort(session.id).catch(() => undefined);
    throw error;
  }
  if (signal.aborted) return abort();

  progress.phase = "committing";
  progress.linesSent = file.totalLines;
  report();
  await transport.commit(session.id);
  const committed = await transport.get(session.id);
  progress.phase = "done";
  progress.accepted = committed.accepted;
  progress.rejected = committed.rejected;
  report();
  const rejected = [...clientRejected, ...committed.errors].sort((a, b) => a.line - b.line);
  return { session: committed, rejected, rejectedTotal: committed.rejected + clientRejected.length };
}
