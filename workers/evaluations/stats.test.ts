import { describe, expect, it } from "vitest";
import { compareRuns, type RunValues } from "./compare";
import { holm, mcnemarExact, pairedBootstrap, seeded, wilcoxonSignedRank } from "./stats";

describe("paired tests against published values", () => {
  it("McNemar's exact test is the two-sided binomial test of the discordant pairs", () => {
    // R: binom.test(2, 12) — p-value = 0.03857.
    expect(mcnemarExact(2, 10)).toBeCloseTo(0.03857, 5);
    expect(mcnemarExact(10, 2)).toBeCloseTo(0.03857, 5);
    expect(mcnemarExact(0, 0)).toBe(1);
    // R: binom.test(5, 11) — p-value = 1.
    expect(mcnemarExact(5, 6)).toBe(1);
  });

  it("Wilcoxon's signed-rank test matches R's wilcox.test (Hollander & Wolfe's depression data)", () => {
    // R's ?wilcox.test: x and y paired, V = 40, p-value = 0.01953 one-sided, so 0.03906 two-sided (exact).
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const result = wilcoxonSignedRank(x.map((v, i) => v - (y[i] ?? 0)));
    expect(result.statistic).toBe(40);
    expect(result.pValue).toBeCloseTo(0.03906, 5);
  });

  it("with ties, ranks by mid-rank and gives the exact permutation p-value", () => {
    // |d| = 1 (five times) → rank 3, 2 (twice) → 6.5, 3 (three times) → 9: V = 4·3 + 2·6.5 + 3·9 = 52.
    const d = [1, 1, 1, 2, 2, -1, 3, 3, 3, 1];
    const result = wilcoxonSignedRank(d);
    expect(result.statistic).toBe(52);
    // Checked against brute force: every one of the 2^10 sign assignments of these mid-ranks.
    const ranksOf = [3, 3, 3, 6.5, 6.5, 3, 9, 9, 9, 3];
    let atLeast = 0;
    for (let mask = 0; mask < 1 << 10; mask++) {
      const v = ranksOf.reduce((sum, r, i) => (mask & (1 << i) ? sum + r : sum), 0);
      if (v >= 52) atLeast++;
    }
    expect(result.pValue).toBeCloseTo(Math.min(1, (2 * atLeast) / 1024), 10);
  });

  it("Holm's adjustment matches R's p.adjust(method = 'holm')", () => {
    // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.030 0.060 0.060 0.020
    const adjusted = holm([0.01, 0.04, 0.03, 0.005]);
    expect(adjusted.map((p) => Number(p.toFixed(3)))).toEqual([0.03, 0.06, 0.06, 0.02]);
  });

  it("the bootstrap interval holds the observed mean difference and is the same for the same data", () => {
    const d = [1, 0, 0, -1, 1, 1, 0, 1, 0, 1];
    const a = pairedBootstrap(d);
    expect(a?.low).toBeLessThan(0.4);
    expect(a?.high).toBeGreaterThan(0.4);
    expect(pairedBootstrap(d)).toEqual(a);
  });
});

/** A run of `n` records: two pass/fail scorers passing at `rate`, one numeric 1–5, answered at random. */
function simulatedRun(n: number, rate: number, next: () => number): RunValues {
  const run: RunValues = new Map();
  for (let i = 0; i < n; i++) {
    const pass = () => next() < rate;
    const a = pass();
    const b = pass();
    const score = 1 + Math.floor(next() * 5);
    run.set(
      `r${i}`,
      new Map([
        ["correctness", { scores: [a ? 1 : 0], passed: [a] }],
        ["safety", { scores: [b ? 1 : 0], passed: [b] }],
        ["helpfulness", { scores: [score], passed: [null] }],
      ]),
    );
  }
  return run;
}

describe("comparisons", () => {
  it("an A/A comparison reports no detectable change on all metrics together in at least 95 % of cases", () => {
    const next = seeded(42);
    const cases = 1_000;
    let quiet = 0;
    for (let c = 0; c < cases; c++) {
      const base = simulatedRun(100, 0.7, next);
      const rerun = simulatedRun(100, 0.7, next);
      const result = compareRuns(base, rerun, ["correctness", "safety", "helpfulness"]);
      if (result.metrics.every((m) => m.verdict === "no detectable change")) quiet++;
    }
    expect(quiet / cases).toBeGreaterThanOrEqual(0.95);
  });

  it("finds a real drop, lists the regressed records first, and says which test and family it used", () => {
    const next = seeded(7);
    const base = simulatedRun(120, 0.9, next);
    const worse = simulatedRun(120, 0.9, next);
    // The candidate fails a third of the records the baseline passed on correctness.
    let k = 0;
    for (const [key, byScorer] of base) {
      if (byScorer.get("correctness")?.passed[0] && k++ % 3 === 0)
        worse.get(key)?.set("correctness", { scores: [0], passed: [false] });
    }
    const result = compareRuns(base, worse, ["correctness", "safety"]);
    const correctness = result.metrics.find((m) => m.scorer === "correctness");
    expect(correctness).toMatchObject({ kind: "pass_fail", test: "mcnemar", verdict: "worse", n: 120 });
    expect(correctness?.interval?.high).toBeLessThan(0);
    expect(result.familywise).toBe("Holm over 2 metrics at α = 0.05");
    expect(result.records[0]?.change).toBe("regressed");
  });

  it("compares a numeric scorer with a verdict (a length bound) on its passes, not its numbers", () => {
    const cell = (words: number, passed: boolean) => ({ scores: [words], passed: [passed] });
    const base: RunValues = new Map([
      ["a", new Map([["length", cell(13, false)]])],
      ["b", new Map([["length", cell(40, true)]])],
    ]);
    const cand: RunValues = new Map([
      ["a", new Map([["length", cell(21, false)]])],
      ["b", new Map([["length", cell(90, false)]])],
    ]);
    const result = compareRuns(base, cand, ["length"]);
    expect(result.metrics[0]).toMatchObject({
      kind: "pass_fail",
      test: "mcnemar",
      baseline: 0.5,
      candidate: 0,
      difference: -0.5,
    });
    // Record a failed both times (more words, still failing): not a change; b regressed.
    expect(result.records.map((r) => [r.rowKey, r.change])).toEqual([["b", "regressed"]]);
  });
});
