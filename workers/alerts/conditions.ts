import type { Direction, DropRule, Metric, ThresholdRule } from "./config";
import type { Step, Verdict } from "./state";
import {
  type Interval,
  type TwoSampleTest,
  tIntervalFromSums,
  twoProportionTest,
  welchTest,
  wilsonInterval,
} from "./statistics";
import { type Baseline, EMPTY_SCORES, EMPTY_TRACES, type WindowSums } from "./windows";

/**
 * Each rule kind's condition on one window: the verdict, and the numbers behind it (what an
 * alert event shows, so each names its n and the figures it was compared with).
 */

/** A metric's value in one window, with what it is made of. */
type Observed = {
  /** null when the window has nothing to compute it from. */
  value: number | null;
  n: number;
  /** For shares: successes (passes, or error traces) of n. */
  successes?: number;
  /** For means: Σx and Σx². */
  sum?: number;
  sumSquares?: number;
};

function observe(metric: Metric, sums: WindowSums): Observed {
  const scores = sums.scores ?? EMPTY_SCORES;
  const traces = sums.traces ?? EMPTY_TRACES;
  const share = (successes: number, n: number): Observed => ({
    value: n > 0 ? successes / n : null,
    n,
    successes,
  });
  switch (metric) {
    case "pass_rate":
      return share(scores.passes, scores.judged);
    case "error_rate":
      return share(traces.errorTraces, traces.traces);
    case "mean_score":
      return {
        value: scores.scored > 0 ? scores.sum / scores.scored : null,
        n: scores.scored,
        sum: scores.sum,
        sumSquares: scores.sumSquares,
      };
    case "latency_p95":
      return { value: traces.latencyP95Ms, n: traces.traces };
    case "cost":
      return { value: traces.costUsd, n: traces.traces };
    case "tokens":
      return { value: traces.tokens, n: traces.traces };
    case "trace_volume":
      return { value: traces.traces, n: traces.traces };
  }
}

/**
 * Whether a metric needs a minimum of samples before it is judged: rates, means and a p95 are
 * noise over a handful of traces; a window's cost, tokens and volume are totals, real at any n
 * (no traffic at all is exactly what a volume rule must see).
 */
function samplesNeeded(metric: Metric, minSamples: number): number {
  if (metric === "mean_score") return Math.max(2, minSamples); // a t interval needs a variance
  if (metric === "cost" || metric === "tokens" || metric === "trace_volume") return 0;
  return minSamples;
}

const beyond = (value: number, limit: number, direction: Direction) =>
  direction === "below" ? value < limit : value > limit;

export type ThresholdNumbers = {
  kind: "threshold";
  metric: Metric;
  direction: Direction;
  threshold: number;
  /** The window's point estimate. */
  statistic: number | null;
  n: number;
  minSamples: number;
  /** How the statistic is compared: a 95 % interval's bound, or the value itself. */
  method: "wilson-95" | "t-95" | "value";
  interval: Interval | null;
  /** What was compared with the threshold: the interval's upper end for "below", lower for "above". */
  compared: number | null;
};

export function thresholdCondition(
  rule: ThresholdRule,
  sums: WindowSums,
): { verdict: Verdict; numbers: ThresholdNumbers } {
  const seen = observe(rule.metric, sums);
  const minSamples = samplesNeeded(rule.metric, rule.minSamples);
  const base = {
    kind: "threshold" as const,
    metric: rule.metric,
    direction: rule.direction,
    threshold: rule.threshold,
    statistic: seen.value,
    n: seen.n,
    minSamples,
  };
  let method: ThresholdNumbers["method"] = "value";
  let interval: Interval | null = null;
  if (seen.value !== null && seen.n >= minSamples && seen.n > 0) {
    if (seen.successes !== undefined) {
      method = "wilson-95";
      interval = wilsonInterval(seen.successes, seen.n);
    } else if (seen.sum !== undefined && seen.sumSquares !== undefined) {
      method = "t-95";
      interval = tIntervalFromSums(seen.n, seen.sum, seen.sumSquares);
    }
  }
  const compared = interval === null ? seen.value : rule.direction === "below" ? interval.high : interval.low;
  const numbers: ThresholdNumbers = { ...base, method, interval, compared };
  if (seen.n < minSamples || compared === null || seen.value === null)
    return { verdict: "insufficient", numbers };
  if (beyond(compared, rule.threshold, rule.direction)) return { verdict: "holds", numbers };
  return { verdict: beyond(seen.value, rule.threshold, rule.direction) ? "unclear" : "clear", numbers };
}

export type DropNumbers = {
  kind: "drop";
  metric: DropRule["metric"];
  direction: Direction;
  /** The current window. */
  statistic: number | null;
  n: number;
  baseline: { statistic: number | null; n: number; windows: number; skippedFiringWindows: number };
  /** How much worse the current window is than the baseline (positive = worse), in the metric's units. */
  effect: number | null;
  minEffect: number;
  alpha: number;
  minSamples: number;
  /** null when either side has too few samples to test. */
  test: TwoSampleTest | null;
};

// 0.85 − 0.75 is 0.0999…98 in floating point: an effect that equals minEffect in decimal must count.
const EFFECT_TOLERANCE = 1e-9;

export function dropCondition(
  rule: DropRule,
  current: WindowSums,
  baseline: Baseline,
): { verdict: Verdict; numbers: DropNumbers } {
  const now = observe(rule.metric, current);
  const before = observe(rule.metric, baseline.sums);
  const minSamples = samplesNeeded(rule.metric, rule.minSamples);
  const effect =
    now.value === null || before.value === null
      ? null
      : rule.direction === "below"
        ? before.value - now.value
        : now.value - before.value;
  const enough = now.n >= minSamples && before.n >= minSamples && now.n > 0 && before.n > 0;
  const test = enough ? compare(now, before, rule.direction) : null;
  const numbers: DropNumbers = {
    kind: "drop",
    metric: rule.metric,
    direction: rule.direction,
    statistic: now.value,
    n: now.n,
    baseline: {
      statistic: before.value,
      n: before.n,
      windows: baseline.windows,
      skippedFiringWindows: baseline.skippedFiring,
    },
    effect,
    minEffect: rule.minEffect,
    alpha: rule.alpha,
    minSamples,
    test,
  };
  if (test === null || effect === null) return { verdict: "insufficient", numbers };
  const large = effect >= rule.minEffect - EFFECT_TOLERANCE;
  if (!large) return { verdict: "clear", numbers };
  return { verdict: test.pValue < rule.alpha ? "holds" : "unclear", numbers };
}

function compare(now: Observed, before: Observed, direction: Direction): TwoSampleTest {
  if (now.successes !== undefined && before.successes !== undefined) {
    return twoProportionTest(now.successes, now.n, before.successes, before.n, direction);
  }
  return welchTest(
    { n: now.n, sum: now.sum ?? 0, sumSquares: now.sumSquares ?? 0 },
    { n: before.n, sum: before.sum ?? 0, sumSquares: before.sumSquares ?? 0 },
    direction,
  );
}

/** A window's numbers as an alert event carries them: the condition's figures, its verdict, m of n. */
export type EvaluationNumbers = (ThresholdNumbers | DropNumbers) & {
  verdict: Verdict;
  /** How many of the last n windows held, against the m needed to fire. */
  holding: Step["holding"];
};
