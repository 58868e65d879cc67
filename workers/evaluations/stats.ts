import jStat from "jstat";
import { mean, quantile } from "simple-statistics";

/**
 * The paired tests and intervals run comparisons use. Distributions come from jStat (binomial,
 * normal); the tests are checked against published reference values in stats.test.ts.
 */

const Z95 = 1.959963984540054;

/** Wilson score interval (95 %) for `passes` of `n`. */
export function wilson(passes: number, n: number): { low: number; high: number } | null {
  if (n === 0) return null;
  const p = passes / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** McNemar's exact test: `b` pairs went pass → fail, `c` fail → pass; two-sided p-value. */
export function mcnemarExact(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  return Math.min(1, 2 * jStat.binomial.cdf(Math.min(b, c), n, 0.5));
}

/** Ranks of `values` (1-based), ties given their average rank. */
function ranks(values: number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const out = new Array<number>(values.length);
  const tieSizes: number[] = [];
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.v === order[i]?.v) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]?.i ?? 0] = rank;
    if (j > i) tieSizes.push(j - i + 1);
    i = j + 1;
  }
  return { ranks: out, tieSizes };
}

/**
 * The exact null distribution of W+ for these ranks (ties keep their mid-ranks): each rank counts
 * with probability ½. Ranks are doubled so mid-ranks are whole; answers P(W+ <= w) and P(W+ >= w).
 */
function exactSignedRankTails(ranks: number[], w: number): { lower: number; upper: number } {
  const doubled = ranks.map((r) => Math.round(r * 2));
  const max = doubled.reduce((a, b) => a + b, 0);
  let p = new Float64Array(max + 1);
  p[0] = 1;
  let reach = 0;
  for (const r of doubled) {
    const next = new Float64Array(max + 1);
    for (let s = 0; s <= reach; s++) {
      const here = p[s] ?? 0;
      if (here === 0) continue;
      next[s] = (next[s] ?? 0) + here / 2;
      next[s + r] = (next[s + r] ?? 0) + here / 2;
    }
    reach += r;
    p = next;
  }
  const target = Math.round(w * 2);
  let lower = 0;
  let upper = 0;
  for (let s = 0; s <= max; s++) {
    if (s <= target) lower += p[s] ?? 0;
    if (s >= target) upper += p[s] ?? 0;
  }
  return { lower, upper };
}

/** Differences up to which the exact distribution is computed (ties included); above, the normal approximation. */
const EXACT_UP_TO = 200;

/**
 * Wilcoxon's signed-rank test on paired differences (zeros dropped), two-sided. Exact (the
 * permutation distribution of the signed mid-ranks, so ties are handled exactly) up to 200
 * differences; above, the normal approximation with the tie and continuity corrections (as R's
 * wilcox.test does when it cannot be exact).
 */
export function wilcoxonSignedRank(differences: number[]): { statistic: number; pValue: number; n: number } {
  const d = differences.filter((x) => x !== 0);
  const n = d.length;
  if (n === 0) return { statistic: 0, pValue: 1, n };
  const { ranks: r, tieSizes } = ranks(d.map(Math.abs));
  const statistic = d.reduce((sum, x, i) => (x > 0 ? sum + (r[i] ?? 0) : sum), 0);
  if (n <= EXACT_UP_TO) {
    const { lower, upper } = exactSignedRankTails(r, statistic);
    return { statistic, pValue: Math.min(1, 2 * Math.min(lower, upper)), n };
  }
  const mu = (n * (n + 1)) / 4;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieSizes.reduce((s, t) => s + (t ** 3 - t), 0) / 48;
  if (variance <= 0) return { statistic, pValue: 1, n };
  const shifted = statistic - mu;
  const z = (shifted - Math.sign(shifted) * 0.5) / Math.sqrt(variance);
  return { statistic, pValue: Math.min(1, 2 * (1 - jStat.normal.cdf(Math.abs(z), 0, 1))), n };
}

/** Holm's step-down adjustment of p-values (same order as given). */
export function holm(pValues: number[]): number[] {
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(pValues.length);
  let running = 0;
  for (const [rank, { p, i }] of order.entries()) {
    running = Math.max(running, Math.min(1, (pValues.length - rank) * p));
    adjusted[i] = running;
  }
  return adjusted;
}

/** A small seeded generator (mulberry32): the bootstrap gives the same interval for the same data. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 95 % percentile interval of the mean of paired differences, from `resamples` bootstrap resamples. */
export function pairedBootstrap(
  differences: number[],
  resamples = 2_000,
  seed = 1,
): { low: number; high: number } | null {
  const n = differences.length;
  if (n === 0) return null;
  const next = seeded(seed);
  const means = new Array<number>(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += differences[Math.floor(next() * n)] ?? 0;
    means[b] = sum / n;
  }
  return { low: quantile(means, 0.025), high: quantile(means, 0.975) };
}

export { mean };
