/**
 * The evaluation run behind one describeEval() block. It starts with the first case that runs
 * (so a filtered-out block costs nothing): scorers and cases are checked as evaluate() checks
 * them, an open run is started, and the cache opened. Each case is then predicted (or read from
 * the cache), code-scored here, its row sent to the run with those results as it comes, and
 * its scores (the code scorers' too, as the run stored them) read back by one poller shared by the block's waiting cases. The block's end closes the run.
 */
import { relative } from "node:path";
import type { ApiClient } from "../api.ts";
import type { SightlineClient } from "../client.ts";
import type { CodeScorer } from "../code-scorers.ts";
import { getClient } from "../default-client.ts";
import { type PlannedRecord, planData, planScorers } from "../eval-data.ts";
import { predict, scoreLocally } from "../eval-predict.ts";
import { RowSender } from "../eval-sender.ts";
import type {
  EvalRecord,
  EvalScorer,
  Evaluation,
  EvaluationRow,
  EvaluationScore,
} from "../evaluation-types.ts";
import { allEvaluationResults, type RowInput, runUrl, startEvaluation } from "../evaluations.ts";
import { PredictCache } from "./cache.ts";

type PRetry = typeof import("p-retry");

export const call = "describeEval()";

/** A row waits this long for others to go in the same request (cases end close together). */
const FLUSH_MS = 50;

export interface SuiteRunOptions {
  /** Default: init()'s, as it is when the first case runs (so init() may come in a setup file or beforeAll). */
  client: SightlineClient | undefined;
  /** The run's name. */
  name: string;
  /** The describe block's name: with its file, whose cache entries are whose. */
  suite: string;
  cases: EvalRecord[];
  predictFn: (inputs: Record<string, unknown>) => unknown;
  scorers: EvalScorer[];
  params?: Record<string, unknown>;
  tags?: Record<string, string>;
  retries: number;
  retryDelayMs: number;
  pollIntervalMs: number;
  cache: { path: string; version: string | null } | false;
}

/** What a case leaves: its outputs (or predictFn's error) and every scorer's results on it. */
export interface CaseResult {
  outputs: unknown;
  error: string | undefined;
  scores: EvaluationScore[];
}

interface Started {
  client: SightlineClient;
  api: ApiClient;
  run: Evaluation;
  records: PlannedRecord[];
  code: CodeScorer[];
  sender: RowSender;
  retry: PRetry;
  cache: PredictCache | undefined;
}

interface Waiter {
  resolve: (row: EvaluationRow) => void;
  reject: (error: unknown) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SuiteRun {
  readonly #options: SuiteRunOptions;
  #started: Promise<Started> | undefined;
  readonly #waiting = new Map<string, Waiter>();
  #polling = false;
  #closed = false;
  /** Cases that reached predictFn or the cache: when all did, the cache drops the block's unused entries. */
  #reached = 0;

  constructor(options: SuiteRunOptions) {
    this.#options = options;
  }

  /** Starts the run once; `file` is the test file, which names the block's cache entries with it. */
  #start(file: string): Promise<Started> {
    this.#started ??= this.#open(file);
    return this.#started;
  }

