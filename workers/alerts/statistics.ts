import jStat from "jstat";
import { wilson } from "../evaluations/stats";

/**
 * The statistics alert rules need, computed from rollup sums (counts, sums, sums of squares),
 * because rules read rollups and never the raw assessments. Distributions come from jStat; the
 * intervals and tests follow the project's conventions (95 % intervals: Wilson for shares,
 * Student's t for means).
 */

export type Interval = { low: number; high: number };

/** Mean and sample variance from n, Σx and Σx² (the variance is clamped at 0 against rounding). */
export function meanAndVariance(
  n: number,
  sum: number,
  sumSquares: number,
): { mean: number; variance: number } {
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (sumSquares - n * mean * mean) / (n - 1)) : 0;
  return { mean, variance };
}

/** 95 % Wilson interval for `successes` of `n` (n > 0). */
export function wilsonInterval(successes: number, n: number): Interval {
  return wilson(successes, n) ?? { low: 0, high: 1 };
}

/** 95 % Student's t interval for a mean, from the sums (n ≥ 2). */
export function tIntervalFromSums(n: number, sum: number, sumSquares: number): Interval {
  const { mean, variance } = meanAndVariance(n, sum, sumSquares);
  const half = jStat.studentt.inv(0.975, n - 1) * Math.sqrt(variance / n);
  return { low: mean - half, high: mean + half };
}

/**
 * One-sided p-value of a statistic whose null distribution has the CDF `cdf`, in the bad
 * direction: a fall ("below") is evidence when the statistic is very negative.
 */
function oneSided(statistic: number, bad: "below" | "above", cdf: (x: number) => number): number {
  return bad === "below" ? cdf(statistic) : 1 - cdf(statistic);
}

export type TwoSampleTest = {
  test: "two-proportion z (pooled)" | "Welch's t";
  /** z or t of (current − baseline). */
  statistic: number;
  /** Welch–Satterthwaite degrees of freedom; null for z. */
  df: number | null;
  /** One-sided, in the bad direction. */
  pValue: number;
};

/**
 * Two-proportion z test with the pooled standard error (the same statistic as Pearson's χ² on
 * the 2 × 2 table, z² = χ²), of the current share x1/n1 against the baseline x2/n2.
 */
export function twoProportionTest(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  bad: "below" | "above",
): TwoSampleTest {
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const diff = x1 / n1 - x2 / n2;
  // All passes (or all failures) on both sides: no spread, so only a difference of 0 is possible.
  const z = se === 0 ? 0 : diff / se;
  return {
    test: "two-proportion z (pooled)",
    statistic: z,
    df: null,
    pValue: oneSided(z, bad, (x) => jStat.normal.cdf(x, 0, 1)),
  };
}

export type SampleSums = { n: number; sum: number; sumSquares: number };

/** Welch's t test (unequal variances) of the current mean against the baseline mean, from sums. */
export function welchTest(current: SampleSums, baseline: SampleSums, bad: "below" | "above"): TwoSampleTest {
  const a = meanAndVariance(current.n, current.sum, current.sumSquares);
  const b = meanAndVariance(baseline.n, baseline.sum, baseline.sumSquares);
  const va = a.variance / current.n;
  const vb = b.variance / baseline.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    // Both sides constant: any difference at all is certain, none is no evidence.
    const diff = a.mean - b.mean;
    const worse = bad === "below" ? diff < 0 : diff > 0;
    return { test: "Welch's t", statistic: 0, df: null, pValue: worse ? 0 : 1 };
  }
  const t = (a.mean - b.mean) / se;
  const df = (va + vb) ** 2 / (va ** 2 / (current.n - 1) + vb ** 2 / (baseline.n - 1));
  return { test: "Welch's t", statistic: t, df, pValue: oneSided(t, bad, (x) => jStat.studentt.cdf(x, df)) };
}
