/** The evaluations API's runs, results and comparisons as the SDK answers them (docs/api-evaluations.md). */

export type EvaluationStatus = "running" | "completed" | "cancelled" | "failed";

/** One scorer's figures over a run: errors are excluded from the values and counted apart. */
export interface ScorerMetrics {
  name: string;
  /** `registered`: scored on the server; `code`: a code scorer whose results evaluate() sent with the rows. */
  source?: "registered" | "code";
  /** Valid values (errors excluded). */
  count: number;
  errors: number;
  /** `pass_fail` when every result passes or fails (its headline is `passRate`), else `numeric` (`mean`). */
  kind: "pass_fail" | "numeric";
  mean: number | null;
  /** 95 % on the mean: Wilson when the values are their own verdict (yes/no), else Student's t; null with too few values. */
  meanInterval: { low: number; high: number } | null;
  /** 95 % Wilson interval on the pass rate. */
  passRateInterval: { low: number; high: number } | null;
  min: number | null;
  max: number | null;
  median: number | null;
  p90: number | null;
  variance: number | null;
  /** For pass/fail scorers (yes/no, booleans). */
  passRate: number | null;
  /** With repeats: the mean of each record's variance. */
  withinRecordVariance: number | null;
}

/** A run: what it scores with, its progress and, computed from its stored scores, its metrics. */
export interface Evaluation {
  id: string;
  name: string;
  status: EvaluationStatus;
  source: "dataset" | "records" | "traces";
  dataset: { id: string; version: number } | null;
  /** The pinned scorer versions. */
  scorers: { scorerId: string; versionId: string; name: string }[];
  /** Code scorers declared at the start: their results come with the rows. */
  codeScorers?: string[];
  params: Record<string, unknown>;
  tags: Record<string, string>;
  repeats: number;
  /** Still taking records (`POST …/rows`). */
  open: boolean;
  rows: number;
  /** Units: rows × (registered scorers × repeats + code scorers). */
  progress: { total: number; done: number; errors: number };
  /** `<scorer>/mean`, `/min`, `/max`, `/median`, `/p90`, `/variance`, `/pass_rate`. */
  metrics: Record<string, number | null>;
  scorerMetrics: ScorerMetrics[];
  judge: { inputTokens: number; outputTokens: number; costUsd: number };
  /** The application's latency per record, in ms. */
  latency: { mean: number | null; p50: number | null; p95: number | null };
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  /** The prompt versions the run's traces used, and in how many traces (only when one run is read). */
  prompts?: { name: string; version: number; traces: number }[];
}

/** One scorer's result on a record, per repeat. */
export interface EvaluationScore {
  scorer: string;
  /** Null for a code scorer's result. */
  scorerVersionId: string | null;
  repeat: number;
  value: unknown;
  passed: boolean | null;
  rationale: string | null;
  error: { code: string; message: string } | null;
  costUsd: number | null;
  /** The stored assessment (the run's, on the record's trace when it has one); null for a traces run's code scorers, run here. */
  assessmentId: string | null;
}

/** A run's record with its outputs and every scorer's results. */
export interface EvaluationRow {
  /** The dataset record id, else `h_` and a hash of the canonical inputs: how comparisons pair rows. */
  rowKey: string;
  position: number;
  recordId: string | null;
  traceId: string | null;
  inputs: unknown;
  outputs: unknown;
  expectations: Record<string, unknown>;
  latencyMs: number | null;
  /** predictFn's error (after its retries), or why the record was not scored. */
  error: string | null;
  scores: EvaluationScore[];
}

/** One metric compared: the candidate's mean minus the baseline's, its interval, test and verdict. */
export interface MetricComparison {
  scorer: string;
  kind: "pass_fail" | "numeric";
  baseline: number | null;
  candidate: number | null;
  difference: number | null;
  /** 95 % paired bootstrap interval of the difference. */
  interval: { low: number; high: number } | null;
  test: "mcnemar" | "wilcoxon";
  pValue: number;
  /** Holm-adjusted across the compared metrics. */
  adjustedPValue: number;
  verdict: "better" | "worse" | "no detectable change";
  /** The verdict in plain words, e.g. "no detectable change (n = 120)". */
  summary?: string;
  n: number;
}

/** A record whose result changed between the baseline and a candidate. */
export interface RecordChange {
  rowKey: string;
  scorer: string;
  change: "regressed" | "fixed" | "delta";
  baseline: number | boolean;
  candidate: number | boolean;
  delta: number;
}

/** One run's outputs for a compared record. */
export interface RunOutput {
  text: string;
  truncated: boolean;
  traceId: string | null;
  error: string | null;
}

/** A changed record's inputs (JSON text, cut) and each run's outputs. */
export interface RecordOutputs {
  rowKey: string;
  inputs: string;
  baseline: RunOutput | null;
  candidate: RunOutput | null;
}

