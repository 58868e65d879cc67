/**
 * evaluate(): runs an application over a dataset or records and scores it as one evaluation run.
 * The run starts open on the server, so each record's trace carries its id; predictFn runs here
 * (at most `concurrency` at once, each in its own trace, retried with backoff) and each answer
 * goes to the run with its outputs, so server scoring never waits for the trace exporter. Local
 * code scorers run here too, and their results go with each row: the run stores, counts and
 * compares them like its judges'. Then the run is closed, followed until scored, and read back.
 * Without predictFn a dataset's recorded outputs are scored by a dataset run (nothing sent) —
 * unless there are code scorers: then its records are sent with their recorded outputs.
 */
import type { ApiClient } from "./api.ts";
import { invalidInput } from "./api.ts";
import { argumentsOf, shown } from "./assessments.ts";
import { optionalInteger, optionalString } from "./checks.ts";
import type { CodeScoreResult, CodeScorer } from "./code-scorers.ts";
import { SightlineError } from "./errors.ts";
import type { EvalClient } from "./eval-client.ts";
import { listenForCtrlC } from "./eval-ctrl-c.ts";
import { type PlannedData, type PlannedRecord, planData, planScorers } from "./eval-data.ts";
import { codeScorerMetrics, metricsOf } from "./eval-metrics.ts";
import { asScore, type PredictPlan, predict, scoreLocally } from "./eval-predict.ts";
import { RowSender } from "./eval-sender.ts";
import type {
  EvaluateOptions,
  EvaluateProgress,
  EvaluateResult,
  Evaluation,
  EvaluationRow,
  EvaluationScore,
  ScorerMetrics,
} from "./evaluation-types.ts";
import {
  allEvaluationResults,
  cancelEvaluation,
  getEvaluation,
  type RowInput,
  runUrl,
  startEvaluation,
} from "./evaluations.ts";

const call = "evaluate()";

/** A traces run's code scorers' results, run here after the server's scoring: per record and per scorer. */
class LocalScores {
  readonly byRow = new Map<string, EvaluationScore[]>();
  readonly byScorer = new Map<string, CodeScoreResult[]>();
  add(rowKey: string, results: CodeScoreResult[], scores: EvaluationScore[]): void {
    this.byRow.set(rowKey, scores);
    for (const r of results) this.byScorer.set(r.name, [...(this.byScorer.get(r.name) ?? []), r]);
  }
}

function checkOptions(options: EvaluateOptions) {
  const { predictFn, name, params, tags, concurrency, repeats, retries, retryDelayMs, pollIntervalMs } =
    argumentsOf(call, options);
  if (predictFn !== undefined && typeof predictFn !== "function")
    throw invalidInput(call, `predictFn must be a function, got ${shown(predictFn)}`);
  optionalString(call, "name", name);
  optionalInteger(call, "concurrency", concurrency, 1);
  optionalInteger(call, "repeats", repeats, 1);
  optionalInteger(call, "retries", retries, 0);
  optionalInteger(call, "retryDelayMs", retryDelayMs, 0);
  optionalInteger(call, "pollIntervalMs", pollIntervalMs, 50);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal))
    throw invalidInput(call, `signal must be an AbortSignal, got ${shown(options.signal)}`);
  if (params !== undefined && (typeof params !== "object" || params === null))
    throw invalidInput(call, `params must be an object, got ${shown(params)}`);
  if (tags !== undefined && (typeof tags !== "object" || tags === null))
    throw invalidInput(call, `tags must be an object of strings, got ${shown(tags)}`);
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", stop, { once: true });
  });
}

interface Running {
  api: ApiClient;
  client: EvalClient;
  options: EvaluateOptions;
  data: PlannedData;
  code: CodeScorer[];
  local: LocalScores;
  progress: (stage: EvaluateProgress["stage"], run?: Evaluation) => void;
  counts: { predicted: number; failed: number };
  libraries: { pLimit: typeof import("p-limit").default; pRetry: typeof import("p-retry") };
  /** Set once rows are being sent, so an abort can stop it. */
  sender?: RowSender;
  stopQueue?: () => void;
}

