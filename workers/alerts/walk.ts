import type { AlertRule } from "./config";
import { type Evaluation, evaluateRule } from "./rules";
import { INITIAL_MEMORY, type RuleMemory } from "./state";
import { type PastWindow, RollingBaseline, type WindowSums } from "./windows";

/** How many windows before the first one evaluated a walk reads, for a drop rule's baseline. */
export function historyWindows(rule: AlertRule): number {
  // Twice the baseline: windows of an alert still firing are skipped, so reach further back.
  return rule.kind === "drop" ? rule.baselineWindows * 2 : 0;
}

export type WalkedWindow = { start: number; end: number; evaluation: Evaluation };

/**
 * Runs a rule along consecutive windows [from, to) (aligned to its window length), from `memory`:
 * the windows before `from` (read for the baseline) count as firing from `firingSince` on (the
 * open alert's first window), each evaluated window as the engine says. Used by the cron (from
 * the rule's stored memory) and by the rule's chart (a backtest from a fresh memory).
 */
export function walkWindows(
  rule: AlertRule,
  sums: ReadonlyMap<number, WindowSums>,
  range: { from: number; to: number; size: number },
  memory: RuleMemory = INITIAL_MEMORY,
  firingSince: number | null = null,
): WalkedWindow[] {
  const { from, to, size } = range;
  const rolling = rule.kind === "drop" ? new RollingBaseline(rule.baselineWindows) : null;
  if (rolling)
    for (let t = from - historyWindows(rule) * size; t < from; t += size)
      rolling.push({ sums: sums.get(t) ?? {}, firing: firingSince !== null && t >= firingSince });
  const out: WalkedWindow[] = [];
  let state = memory;
  for (let t = from; t < to; t += size) {
    const current = sums.get(t) ?? {};
    const evaluation = evaluateRule(
      rule,
      rolling ? { current, baseline: rolling.baseline() } : { current },
      state,
    );
    state = evaluation.memory;
    const past: PastWindow = { sums: current, firing: evaluation.state === "firing" };
    rolling?.push(past);
    out.push({ start: t, end: t + size, evaluation });
  }
  return out;
}
