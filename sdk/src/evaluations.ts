/**
 * The evaluations API (docs/api-evaluations.md): start a run over a dataset version or over
 * records sent with their outputs, add records to an open run, read its progress, metrics and
 * per-record results, cancel and resume it, and compare runs. evaluate() is built on these.
 * Like the other API calls nothing here is retried: a batch of rows sent again is stored once
 * only when it is numbered (`seq`), which evaluate()'s row sender does.
 */
import { type ApiClient, invalidInput } from "./api.ts";
import { argumentsOf, shown, unexpected } from "./assessments.ts";
import { idOf, isObject, optionalInteger, optionalString } from "./checks.ts";
import { expectAnswer, query } from "./datasets.ts";
import type { Comparison, Evaluation, EvaluationRow } from "./evaluation-types.ts";

/** One record as a run takes it: the application's outputs, or its error (then not scored). */
export interface RowInput {
  inputs: Record<string, unknown>;
  /** Omitted: the row is an error ("no recorded outputs") and is not scored. */
  outputs?: unknown;
  expectations?: Record<string, unknown>;
  /** The dataset record it came from (or your own stable id): rows pair across runs by it. */
  recordId?: string;
  /** The trace predictFn made for it. */
  traceId?: string;
  latencyMs?: number;
  /** predictFn failed: the row is kept with this error and not scored. */
  error?: string;
  /** A scored record's code-scorer results: one per code scorer the run declared. */
  scores?: CodeScoreInput[];
}

/** A code scorer's result as a run takes it: a value (with its rationale), or an error. */
export interface CodeScoreInput {
  name: string;
  value?: boolean | number | string | null;
  rationale?: string | null;
  error?: { code: string; message: string } | null;
}

/** A registered scorer: its latest version (pinned at the start), or a version. */
export type RunScorerRef = { scorerId: string } | { versionId: string };

export interface StartEvaluationOptions {
  /** Default "Run <date time>". */
  name?: string;
  /** A dataset version's recorded outputs, or records (≤ 1,000 here; `open: true` takes more by addRows). */
  data:
    | { dataset: { id: string; version?: number } }
    | { traces: { filter: Record<string, unknown>; limit?: number } }
    | {
        records: RowInput[];
        open?: boolean;
        /** The dataset version the records come from: the run counts as that dataset's. */
        dataset?: { id: string; version?: number };
      };
  /** 0–20 registered scorers, distinct names (at least one scorer, registered or code, in all). */
  scorers: RunScorerRef[];
  /** Names of code scorers whose results come with the records (records runs only). */
  codeScorers?: string[];
  params?: Record<string, unknown>;
  tags?: Record<string, string>;
  /** 1–10, default 1: each row is scored by every scorer this many times. */
  repeats?: number;
}

/** Rows per request, as the API takes them. */
export const ROWS_PER_REQUEST = 1_000;

const RESULTS_PAGE = 200;

export const runPath = (runId: string) => `/evaluations/${encodeURIComponent(runId)}`;

/** A run's page in the dashboard. */
export async function runUrl(api: ApiClient, call: string, runId: string): Promise<string> {
  const projectId = await api.projectId(call);
  return `${api.baseUrl}/p/${encodeURIComponent(projectId)}/evaluations/${encodeURIComponent(runId)}`;
}
const runIdOf = (call: string, runId: unknown) => idOf(call, "runId", runId);

export const isEvaluation = (v: unknown): v is Evaluation =>
  isObject(v) &&
  typeof v.id === "string" &&
  typeof v.status === "string" &&
  isObject(v.progress) &&
  isObject(v.metrics) &&
  Array.isArray(v.scorerMetrics);

const isRow = (v: unknown): v is EvaluationRow =>
  isObject(v) && typeof v.rowKey === "string" && Array.isArray(v.scores);

function checkRows(call: string, field: string, records: unknown): void {
  if (!Array.isArray(records) || records.length > ROWS_PER_REQUEST)
    throw invalidInput(
      call,
      `${field} must be a list of at most ${ROWS_PER_REQUEST} records, got ${shown(records)}`,
    );
  for (const [i, r] of records.entries())
    if (!isObject(r) || !isObject(r.inputs))
      throw invalidInput(call, `${field}.${i} must be { inputs: {…}, outputs?, … }, got ${shown(r)}`);
}

function checkScorerRefs(call: string, scorers: unknown): void {
  const ok =
    Array.isArray(scorers) &&
    scorers.length <= 20 &&
    scorers.every(
      (s) =>
        isObject(s) &&
        Object.keys(s).length === 1 &&
        (typeof s.scorerId === "string" || typeof s.versionId === "string"),
    );
  if (!ok)
    throw invalidInput(
      call,
      `scorers must be 0 to 20 of { scorerId } or { versionId }, got ${shown(scorers)}`,
    );
}