/** Each record predicted (or taken as recorded) and code-scored, its row sent; then the run closed. */
async function runRecords(r: Running, run: Evaluation): Promise<Evaluation> {
  const { api, client, options, data, code, libraries, counts } = r;
  const sender = new RowSender(api, run, libraries.pRetry);
  r.sender = sender;
  const plan: PredictPlan | undefined = options.predictFn && {
    client,
    predictFn: options.predictFn,
    runId: run.id,
    retry: libraries.pRetry,
    retries: options.retries ?? 3,
    retryDelayMs: options.retryDelayMs ?? 1_000,
    signal: options.signal,
  };
  const limit = libraries.pLimit(options.concurrency ?? 8);
  r.stopQueue = () => limit.clearQueue();
  const one = async (record: PlannedRecord) => {
    if (options.signal?.aborted || sender.failure !== undefined) return;
    const base = {
      inputs: record.inputs,
      ...(record.expectations === undefined ? {} : { expectations: record.expectations }),
      ...(record.recordId === undefined ? {} : { recordId: record.recordId }),
    };
    const predicted = plan ? await predict(plan, record) : undefined;
    const outputs = plan ? predicted?.outputs : record.outputs;
    const row: RowInput = { ...base, ...predicted, ...(outputs === undefined ? {} : { outputs }) };
    if (outputs !== undefined && row.error === undefined && code.length > 0)
      row.scores = await scoreLocally(code, record, outputs);
    if (options.signal?.aborted) return;
    sender.add(row);
    counts.predicted++;
    if (row.error !== undefined) counts.failed++;
    r.progress("predicting", run);
  };
  await Promise.all(data.records.map((record) => limit(() => one(record))));
  if (sender.failure !== undefined) throw sender.failure;
  return sender.close();
}

/**
 * A run over traces is scored there; code scorers score its rows here once it is done (the run's
 * rows are the server's to pick). Nothing is logged on those traces: they are production traces,
 * not this run's.
 */
async function scoreRows(r: Running, rows: EvaluationRow[]): Promise<ScorerMetrics[]> {
  if (r.code.length === 0) return [];
  const limit = r.libraries.pLimit(r.options.concurrency ?? 8);
  await Promise.all(
    rows
      .filter((row) => row.error === null && row.outputs !== null)
      .map((row) =>
        limit(async () => {
          const subject = { inputs: row.inputs, outputs: row.outputs, expectations: row.expectations };
          const results = await Promise.all(r.code.map((s) => s.run(subject)));
          r.local.add(
            row.rowKey,
            results,
            results.map((res) => asScore(res, null)),
          );
        }),
      ),
  );
  for (const row of rows) row.scores.push(...(r.local.byRow.get(row.rowKey) ?? []));
  return Promise.all(r.code.map((c) => codeScorerMetrics(c.name, r.local.byScorer.get(c.name) ?? [])));
}

/** Follows the run until it is no longer running (reads retried: they change nothing). */
async function waitFor(r: Running, started: Evaluation): Promise<Evaluation> {
  let run = started;
  while (run.status === "running") {
    await sleep(r.options.pollIntervalMs ?? 1_000, r.options.signal);
    run = await r.libraries.pRetry.default(() => getEvaluation(r.api, run.id), {
      retries: 3,
      minTimeout: 500,
      signal: r.options.signal,
    });
    r.progress("scoring", run);
  }
  return run;
}

/** Stops what runs here and cancels the run; what cannot be cancelled is reported, not thrown. */
async function cancel(r: Running, runId: string): Promise<void> {
  r.stopQueue?.();
  await r.sender?.stop();
  try {
    await cancelEvaluation(r.api, runId);
  } catch (error) {
    if (error instanceof SightlineError) r.client.report(error);
  }
}

