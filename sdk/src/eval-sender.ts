/**
 * Sends evaluate()'s rows to its open run as the application answers: a request when 100 rows
 * wait or a second after the first of them (the API takes ≤ 1,000), one request at a time so the
 * server's positions follow the order sent, and `last: true` on the final one to close the run.
 * Each request is numbered (`seq` 1, 2, …): one with no answer, a 429 or a 5xx is sent again
 * with backoff under the same number, and the server answers a batch it already took without
 * storing it twice (rows and their code-scorer results alike).
 */
import type { ApiClient } from "./api.ts";
import { SightlineError } from "./errors.ts";
import type { Evaluation } from "./evaluation-types.ts";
import { addEvaluationRows, ROWS_PER_REQUEST, type RowInput } from "./evaluations.ts";

type PRetry = typeof import("p-retry");

/** Rows waiting that make a request at once (≤ ROWS_PER_REQUEST, so one request always holds them). */
const FLUSH_ROWS = Math.min(100, ROWS_PER_REQUEST);
const FLUSH_MS = 1_000;
const SEND_RETRIES = 4;

const retriable = (error: unknown) =>
  error instanceof SightlineError &&
  (error.kind === "request_failed" ||
    (error.kind === "api_error" && (error.status === 429 || (error.status ?? 0) >= 500)));

export class RowSender {
  readonly #api: ApiClient;
  readonly #runId: string;
  readonly #retry: PRetry;
  #pending: RowInput[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #chain: Promise<void> = Promise.resolve();
  #failure: unknown;
  /** Rows the run holds, as its last answer said. */
  #rows: number;
  /** The last batch number sent. */
  #seq = 0;
  #run: Evaluation;

  readonly #flushMs: number;

  /** `flushMs`: how long a row may wait for others to go with it. */
  constructor(api: ApiClient, run: Evaluation, retry: PRetry, flushMs = FLUSH_MS) {
    this.#api = api;
    this.#flushMs = flushMs;
    this.#runId = run.id;
    this.#retry = retry;
    this.#rows = run.rows;
    this.#run = run;
  }

  /** Why sending failed, once it has: later rows are not sent. */
  get failure(): unknown {
    return this.#failure;
  }

  /** Rows the server has taken so far. */
  get sent(): number {
    return this.#rows;
  }

  add(row: RowInput): void {
    this.#pending.push(row);
    if (this.#pending.length >= FLUSH_ROWS) this.#flush(false);
    else this.#timer ??= setTimeout(() => this.#flush(false), this.#flushMs);
  }

  /** Sends what is left with `last: true` (closing the run) and resolves to the run's state then. */
  async close(): Promise<Evaluation> {
    this.#flush(true);
    await this.#chain;
    if (this.#failure !== undefined) throw this.#failure;
    return this.#run;
  }

  /** Stops sending (an abort): rows waiting are dropped, a request on its way is awaited. */
  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = [];
    this.#failure ??= new SightlineError("aborted", "evaluate() was aborted: no more rows are sent");
    await this.#chain;
  }

  #flush(last: boolean): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const rows = this.#pending.splice(0);
    if (rows.length === 0 && !last) return;
    this.#chain = this.#chain
      .then(async () => {
        if (this.#failure === undefined) await this.#send(rows, last);
      })
      .catch((error: unknown) => {
        this.#failure ??= error;
      });
  }

  async #send(records: RowInput[], last: boolean): Promise<void> {
    const seq = ++this.#seq;
    const run = await this.#retry.default(
      async () => {
        try {
          return await addEvaluationRows(this.#api, { runId: this.#runId, records, last, seq });
        } catch (error) {
          throw retriable(error) ? error : new this.#retry.AbortError(error as Error);
        }
      },
      { retries: SEND_RETRIES, minTimeout: 500, factor: 2 },
    );
    this.#rows = run.rows;
    this.#run = run;
  }
}
