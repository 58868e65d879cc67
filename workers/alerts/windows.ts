import type { scoreRollups } from "../../schema/assessments";

/**
 * What a rule reads for one window: the sums the rollups keep. An absent part is an empty window
 * (no rollup row means nothing happened), never an error.
 */

/**
 * An assessment's score rollup over one window: the columns of `score_rollups` (count with errors,
 * scored with Σ value and Σ value², judged with passes, errors), summed over the window's hours.
 */
export type ScoreSums = Pick<
  typeof scoreRollups.$inferSelect,
  "count" | "scored" | "sum" | "sumSquares" | "judged" | "passes" | "errors"
>;

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

function subtractScores(total: ScoreSums, s: ScoreSums): void {
  total.count -= s.count;
  total.scored -= s.scored;
  total.sum -= s.sum;
  total.sumSquares -= s.sumSquares;
  total.judged -= s.judged;
  total.passes -= s.passes;
  total.errors -= s.errors;
}

function subtractTraces(total: TraceSums, t: TraceSums): void {
  total.traces -= t.traces;
  total.errorTraces -= t.errorTraces;
  total.costUsd -= t.costUsd;
  total.tokens -= t.tokens;
}

/**
 * The same baseline as `trailingBaseline`, kept up to date window by window in constant time,
 * for callers that walk a rule along a series (a backtest of a rule over past rollups, the
 * simulation benchmark): push each window after evaluating it, read `baseline()` before the next.
 * Sums of counts stay exact; sums of fractional scores may drift in the last bits over very long runs.
 */
export class RollingBaseline {
  private readonly queue: PastWindow[] = [];
  private head = 0;
  private readonly scores = { ...EMPTY_SCORES };
  private readonly traces = { ...EMPTY_TRACES };
  private kept = 0;
  private firing = 0;
  private readonly size: number;

  constructor(size: number) {
    this.size = size;
  }

  push(window: PastWindow): void {
    this.queue.push(window);
    if (window.firing) this.firing++;
    else this.add(window.sums);
    while (this.kept > this.size) this.dropOldest();
    // Firing windows older than the oldest kept window are no longer skipped, just out of reach.
    while (this.kept === this.size && this.queue[this.head]?.firing) this.dropOldest();
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  baseline(): Baseline {
    return {
      sums: { scores: { ...this.scores }, traces: { ...this.traces } },
      windows: this.kept,
      skippedFiring: this.firing,
    };
  }

  private add(sums: WindowSums): void {
    if (sums.scores) addScoresInto(this.scores, sums.scores);
    if (sums.traces) addTracesInto(this.traces, sums.traces);
    this.kept++;
  }

  private dropOldest(): void {
    const oldest = this.queue[this.head];
    this.head++;
    if (!oldest) return;
    if (oldest.firing) {
      this.firing--;
      return;
    }
    if (oldest.sums.scores) subtractScores(this.scores, oldest.sums.scores);
    if (oldest.sums.traces) subtractTraces(this.traces, oldest.sums.traces);
    this.kept--;
  }
}