/** Rejects when the signal aborts (never otherwise). */
function abortOf(signal: AbortSignal | undefined): Promise<never> {
  const aborted = new Promise<never>((_, reject) => {
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  return aborted;
}

export async function evaluate(
  client: EvalClient,
  api: ApiClient,
  given: EvaluateOptions,
): Promise<EvaluateResult> {
  checkOptions(given);
  const ctrlC = given.signal ? undefined : listenForCtrlC();
  try {
    return await evaluateWith(client, api, { ...given, signal: given.signal ?? ctrlC?.signal });
  } catch (error) {
    // Interrupted: the run is cancelled by now; the process ends as Ctrl-C would have ended it.
    ctrlC?.release();
    ctrlC?.reraise();
    throw error;
  } finally {
    ctrlC?.release();
  }
}

async function evaluateWith(
  client: EvalClient,
  api: ApiClient,
  options: EvaluateOptions,
): Promise<EvaluateResult> {
  const { predictFn, signal } = options;
  const scorers = await planScorers(api, options.scorers);
  // Code scorers go with the rows: a dataset's records are read and sent even without predictFn.
  const data = await planData(api, options.data, predictFn !== undefined || scorers.code.length > 0);
  const [pLimit, pRetry] = await Promise.all([import("p-limit"), import("p-retry")]);
  if (signal?.aborted)
    throw new SightlineError("aborted", "evaluate() was aborted before its run started", {
      cause: signal.reason,
    });
  if (data.kind === "traces" && predictFn !== undefined)
    throw invalidInput(
      call,
      "predictFn cannot run over traces; make a dataset of them (datasets.fromTraces) and evaluate that",
    );
  if (data.kind === "traces" && scorers.server.length === 0)
    throw invalidInput(
      call,
      "a run over traces needs a registered scorer (code scorers run here beside it); or make a dataset of the traces (datasets.fromTraces) and evaluate that",
    );
  // Scored where the data is: a dataset's recorded outputs, or traces, need nothing sent.
  const serverData =
    data.kind === "traces"
      ? { traces: data.traces }
      : data.kind === "dataset" && predictFn === undefined && scorers.code.length === 0
        ? { dataset: { id: data.dataset.id, version: data.version } }
        : undefined;
  let run = await startEvaluation(api, {
    name: options.name,
    data: serverData ?? {
      records: [],
      open: true,
      ...(data.kind === "dataset" ? { dataset: { id: data.dataset.id, version: data.version } } : {}),
    },
    scorers: scorers.server,
    ...(serverData ? {} : { codeScorers: scorers.code.map((c) => c.name) }),
    params: options.params,
    tags: options.tags,
    repeats: options.repeats,
  });
  const url = await runUrl(api, call, run.id);
  const counts = { predicted: 0, failed: 0 };
  const r: Running = {
    api,
    client,
    options,
    data,
    code: scorers.code,
    local: new LocalScores(),
    counts,
    libraries: { pLimit: pLimit.default, pRetry },
    progress: (stage, now = run) => {
      try {
        options.onProgress?.({
          stage,
          runId: now.id,
          url,
          records: serverData ? now.rows : data.records.length,
          predicted: serverData ? now.rows : counts.predicted,
          failed: counts.failed,
          scoring: now.progress,
        });
      } catch {
        // A failing progress callback must not stop the run.
      }
    },
  };
  // A traces run does not know its code scorers (the server refuses a clash for the others).
  const clash = serverData && scorers.code.find((c) => run.scorers.some((s) => s.name === c.name));
  try {
    if (clash)
      throw invalidInput(
        call,
        `the code scorer "${clash.name}" has the name of a registered scorer of the run`,
      );
    const body = async () => {
      if (!serverData) run = await runRecords(r, run);
      return waitFor(r, run);
    };
    // On an abort the work still going here stops at its next check; its failure then is moot.
    const work = body();
    work.catch(() => undefined);
    run = await Promise.race([work, abortOf(signal)]);
  } catch (error) {
    await cancel(r, run.id);
    if (!signal?.aborted) throw error;
    throw new SightlineError("aborted", `evaluate() was aborted: run ${run.id} was cancelled`, {
      cause: signal.reason,
    });
  }
  const rows = await allEvaluationResults(api, run.id);
  // Only a traces run leaves code scorers to run here; the others' results are the run's.
  const local = serverData ? await scoreRows(r, rows) : [];
  const scorerMetrics = [...run.scorerMetrics, ...local];
  r.progress("done", run);
  await client.flush();
  return {
    runId: run.id,
    url,
    run,
    metrics: { ...run.metrics, ...metricsOf(local) },
    scorerMetrics,
    rows,
  };
}
