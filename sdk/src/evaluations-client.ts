import type { ApiClient } from "./api.ts";
import type { Comparison, Evaluation, EvaluationRow } from "./evaluation-types.ts";
import {
  addEvaluationRows,
  allEvaluationResults,
  cancelEvaluation,
  compareEvaluations,
  deleteEvaluation,
  evaluationResults,
  getEvaluation,
  listEvaluations,
  type RowInput,
  resumeEvaluation,
  type StartEvaluationOptions,
  startEvaluation,
} from "./evaluations.ts";

/**
 * A project's evaluation runs (`client.evaluations`, or the module-level `evaluations` for the
 * client init() made): the API's own verbs, for what evaluate() does not do for you — starting a
 * run over a dataset version's recorded outputs, reading an old run, resuming, comparing.
 * Calls reject with a SightlineError: invalid_input before sending, api_error for the API's
 * answer, request_failed without one.
 */
export class Evaluations {
  readonly #api: (call: string) => ApiClient;

  /** @internal `api` gives the client's API, or throws why there is none. */
  constructor(api: (call: string) => ApiClient) {
    this.#api = api;
  }

  /** @internal */
  apiFor(call: string): ApiClient {
    return this.#api(call);
  }

  /** Starts a run (202): a dataset version's recorded outputs, or records with their outputs. */
  async start(options: StartEvaluationOptions): Promise<Evaluation> {
    return startEvaluation(this.#api("evaluations.start()"), options);
  }

  /** A run's progress and metrics. */
  async get(runId: string): Promise<Evaluation> {
    return getEvaluation(this.#api("evaluations.get()"), runId);
  }

  /** The project's last 100 runs, newest first. */
  async list(): Promise<Evaluation[]> {
    return listEvaluations(this.#api("evaluations.list()"));
  }

  /** Adds up to 1,000 records to an open run; `last: true` closes it. */
  async addRows(options: { runId: string; records: RowInput[]; last?: boolean }): Promise<Evaluation> {
    return addEvaluationRows(this.#api("evaluations.addRows()"), options);
  }

  /** One page of a run's rows with their scores. */
  async results(options: {
    runId: string;
    cursor?: string;
    limit?: number;
  }): Promise<{ results: EvaluationRow[]; nextCursor: string | null }> {
    return evaluationResults(this.#api("evaluations.results()"), options);
  }

  /** Every row of a run, all pages read. */
  async allResults(runId: string): Promise<EvaluationRow[]> {
    return allEvaluationResults(this.#api("evaluations.allResults()"), runId);
  }

  async cancel(runId: string): Promise<Evaluation> {
    return cancelEvaluation(this.#api("evaluations.cancel()"), runId);
  }

  async resume(runId: string): Promise<Evaluation> {
    return resumeEvaluation(this.#api("evaluations.resume()"), runId);
  }

  /** Deletes a run with its records, results and scores; the traces it made stay. */
  async delete(runId: string): Promise<void> {
    return deleteEvaluation(this.#api("evaluations.delete()"), runId);
  }

  /**
   * Compares each later run with the first over the records they share: per metric the paired
   * difference, its interval, a paired test with Holm-adjusted p-values and a verdict; the
   * changed records, regressions first.
   */
  async compare(runIds: string[]): Promise<Comparison> {
    return compareEvaluations(this.#api("evaluations.compare()"), runIds);
  }
}
