/**
 * The alert's life, window by window: ok → firing → resolved → ok. Each window's verdict is one of
 * - "holds": the condition is met with confidence (interval bound beyond the threshold; a drop
 *   both significant and at least the minimum effect);
 * - "unclear": the point estimate is on the bad side, but without that confidence;
 * - "clear": the point estimate is on the good side (within the threshold; a change smaller than
 *   the minimum effect);
 * - "insufficient": too few samples to judge.
 * Firing needs confidence, resolving only the point estimate back on the good side: the gap
 * between the two keeps an alert from flapping while the metric hovers near its limit. The
 * machine is pure: the evaluator stores `RuleMemory` with the rule and hands it back next window.
 */

export type Verdict = "holds" | "unclear" | "clear" | "insufficient";
export type AlertState = "ok" | "firing" | "resolved";
export type Transition = "fired" | "resolved" | null;

export type RuleMemory = {
  state: AlertState;
  /** The verdicts of the last n windows, oldest first. */
  recent: Verdict[];
  /** Judged windows in a row that were clear (thin windows neither add to the run nor break it). */
  clearRun: number;
  /** Windows still to pass after a resolve before the rule may fire again. */
  cooldownLeft: number;
};

export const INITIAL_MEMORY: RuleMemory = { state: "ok", recent: [], clearRun: 0, cooldownLeft: 0 };

export type StateSettings = { m: number; n: number; resolveWindows: number; cooldownWindows: number };

export type Step = {
  memory: RuleMemory;
  transition: Transition;
  /** How many of the last n windows held, against the m needed. */
  holding: { windows: number; of: number; needed: number };
};

/**
 * One window's step.
 * - Fires when the condition held in at least m of the last n windows and no cooldown is running.
 * - Resolves when the last `resolveWindows` judged windows were all clear and fewer than m of
 *   the last n held. One lucky window inside a long drop (at 200 traces an hour a 15-point drop
 *   still looks small about one hour in twenty) must not resolve the alert and fire it again an
 *   hour later: that is two more notifications about one incident. An unclear window breaks the
 *   run; a window too thin to judge neither resolves an alert (a quiet night is not a recovery)
 *   nor counts toward firing.
 * - After a resolve the state is "resolved" for `cooldownWindows` windows, in which it may not fire
 *   again; then "ok". A fire always ends in a resolve first, so fires are at least
 *   cooldownWindows + 1 windows apart too.
 */
export function stepState(settings: StateSettings, memory: RuleMemory, verdict: Verdict): Step {
  const recent = [...memory.recent, verdict].slice(-settings.n);
  const held = recent.reduce((count, v) => (v === "holds" ? count + 1 : count), 0);
  const active = held >= settings.m;
  const holding = { windows: held, of: settings.n, needed: settings.m };
  const clearRun =
    verdict === "clear" ? memory.clearRun + 1 : verdict === "insufficient" ? memory.clearRun : 0;

  if (memory.state === "firing") {
    if (clearRun >= settings.resolveWindows && !active) {
      return {
        memory: { state: "resolved", recent, clearRun, cooldownLeft: settings.cooldownWindows },
        transition: "resolved",
        holding,
      };
    }
    return { memory: { ...memory, recent, clearRun }, transition: null, holding };
  }

  if (memory.cooldownLeft > 0) {
    const cooldownLeft = memory.cooldownLeft - 1;
    return { memory: { state: "resolved", recent, clearRun, cooldownLeft }, transition: null, holding };
  }
  if (active) {
    return { memory: { state: "firing", recent, clearRun, cooldownLeft: 0 }, transition: "fired", holding };
  }
  return { memory: { state: "ok", recent, clearRun, cooldownLeft: 0 }, transition: null, holding };
}
