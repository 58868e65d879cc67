import { type DropNumbers, dropCondition, type ThresholdNumbers, thresholdCondition } from "./conditions";
import type { AlertRule } from "./config";
import {
  type AlertState,
  INITIAL_MEMORY,
  type RuleMemory,
  stepState,
  type Transition,
  type Verdict,
} from "./state";
import { type Baseline, type PastWindow, trailingBaseline, type WindowSums } from "./windows";

/**
 * The alert rule engine: given a rule, the current window's rollup sums, the windows before it
 * and what the rule remembered, decides whether the rule fires, stays, or resolves. Pure: no
 * database, no clock; the evaluator (cron) reads the rollups and stores `memory`.
 */

export type EvaluationNumbers = (ThresholdNumbers | DropNumbers) & {
  /** m of n: how many of the last n windows held, against the m needed to fire. */
  holding: { windows: number; of: number; needed: number };
};

export type Evaluation = {
  state: AlertState;
  transition: Transition;
  /** This window's verdict on the rule's condition. */
  verdict: Verdict;
  /** What the verdict rests on; the body of an alert event. */
  numbers: EvaluationNumbers;
  /** Store this and pass it to the next window's evaluation. */
  memory: RuleMemory;
};

export type WindowInput = {
  current: WindowSums;
  /** The windows before the current one, oldest first (a drop rule reads its baseline from them). */
  history?: readonly PastWindow[];
  /** Or the baseline already summed (by SQL, or a `RollingBaseline`); it wins over `history`. */
  baseline?: Baseline;
};

export function evaluateRule(
  rule: AlertRule,
  input: WindowInput,
  memory: RuleMemory = INITIAL_MEMORY,
): Evaluation {
  const { verdict, numbers } =
    rule.kind === "threshold"
      ? thresholdCondition(rule, input.current)
      : dropCondition(
          rule,
          input.current,
          input.baseline ?? trailingBaseline(input.history ?? [], rule.baselineWindows),
        );
  const step = stepState(rule, memory, verdict);
  return {
    state: step.memory.state,
    transition: step.transition,
    verdict,
    numbers: { ...numbers, holding: step.holding },
    memory: step.memory,
  };
}

const LABELS: Record<EvaluationNumbers["metric"], string> = {
  pass_rate: "pass rate",
  mean_score: "mean score",
  error_rate: "error rate",
  latency_p95: "latency p95 (ms)",
  cost: "cost (USD)",
  tokens: "tokens",
  trace_volume: "trace volume",
};

const fmt = (v: number | null) => (v === null ? "n/a" : Number(v.toPrecision(4)).toString());
const fmtP = (p: number) => (p < 1e-4 ? p.toExponential(1) : fmt(p));

/** One sentence for a notification: the figures that made the verdict, n included. */
export function describeNumbers(numbers: EvaluationNumbers): string {
  const label = LABELS[numbers.metric];
  const held = `held in ${numbers.holding.windows} of the last ${numbers.holding.of} windows (${numbers.holding.needed} needed)`;
  if (numbers.kind === "threshold") {
    const side = numbers.direction === "below" ? "<" : ">";
    const interval = numbers.interval
      ? `, 95 % interval ${fmt(numbers.interval.low)}–${fmt(numbers.interval.high)} (${numbers.method === "wilson-95" ? "Wilson" : "t"})`
      : "";
    return `${label} ${fmt(numbers.statistic)} over n = ${numbers.n}${interval}; rule: ${numbers.interval ? "bound" : "value"} ${fmt(numbers.compared)} ${side} ${fmt(numbers.threshold)}, at least ${numbers.minSamples} samples; ${held}.`;
  }
  const test = numbers.test
    ? `${numbers.test.test} = ${fmt(numbers.test.statistic)}${numbers.test.df === null ? "" : ` (df ${fmt(numbers.test.df)})`}, one-sided p = ${fmtP(numbers.test.pValue)} (α ${numbers.alpha})`
    : `not tested (fewer than ${numbers.minSamples} samples on a side)`;
  return `${label} ${fmt(numbers.statistic)} over n = ${numbers.n} against a baseline of ${fmt(numbers.baseline.statistic)} over n = ${numbers.baseline.n} (${numbers.baseline.windows} windows); ${numbers.direction === "below" ? "drop" : "rise"} ${fmt(numbers.effect)} (minimum ${numbers.minEffect}); ${test}; ${held}.`;
}

export type { DropNumbers, ThresholdNumbers } from "./conditions";
// The engine's whole surface, for the evaluator and the API: import from this file only.
export {
  type AlertRule,
  AlertRuleConfig,
  type AlertRuleInput,
  DEFAULTS,
  type DropRule,
  type Metric,
  type ThresholdRule,
} from "./config";
export type { AlertState, Transition, Verdict } from "./state";
export type { TwoSampleTest } from "./statistics";
export {
  type Baseline,
  EMPTY_SCORES,
  EMPTY_TRACES,
  type PastWindow,
  RollingBaseline,
  type ScoreSums,
  type TraceSums,
  trailingBaseline,
  type WindowSums,
} from "./windows";
export { INITIAL_MEMORY, type RuleMemory };
