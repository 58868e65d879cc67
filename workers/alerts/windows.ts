/**
 * What a rule reads for one window: the sums the rollups keep. An absent part is an empty window
 * (no rollup row means nothing happened), never an error.
 */

/** An assessment's score rollup over one window. */
export type ScoreSums = {
  /** Assessments in the window, errors included. */
  count: number;
  /** Those with a numeric value. */
  scored: number;
  /** Σ value and Σ value² over the scored ones. */
  sum: number;
  sumSquares: number;
  /** Those with a pass/fail verdict, and how many passed. */
  judged: number;
  passes: number;
  /** Those that failed to score (a judge error). */
  errors: number;
};

/** The trace rollup over one window (latency p95 computed by the caller from the histogram). */
export type TraceSums = {
  traces: number;
  errorTraces: number;
  /** null when the window has no traces. */
  latencyP95Ms: number | null;
  costUsd: number;
  tokens: number;
};

export type WindowSums = { scores?: ScoreSums; traces?: TraceSums };

export const EMPTY_SCORES: ScoreSums = {
  count: 0,
  scored: 0,
  sum: 0,
  sumSquares: 0,
  judged: 0,
  passes: 0,
  errors: 0,
};
export const EMPTY_TRACES: TraceSums = {
  traces: 0,
  errorTraces: 0,
  latencyP95Ms: null,
  costUsd: 0,
  tokens: 0,
};

/** Adds a window's score sums into a running total (a baseline is the sum of its windows). */
function addScoresInto(total: ScoreSums, s: ScoreSums): void {
  total.count += s.count;
  total.scored += s.scored;
  total.sum += s.sum;
  total.sumSquares += s.sumSquares;
  total.judged += s.judged;
  total.passes += s.passes;
  total.errors += s.errors;
}

/** Adds a window's trace counts into a running total; p95s cannot be added, so a baseline has none. */
function addTracesInto(total: TraceSums, t: TraceSums): void {
  total.traces += t.traces;
  total.errorTraces += t.errorTraces;
  total.costUsd += t.costUsd;
  total.tokens += t.tokens;
}

/** A past window as the evaluator remembers it: its sums, and whether the rule was firing then. */
export type PastWindow = { sums: WindowSums; firing: boolean };

export type Baseline = { sums: WindowSums; windows: number; skippedFiring: number };

/**
 * The trailing baseline: the most recent `size` windows of `history` (oldest first, ending just
 * before the current window) in which the rule was not firing. Windows of an alert that is
 * still firing are skipped, so a drop that lasts does not become the new normal and resolve
 * itself: it stays firing until the metric recovers, or a person acknowledges or mutes it. The
 * caller passes enough history to cover the firing stretch (the evaluator caps how far back it
 * reads; a baseline with too few samples then leaves the rule as it is).
 */
export function trailingBaseline(history: readonly PastWindow[], size: number): Baseline {
  // Mutable totals: a week of hourly windows is summed for every evaluation.
  const scores = { ...EMPTY_SCORES };
  const traces = { ...EMPTY_TRACES };
  let windows = 0;
  let skippedFiring = 0;
  for (let i = history.length - 1; i >= 0 && windows < size; i--) {
    const past = history[i];
    if (!past) continue;
    if (past.firing) {
      skippedFiring++;
      continue;
    }
    if (past.sums.scores) addScoresInto(scores, past.sums.scores);
    if (past.sums.traces) addTracesInto(traces, past.sums.traces);
    windows++;
  }
  return { sums: { scores, traces }, windows, skippedFiring };
}
