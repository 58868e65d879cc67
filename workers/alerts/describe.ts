import type { DropNumbers, EvaluationNumbers, ThresholdNumbers } from "./conditions";

/**
 * A window's numbers as one sentence, for a notification or the alert's page: what was measured,
 * over how many samples, against what, and the verdict's reason, in that order.
 */

/** How each metric is named to a person. */
export const LABELS: Record<EvaluationNumbers["metric"], string> = {
  pass_rate: "pass rate",
  mean_score: "mean score",
  error_rate: "error rate",
  latency_p95: "latency p95 (ms)",
  cost: "cost (USD)",
  tokens: "tokens",
  trace_volume: "trace volume",
};

// Four significant digits, thousands grouped: 0.8049, 33,600.
const fmt = (v: number | null) =>
  v === null ? "n/a" : Number(v.toPrecision(4)).toLocaleString("en", { maximumFractionDigits: 12 });
const fmtP = (p: number) => (p < 1e-4 ? p.toExponential(1) : fmt(p));

function thresholdReason(numbers: ThresholdNumbers & { verdict: EvaluationNumbers["verdict"] }): string {
  const interval = numbers.interval
    ? ` (95 % ${numbers.method === "wilson-95" ? "Wilson" : "t"} interval ${fmt(numbers.interval.low)}–${fmt(numbers.interval.high)})`
    : "";
  const measured = `${LABELS[numbers.metric]} ${fmt(numbers.statistic)} over n = ${fmt(numbers.n)}${interval}`;
  if (numbers.verdict === "insufficient") {
    return `${measured}: fewer than ${numbers.minSamples} samples, not judged`;
  }
  const what = !numbers.interval
    ? "the value"
    : numbers.direction === "below"
      ? "the interval's upper bound"
      : "the interval's lower bound";
  const not = numbers.verdict === "holds" ? "" : "not ";
  return `${measured}; ${what} ${fmt(numbers.compared)} is ${not}${numbers.direction} the threshold ${fmt(numbers.threshold)}`;
}

function dropReason(numbers: DropNumbers): string {
  const { baseline, effect, test } = numbers;
  const skipped = baseline.skippedFiringWindows
    ? `, ${baseline.skippedFiringWindows} firing windows left out`
    : "";
  const change =
    effect === null
      ? "no change measurable"
      : effect >= 0
        ? `worse by ${fmt(effect)}`
        : `better by ${fmt(-effect)}`;
  const tested = test
    ? `${test.test} = ${fmt(test.statistic)}${test.df === null ? "" : ` (df ${fmt(test.df)})`}, one-sided p = ${fmtP(test.pValue)} (alpha ${numbers.alpha})`
    : `not tested: fewer than ${numbers.minSamples} samples on a side`;
  return `${LABELS[numbers.metric]} ${fmt(numbers.statistic)} over n = ${fmt(numbers.n)} against a baseline of ${fmt(baseline.statistic)} over n = ${fmt(baseline.n)} (${baseline.windows} windows${skipped}): ${change} (alert from ${fmt(numbers.minEffect)}); ${tested}`;
}

export function describeNumbers(numbers: EvaluationNumbers): string {
  const reason = numbers.kind === "threshold" ? thresholdReason(numbers) : dropReason(numbers);
  const { windows, of, needed } = numbers.holding;
  return `${reason}; the condition held in ${windows} of the last ${of} windows (${needed} needed).`;
}