export interface Comparison {
  baseline: string;
  comparisons: {
    candidate: string;
    /** Records both runs scored. */
    pairs: number;
    metrics: MetricComparison[];
    /** How the family-wise error rate was controlled, e.g. "Holm over 2 metrics at α = 0.05". */
    familywise: string;
    /** The changed records, regressions first. */
    records: RecordChange[];
    /** Changed records in all (`records` may hold only the first of them). */
    recordsTotal?: number;
    /** Both runs' outputs (as text, cut to 8,000 characters) for the first 100 changed records. */
    outputs?: RecordOutputs[];
  }[];
}

// ---------------------------------------------------------------------------------------------
// evaluate()

/** A record to evaluate: the inputs predictFn is called with, and what scorers compare with. */
export interface EvalRecord {
  inputs: Record<string, unknown>;
  expectations?: Record<string, unknown>;
  /** Recorded outputs, scored as they are when there is no predictFn. */
  outputs?: unknown;
  /**
   * Your stable id for the record (at most 64 characters): runs pair their rows by it in
   * comparisons. Default: a hash of the inputs (so changing the inputs makes another record).
   */
  recordId?: string;
}

/**
 * What evaluate() runs over: a dataset (name or id, at a version), records, or the project's
 * traces matching a trace-list filter (their recorded outputs scored; newest first, up to `limit`,
 * default 1,000, at most 10,000).
 */
export type EvalData =
  | string
  | { dataset: string; version?: number }
  | { traces: { filter: Record<string, unknown>; limit?: number } }
  | EvalRecord[];

/**
 * A scorer of a run: a registered scorer by name, `{ scorerId }` (its latest version) or
 * `{ versionId }`, a Scorer as createScorer()/getScorer() answer it — all scored on the server —
 * or a local code scorer made by `scorer(name, fn)`, run in this process.
 */
export type EvalScorer =
  | string
  | { scorerId: string }
  | { versionId: string }
  | { id: string; name: string; latest: { id: string } }
  | { name: string; run: (...args: never[]) => unknown; logTo: (...args: never[]) => unknown };

export interface EvaluateProgress {
  /** `predicting` while predictFn runs and rows are sent, `scoring` while the server scores, then `done`. */
  stage: "predicting" | "scoring" | "done";
  runId: string;
  /** The run's page in the dashboard, where it can be watched live. */
  url: string;
  /** Records in the data. */
  records: number;
  /** Records predicted (or failed) so far. */
  predicted: number;
  /** Records whose predictFn failed after its retries. */
  failed: number;
  /** The server's scoring units (rows × scorers × repeats). */
  scoring: { total: number; done: number; errors: number };
}

export interface EvaluateOptions {
  data: EvalData;
  /**
   * Your application: called with each record's inputs, in this process, inside a new trace
   * (attributes `sightline.run_id`, `sightline.record_id`). What it returns (or resolves to) is
   * the record's outputs. Without it, the records' recorded outputs are scored.
   */
  predictFn?: (inputs: Record<string, unknown>) => unknown;
  scorers: EvalScorer[];
  /** Default "Run <date time>". */
  name?: string;
  /** Model, prompt version, app version, … kept with the run. */
  params?: Record<string, unknown>;
  tags?: Record<string, string>;
  /** predictFn calls at once. Default 8. */
  concurrency?: number;
  /** 1–10, default 1: each record is scored by every server scorer this many times. */
  repeats?: number;
  /** predictFn retries after a failure (TypeErrors, which are bugs, are not retried). Default 3. */
  retries?: number;
  /** The first retry's delay, doubling after each one (at most 30 s). Default 1,000 ms. */
  retryDelayMs?: number;
  /** How often the run's progress is read while it is scored. Default 1,000 ms. */
  pollIntervalMs?: number;
  onProgress?: (progress: EvaluateProgress) => void;
  /** Aborting stops predicting, cancels the run on the server, and rejects with kind `aborted`. */
  signal?: AbortSignal;
}

export interface EvaluateResult {
  runId: string;
  /** The run's page in the dashboard. */
  url: string;
  /** The run as it finished (`status` completed, or cancelled / failed if someone else stopped it). */
  run: Evaluation;
  /**
   * The run's metrics from the server, code scorers' included, `<scorer>/<aggregation>` (over
   * traces, code scorers run here after the server's scoring and their metrics are computed here).
   */
  metrics: Record<string, number | null>;
  scorerMetrics: ScorerMetrics[];
  /** Every record with its outputs and scores; code scorers' results have `scorerVersionId` null. */
  rows: EvaluationRow[];
}

/**
 * What an eval config module for `sightline eval CONFIG` exports (by name, or as its default
 * export): evaluate()'s options and the gates, e.g. `["correctness/mean>=0.9"]`.
 */
export type EvalConfig = Pick<
  EvaluateOptions,
  "data" | "predictFn" | "scorers" | "name" | "params" | "tags" | "concurrency" | "repeats"
> & { gates?: string[] };
