/**
 * Records from traces: the from-traces job (a background import on the server) started, then
 * polled until it has committed its version.
 */
import { type ApiClient, invalidInput } from "./api.ts";
import { argumentsOf, shown, traceIdOf } from "./assessments.ts";
import { defined, isObject, optionalInteger } from "./checks.ts";
import type { DatasetImport, TraceSelection } from "./dataset-types.ts";
import { getImport } from "./dataset-versions.ts";
import { datasetIdOf, datasetPath, expectAnswer, isImport } from "./datasets.ts";
import { SightlineError } from "./errors.ts";

export type FromTracesOptions = TraceSelection & {
  datasetId: string;
  onProgress?: (job: DatasetImport) => void;
  /** Default 500. */
  pollIntervalMs?: number;
  /** Default 10 minutes. */
  timeoutMs?: number;
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Adds traces as records through the from-traces job, and waits until it has committed (one
 * version). `onProgress` gets the job as it goes. Rejects with request_failed when the job was
 * aborted, or is still running after `timeoutMs` (poll it with getImport then).
 */
export async function fromTraces(api: ApiClient, options: FromTracesOptions): Promise<DatasetImport> {
  const call = "datasets.fromTraces()";
  const { datasetId, onProgress, pollIntervalMs, timeoutMs, ...selection } = argumentsOf(call, options);
  const id = datasetIdOf(call, datasetId);
  const body = traceSelectionOf(call, selection as Record<string, unknown>);
  optionalInteger(call, "pollIntervalMs", pollIntervalMs, 0);
  optionalInteger(call, "timeoutMs", timeoutMs, 0);
  let job = await expectAnswer(api, call, isImport, "POST", `${datasetPath(id)}/from-traces`, body);
  const deadline = Date.now() + (timeoutMs ?? 600_000);
  onProgress?.(job);
  while (job.status === "open" || job.status === "committing") {
    if (Date.now() > deadline)
      throw new SightlineError(
        "request_failed",
        `${call} failed: the job ${job.id} is still running after ${timeoutMs ?? 600_000} ms (${job.accepted} traces so far); follow it with getImport`,
      );
    await sleep(pollIntervalMs ?? 500);
    job = await getImport(api, { datasetId: id, importId: job.id });
    onProgress?.(job);
  }
  if (job.status !== "committed")
    throw new SightlineError(
      "request_failed",
      `${call} failed: the job ${job.id} was ${job.status}${job.errors[0] ? `: ${job.errors[0].reason}` : ""}`,
    );
  return job;
}