export async function startEvaluation(api: ApiClient, options: StartEvaluationOptions): Promise<Evaluation> {
  const call = "evaluations.start()";
  const { name, data, scorers, codeScorers, params, tags, repeats } = argumentsOf(call, options);
  optionalString(call, "name", name);
  optionalInteger(call, "repeats", repeats, 1);
  checkScorerRefs(call, scorers);
  // Plain-JS callers may pass anything: the shape is checked, not trusted.
  const given: unknown = data;
  if (isObject(given) && "records" in given) checkRows(call, "data.records", given.records);
  else if (!(isObject(given) && (isObject(given.dataset) || isObject(given.traces))))
    throw invalidInput(
      call,
      `data must be { dataset: { id, version? } }, { traces: { filter, limit? } } or { records, open? }, got ${shown(data)}`,
    );
  if (
    codeScorers !== undefined &&
    !(Array.isArray(codeScorers) && codeScorers.every((n) => typeof n === "string"))
  )
    throw invalidInput(call, `codeScorers must be a list of names, got ${shown(codeScorers)}`);
  const body = { name, data, scorers, codeScorers, params, tags, repeats };
  return expectAnswer(api, call, isEvaluation, "POST", "/evaluations", body);
}

export async function getEvaluation(api: ApiClient, runId: string): Promise<Evaluation> {
  const call = "evaluations.get()";
  return expectAnswer(api, call, isEvaluation, "GET", runPath(runIdOf(call, runId)));
}

/** The project's last 100 runs, newest first. */
export async function listEvaluations(api: ApiClient): Promise<Evaluation[]> {
  const call = "evaluations.list()";
  const answer = (await api.inProject(call, "GET", "/evaluations")) as { runs?: unknown } | null;
  if (!Array.isArray(answer?.runs) || !answer.runs.every(isEvaluation)) throw unexpected(call, answer);
  return answer.runs;
}

/**
 * Adds up to 1,000 records to an open run; `last: true` closes it. 409 CONFLICT when it is closed.
 * `seq` numbers the batch (1, 2, …): the same batch sent again is answered and stored once.
 */
export async function addEvaluationRows(
  api: ApiClient,
  options: { runId: string; records: RowInput[]; last?: boolean; seq?: number },
): Promise<Evaluation> {
  const call = "evaluations.addRows()";
  const { runId, records, last, seq } = argumentsOf(call, options);
  const path = `${runPath(runIdOf(call, runId))}/rows`;
  checkRows(call, "records", records);
  optionalInteger(call, "seq", seq, 1);
  return expectAnswer(api, call, isEvaluation, "POST", path, { records, last: last === true, seq });
}

/** One page of a run's rows in order, each with every scorer's results. */
export async function evaluationResults(
  api: ApiClient,
  options: { runId: string; cursor?: string; limit?: number },
): Promise<{ results: EvaluationRow[]; nextCursor: string | null }> {
  const call = "evaluations.results()";
  const { runId, cursor, limit } = argumentsOf(call, options);
  const path = `${runPath(runIdOf(call, runId))}/results`;
  optionalString(call, "cursor", cursor);
  optionalInteger(call, "limit", limit, 1);
  const answer = (await api.inProject(call, "GET", `${path}${query({ cursor, limit })}`)) as {
    results?: unknown;
    nextCursor?: unknown;
  } | null;
  if (!Array.isArray(answer?.results) || !answer.results.every(isRow)) throw unexpected(call, answer);
  return {
    results: answer.results,
    nextCursor: typeof answer.nextCursor === "string" ? answer.nextCursor : null,
  };
}

/** Every row of a run, through the cursor. */
export async function allEvaluationResults(api: ApiClient, runId: string): Promise<EvaluationRow[]> {
  const rows: EvaluationRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await evaluationResults(api, { runId, cursor, limit: RESULTS_PAGE });
    rows.push(...page.results);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return rows;
}

/** Cancels a running run: units not yet scored are skipped, scores kept. */
export async function cancelEvaluation(api: ApiClient, runId: string): Promise<Evaluation> {
  const call = "evaluations.cancel()";
  return expectAnswer(api, call, isEvaluation, "POST", `${runPath(runIdOf(call, runId))}/cancel`);
}

/** Deletes a run with its records, results and scores (its traces stay). 404 when it is not there. */
export async function deleteEvaluation(api: ApiClient, runId: string): Promise<void> {
  const call = "evaluations.delete()";
  await api.inProject(call, "DELETE", runPath(runIdOf(call, runId)));
}

/** Resumes a cancelled run: what is left is scored. 409 CONFLICT unless it is cancelled. */
export async function resumeEvaluation(api: ApiClient, runId: string): Promise<Evaluation> {
  const call = "evaluations.resume()";
  return expectAnswer(api, call, isEvaluation, "POST", `${runPath(runIdOf(call, runId))}/resume`);
}

/** Compares each later run with the first (2–5 runs) over the records they share. */
export async function compareEvaluations(api: ApiClient, runIds: string[]): Promise<Comparison> {
  const call = "evaluations.compare()";
  if (!Array.isArray(runIds) || runIds.length < 2 || runIds.length > 5)
    throw invalidInput(call, `needs 2 to 5 run ids, the baseline first, got ${shown(runIds)}`);
  for (const id of runIds) runIdOf(call, id);
  const isComparison = (v: unknown): v is Comparison =>
    isObject(v) && typeof v.baseline === "string" && Array.isArray(v.comparisons);
  return expectAnswer(api, call, isComparison, "GET", `/evaluations/compare${query({ runs: runIds })}`);
}
