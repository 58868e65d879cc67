import { dropCondition, type EvaluationNumbers, thresholdCondition } from "./conditions";
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
    numbers: { ...numbers, verdict, holding: step.holding },
    memory: step.memory,
  };
}

export type { DropNumbers, EvaluationNumbers, ThresholdNumbers } from "./conditions";
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
export { describeNumbers } from "./describe";
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
