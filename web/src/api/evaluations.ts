import { api, type RequestOptions } from "./client";

/** A project's evaluation runs: start, follow, read per record, cancel, resume, compare (docs/api-evaluations.md). */

// The server's own shapes (type-only imports: nothing of the server is bundled).
import type { z } from "zod";
import type {
  ComparisonSchema,
  ResultView as EvaluationResult,
  RunView as EvaluationRun,
  RunInput,
  ScorerMetrics,
} from "../../../workers/evaluations/schemas";

export type { EvaluationResult, EvaluationRun, ScorerMetrics };
export type RunStatus = EvaluationRun["status"];
export type ResultScore = EvaluationResult["scores"][number];
export type Interval = NonNullable<ScorerMetrics["meanInterval"]>;
/** The request as sent: `repeats` defaults to 1, `scorers` and `codeScorers` to none. */
export type StartRunInput = Omit<RunInput, "repeats" | "scorers" | "codeScorers"> &
  Partial<Pick<RunInput, "repeats" | "scorers" | "codeScorers">>;

export type Comparison = z.infer<typeof ComparisonSchema>;
export type RunComparison = Comparison["comparisons"][number];
export type MetricComparison = RunComparison["metrics"][number];
export type RecordChange = RunComparison["records"][number];
/** A changed record's inputs and each run's outputs (text, cut by the API). */
export type RecordOutputs = RunComparison["outputs"][number];
export type RunOutput = NonNullable<RecordOutputs["baseline"]>;
/** Runs one comparison takes: the baseline and up to four others. */
export const MAX_COMPARED = 5;

const runs = (projectId: string) => `/api/v1/projects/${encodeURIComponent(projectId)}/evaluations`;
const run = (projectId: string, runId: string) => `${runs(projectId)}/${encodeURIComponent(runId)}`;

/** The last 100 runs, newest first. */
export async function listRuns(projectId: string, options?: RequestOptions): Promise<EvaluationRun[]> {
  return (await api.get<{ runs: EvaluationRun[] }>(runs(projectId), options)).runs;
}

export function getRun(projectId: string, runId: string, options?: RequestOptions): Promise<EvaluationRun> {
  return api.get<EvaluationRun>(run(projectId, runId), options);
}

/** Starts scoring (202): the run comes back running, with its total. */
export function startRun(projectId: string, input: StartRunInput): Promise<EvaluationRun> {
  return api.post<EvaluationRun>(runs(projectId), input);
}

export function listResults(
  projectId: string,
  runId: string,
  query: { cursor?: string; limit?: number; show?: "all" | "failures" | "errors"; scorer?: string },
  options?: RequestOptions,
): Promise<{ results: EvaluationResult[]; nextCursor: string | null }> {
  return api.get(`${run(projectId, runId)}/results`, { ...options, query });
}

export function cancelRun(projectId: string, runId: string): Promise<EvaluationRun> {
  return api.post<EvaluationRun>(`${run(projectId, runId)}/cancel`);
}

/** Deletes a run with its records and scores (its traces stay). */
export function deleteRun(projectId: string, runId: string): Promise<void> {
  return api.delete(run(projectId, runId));
}

/** Scores what a cancelled run left (409 when there is nothing to resume). */
export function resumeRun(projectId: string, runId: string): Promise<EvaluationRun> {
  return api.post<EvaluationRun>(`${run(projectId, runId)}/resume`);
}

/** The first run is the baseline; each later one is compared with it. */
export function compareRuns(projectId: string, runIds: readonly string[], options?: RequestOptions) {
  // `runs` repeats, so the query string is built here rather than from a flat record.
  const query = new URLSearchParams(runIds.map((id) => ["runs", id]));
  return api.get<Comparison>(`${runs(projectId)}/compare?${query}`, options);
}
