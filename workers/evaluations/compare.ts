import { holm, mcnemarExact, mean, pairedBootstrap, wilcoxonSignedRank } from "./stats";

/**
 * Comparing a candidate run with a baseline over the records both scored (paired by row key):
 * per scorer, the paired difference of means with a bootstrap interval and a paired test
 * (McNemar's exact test for single pass/fail results, Wilcoxon's signed-rank test otherwise —
 * numbers, or per-record pass rates with repeats), Holm-adjusted across the scorers compared, a
 * verdict in words (a change only when the adjusted test and the interval agree), and the records
 * that changed, regressions first.
 */
export const ALPHA = 0.05;

/** One record's valid results of one scorer in one run (errors left out): its scores, and pass/fail where given. */
export type Cell = { scores: number[]; passed: (boolean | null)[] };
/** row key → scorer name → its cell. */
export type RunValues = Map<string, Map<string, Cell>>;

export type MetricComparison = {
  scorer: string;
  kind: "pass_fail" | "numeric";
  baseline: number | null;
  candidate: number | null;
  difference: number | null;
  interval: { low: number; high: number } | null;
  test: "mcnemar" | "wilcoxon";
  pValue: number;
  adjustedPValue: number;
  verdict: "better" | "worse" | "no detectable change";
  n: number;
};

export type RecordChange = {
  rowKey: string;
  scorer: string;
  change: "regressed" | "fixed" | "delta";
  baseline: number | boolean;
  candidate: number | boolean;
  delta: number;
};

/** A record's value: its pass rate for a pass/fail scorer (whatever number it also gives), else its mean score. */
function perRecord(cell: Cell, passFail: boolean): number | null {
  if (passFail) return cell.passed.length ? mean(cell.passed.map((p) => (p ? 1 : 0))) : null;
  return cell.scores.length ? mean(cell.scores) : null;
}

function compareScorer(base: RunValues, cand: RunValues, scorer: string) {
  const cells: { key: string; b: Cell; c: Cell }[] = [];
  for (const [key, byScorer] of base) {
    const b = byScorer.get(scorer);
    const c = cand.get(key)?.get(scorer);
    if (b && c) cells.push({ key, b, c });
  }
  // Pass/fail when every result passes or fails (booleans, yes/no, and numbers judged by a bound).
  const passFail =
    cells.length > 0 && cells.every((p) => [...p.b.passed, ...p.c.passed].every((x) => x !== null));
  const pairs = cells.flatMap((p) => {
    const bv = perRecord(p.b, passFail);
    const cv = perRecord(p.c, passFail);
    return bv === null || cv === null ? [] : [{ ...p, bv, cv }];
  });
  const single = pairs.every((p) => p.b.scores.length === 1 && p.c.scores.length === 1);
  const differences = pairs.map((p) => p.cv - p.bv);
  let pValue: number;
  let test: MetricComparison["test"];
  if (passFail && single) {
    test = "mcnemar";
    const regressed = pairs.filter((p) => p.b.passed[0] === true && p.c.passed[0] === false).length;
    const fixed = pairs.filter((p) => p.b.passed[0] === false && p.c.passed[0] === true).length;
    pValue = mcnemarExact(regressed, fixed);
  } else {
    test = "wilcoxon";
    pValue = wilcoxonSignedRank(differences).pValue;
  }
  const records: RecordChange[] = pairs.flatMap((p): RecordChange[] => {
    const delta = p.cv - p.bv;
    if (delta === 0) return [];
    if (passFail && single)
      return [
        {
          rowKey: p.key,
          scorer,
          change: delta < 0 ? "regressed" : "fixed",
          baseline: p.b.passed[0] === true,
          candidate: p.c.passed[0] === true,
          delta,
        },
      ];
    return [{ rowKey: p.key, scorer, change: "delta", baseline: p.bv, candidate: p.cv, delta }];
  });
  return {
    metric: {
      scorer,
      kind: passFail ? "pass_fail" : "numeric",
      baseline: pairs.length ? mean(pairs.map((p) => p.bv)) : null,
      candidate: pairs.length ? mean(pairs.map((p) => p.cv)) : null,
      difference: pairs.length ? mean(differences) : null,
      interval: pairedBootstrap(differences),
      test,
      pValue,
      n: pairs.length,
    } as Omit<MetricComparison, "adjustedPValue" | "verdict">,
    records,
  };
}

export function compareRuns(base: RunValues, cand: RunValues, scorers: string[]) {
  const each = scorers.map((s) => compareScorer(base, cand, s));
  const adjusted = holm(each.map((e) => e.metric.pValue));
  const metrics: MetricComparison[] = each.map((e, i) => {
    const p = adjusted[i] ?? 1;
    // A change is reported when the test rejects (after Holm) and the interval agrees on its side of zero.
    const interval = e.metric.interval;
    const side = interval === null ? 0 : interval.low > 0 ? 1 : interval.high < 0 ? -1 : 0;
    const verdict: MetricComparison["verdict"] =
      p < ALPHA && side !== 0 && Math.sign(e.metric.difference ?? 0) === side
        ? side > 0
          ? "better"
          : "worse"
        : "no detectable change";
    return { ...e.metric, adjustedPValue: p, verdict };
  });
  const order = { regressed: 0, delta: 1, fixed: 2 } as const;
  const records = each
    .flatMap((e) => e.records)
    .sort(
      (a, b) => order[a.change] - order[b.change] || a.delta - b.delta || a.rowKey.localeCompare(b.rowKey),
    );
  const pairs = new Set<string>();
  for (const key of base.keys()) if (cand.has(key)) pairs.add(key);
  return {
    pairs: pairs.size,
    metrics,
    familywise: `Holm over ${scorers.length} metric${scorers.length === 1 ? "" : "s"} at α = ${ALPHA}`,
    records,
  };
}

/** The verdict in plain words, with its sample size: "no detectable change (n = 120)". */
export function verdictText(m: MetricComparison): string {
  return m.verdict === "no detectable change" ? `no detectable change (n = ${m.n})` : m.verdict;
}