  async #open(file: string): Promise<Started> {
    const o = this.#options;
    const client = o.client ?? getClient();
    const api = client.evaluations.apiFor(call);
    const [scorers, data, retry] = await Promise.all([
      planScorers(api, o.scorers),
      planData(api, o.cases, true),
      import("p-retry"),
    ]);
    const suite = `${relative(process.cwd(), file).split("\\").join("/")} > ${o.suite}`;
    const cache = o.cache ? await PredictCache.open(o.cache.path, suite, o.cache.version) : undefined;
    const run = await startEvaluation(api, {
      name: o.name,
      data: { records: [], open: true },
      scorers: scorers.server,
      codeScorers: scorers.code.map((c) => c.name),
      params: o.params,
      tags: o.tags,
    });
    const sender = new RowSender(api, run, retry, FLUSH_MS);
    return { client, api, run, records: data.records, code: scorers.code, sender, retry, cache };
  }

  /** Runs case `index`: predicted or read from the cache, sent, scored here and on the server. */
  async runCase(index: number, file: string, signal: AbortSignal): Promise<CaseResult> {
    const s = await this.#start(file);
    const record = s.records[index];
    if (!record) throw new Error(`${call}: no case ${index}`);
    this.#reached++;
    const key = s.cache && (await s.cache.keyOf(record.inputs));
    const hit = key === undefined ? undefined : s.cache?.get(key);
    const predicted = hit
      ? undefined
      : await predict(
          {
            client: s.client,
            predictFn: this.#options.predictFn,
            runId: s.run.id,
            retry: s.retry,
            retries: this.#options.retries,
            retryDelayMs: this.#options.retryDelayMs,
            signal,
          },
          record,
        );
    const outputs = hit ? hit.outputs : predicted?.outputs;
    if (key !== undefined && predicted?.outputs !== undefined) s.cache?.set(key, predicted.outputs);
    const row: RowInput = {
      inputs: record.inputs,
      ...(record.expectations === undefined ? {} : { expectations: record.expectations }),
      ...(record.recordId === undefined ? {} : { recordId: record.recordId }),
      ...predicted,
      ...(outputs === undefined ? {} : { outputs }),
    };
    // A case that timed out may answer after the block ended: its run takes no more rows.
    // The code scorers' results go with the row: the run stores, counts and compares them.
    if (outputs !== undefined && row.error === undefined && s.code.length > 0)
      row.scores = await scoreLocally(s.code, record, outputs);
    if (signal.aborted || this.#closed) throw signal.reason ?? new Error(`${call}: the block has ended`);
    s.sender.add(row);
    const result = { outputs, error: row.error };
    if (row.error !== undefined) return { ...result, scores: [] };
    const scored = await this.#scored(s, record.rowKey, signal);
    return { ...result, scores: scored.scores };
  }

  /** Resolves when the server has scored the row with every scorer of the run. */
  #scored(s: Started, rowKey: string, signal: AbortSignal): Promise<EvaluationRow> {
    const scored = new Promise<EvaluationRow>((resolve, reject) => {
      this.#waiting.set(rowKey, { resolve, reject });
      signal.addEventListener(
        "abort",
        () => {
          this.#waiting.delete(rowKey);
          reject(signal.reason);
        },
        { once: true },
      );
    });
    if (!this.#polling) void this.#poll(s);
    return scored;
  }

  /** Reads the run's results while cases wait, handing each its row once it is fully scored. */
  async #poll(s: Started): Promise<void> {
    this.#polling = true;
    const units = s.run.scorers.length * s.run.repeats + s.code.length;
    try {
      while (this.#waiting.size > 0) {
        await sleep(this.#options.pollIntervalMs);
        if (s.sender.failure !== undefined) throw s.sender.failure;
        const rows = await s.retry.default(() => allEvaluationResults(s.api, s.run.id), {
          retries: 3,
          minTimeout: 500,
        });
        for (const row of rows) {
          const waiter = this.#waiting.get(row.rowKey);
          if (waiter && row.scores.length >= units) {
            this.#waiting.delete(row.rowKey);
            waiter.resolve(row);
          }
        }
      }
    } catch (error) {
      for (const waiter of this.#waiting.values()) waiter.reject(error);
      this.#waiting.clear();
    } finally {
      this.#polling = false;
    }
  }

  /**
   * Closes the run (its last rows sent with `last: true`), saves the cache, flushes the traces;
   * resolves to the run's page, or undefined when no case ran (or the run could not start: each
   * case has failed with why).
   */
  async close(): Promise<string | undefined> {
    this.#closed = true;
    const s = await this.#started?.catch(() => undefined);
    if (!s) return undefined;
    await s.sender.close();
    await s.cache?.save({ prune: this.#reached === s.records.length });
    await s.client.flush();
    return runUrl(s.api, call, s.run.id);
  }
}
