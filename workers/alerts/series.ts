import type { ProjectContext } from "../auth/context";
import { isoTime } from "../lib/time";
import { getRuleInProject, ruleOf } from "./rule-service";
import type { SeriesView } from "./schemas";
import { ruleScope, windowSums } from "./sums";
import { historyWindows, walkWindows } from "./walk";

/**
 * The rule's statistic over its last `windows` complete windows, with what it is judged against
 * (the threshold or the baseline less the minimum effect), the confidence band and the state the
 * rule would have been in: the rule run from a fresh memory over the rollups (a backtest), for its
 * chart. Cheap: one rollup query.
 */
export async function ruleSeries({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { ruleId: string; windows: number };
}): Promise<SeriesView> {
  const row = await getRuleInProject(ctx, input.ruleId);
  const rule = ruleOf(row);
  const size = rule.windowMinutes * 60_000;
  const now = ctx.services.clock.now();
  const to = Math.floor(now / size) * size;
  const from = to - input.windows * size;
  const sums = await windowSums(ctx.db, ruleScope(row, rule), from - historyWindows(rule) * size, to);
  const points = walkWindows(rule, sums, { from, to, size }).map(({ start, end, evaluation }) => {
    const n = evaluation.numbers;
    const interval = n.kind === "threshold" ? n.interval : null;
    const baseline = n.kind === "drop" ? n.baseline.statistic : null;
    const limit =
      n.kind === "threshold"
        ? n.threshold
        : baseline === null
          ? null
          : n.direction === "below"
            ? baseline - n.minEffect
            : baseline + n.minEffect;
    return {
      start: isoTime(start),
      end: isoTime(end),
      statistic: n.statistic,
      n: n.n,
      low: interval?.low ?? null,
      high: interval?.high ?? null,
      baseline,
      limit,
      verdict: evaluation.verdict,
      state: evaluation.state,
    };
  });
  return { windowMinutes: rule.windowMinutes, points };
}
