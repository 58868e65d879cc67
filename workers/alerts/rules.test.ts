import { describe, expect, it } from "vitest";
import { seeded } from "../evaluations/stats";
import { type AlertRule, AlertRuleConfig, type AlertRuleInput } from "./config";
import { describeNumbers, type Evaluation, evaluateRule, INITIAL_MEMORY, type RuleMemory } from "./rules";
import { type StateSettings, stepState, type Verdict } from "./state";
import { tIntervalFromSums, twoProportionTest, welchTest, wilsonInterval } from "./statistics";
import {
  type PastWindow,
  RollingBaseline,
  type ScoreSums,
  trailingBaseline,
  type WindowSums,
} from "./windows";

const rule = (input: AlertRuleInput): AlertRule => AlertRuleConfig.parse(input);

/** A window of pass/fail scores: `passes` of `judged`. */
const passes = (passed: number, judged: number): WindowSums => ({
  scores: {
    count: judged,
    scored: judged,
    sum: passed,
    sumSquares: passed,
    judged,
    passes: passed,
    errors: 0,
  },
});

/** A window of numeric scores. */
const scores = (values: number[]): WindowSums => ({
  scores: {
    count: values.length,
    scored: values.length,
    sum: values.reduce((a, b) => a + b, 0),
    sumSquares: values.reduce((a, b) => a + b * b, 0),
    judged: 0,
    passes: 0,
    errors: 0,
  },
});

const traces = (n: number, extra: { errorTraces?: number; latencyP95Ms?: number } = {}): WindowSums => ({
  traces: {
    traces: n,
    errorTraces: extra.errorTraces ?? 0,
    latencyP95Ms: extra.latencyP95Ms ?? null,
    costUsd: 0,
    tokens: 0,
  },
});

const history = (windows: WindowSums[], firing = false): PastWindow[] =>
  windows.map((sums) => ({ sums, firing }));
const repeat = <T>(item: T, times: number): T[] => Array.from({ length: times }, () => item);

// R's `sleep` data (Cushny & Peebles), the example of ?t.test.
const SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
const sums = (values: number[]) => {
  const s = scores(values).scores as ScoreSums;
  return { n: s.scored, sum: s.sum, sumSquares: s.sumSquares };
};

describe("statistics against published values", () => {
  it("two-proportion z matches Pearson's χ² on the aspirin table", () => {
    // Physicians' Health Study (Agresti, Categorical Data Analysis, table 2.3): heart attacks
    // 189 of 11,034 on placebo, 104 of 11,037 on aspirin; Pearson X² = 25.01, so z = √25.01 = 5.001.
    // scipy.stats.chi2_contingency(correction=False): χ² = 25.01388, two-sided p = 5.6919e-7.
    const rise = twoProportionTest(189, 11_034, 104, 11_037, "above");
    expect(rise.statistic).toBeCloseTo(5.00139, 4);
    expect(rise.pValue).toBeCloseTo(5.6919e-7 / 2, 9);
    const fall = twoProportionTest(104, 11_037, 189, 11_034, "below");
    expect(fall.statistic).toBeCloseTo(-5.00139, 4);
    expect(fall.pValue).toBeCloseTo(rise.pValue, 12);
    // The other direction is no evidence at all.
    expect(twoProportionTest(189, 11_034, 104, 11_037, "below").pValue).toBeGreaterThan(0.999);
  });

  it("Welch's t matches R's t.test(extra ~ group, data = sleep)", () => {
    // R: t = -1.8608, df = 17.776, p-value = 0.07939 (two-sided), so 0.0397 one-sided.
    const result = welchTest(sums(SLEEP_1), sums(SLEEP_2), "below");
    expect(result.statistic).toBeCloseTo(-1.8608, 4);
    expect(result.df).toBeCloseTo(17.776, 3);
    expect(result.pValue).toBeCloseTo(0.07939 / 2, 5);
  });

  it("intervals from sums: Wilson (Newcombe 1998) and Student's t (R's t.test)", () => {
    // Newcombe (1998), method 3, 81 of 263: 0.2553–0.3662.
    const w = wilsonInterval(81, 263);
    expect(w.low).toBeCloseTo(0.2553, 4);
    expect(w.high).toBeCloseTo(0.3662, 4);
    // R: t.test(sleep$extra[11:20]) — 95 percent confidence interval 0.8976775 3.7623225.
    const s = sums(SLEEP_2);
    const t = tIntervalFromSums(s.n, s.sum, s.sumSquares);
    expect(t.low).toBeCloseTo(0.8976775, 6);
    expect(t.high).toBeCloseTo(3.7623225, 6);
  });
});

describe("threshold rules", () => {
  const passRateBelow = rule({ kind: "threshold", metric: "pass_rate", direction: "below", threshold: 0.8 });

  it("fires when the Wilson upper bound is under the threshold", () => {
    // 140 of 200: 0.70, Wilson 0.6332–0.7593 (scipy), wholly under 0.8.
    const result = evaluateRule(passRateBelow, { current: passes(140, 200) });
    expect(result).toMatchObject({ state: "firing", transition: "fired", verdict: "holds" });
    expect(result.numbers).toMatchObject({ kind: "threshold", n: 200, statistic: 0.7, method: "wilson-95" });
    if (result.numbers.kind !== "threshold") throw new Error("expected threshold numbers");
    expect(result.numbers.compared).toBeCloseTo(0.75925, 4);
  });

  it("does not fire on a point estimate under the threshold whose interval reaches above it", () => {
    // 150 of 200 = 0.75 < 0.8, but the Wilson interval is 0.6857–0.8049: not beyond 0.8 with confidence.
    const result = evaluateRule(passRateBelow, { current: passes(150, 200) });
    expect(result).toMatchObject({ state: "ok", transition: null, verdict: "unclear" });
    if (result.numbers.kind !== "threshold") throw new Error("expected threshold numbers");
    expect(result.numbers.interval?.high).toBeCloseTo(0.80492, 4);
    expect(describeNumbers(result.numbers)).toBe(
      "pass rate 0.75 over n = 200 (95 % Wilson interval 0.6857–0.8049); the interval's upper bound 0.8049 is not below the threshold 0.8; the condition held in 0 of the last 1 windows (1 needed).",
    );
    // 145 of 200 (upper 0.7822) does fire: the boundary is between them.
    expect(evaluateRule(passRateBelow, { current: passes(145, 200) }).transition).toBe("fired");
  });

  it("does not judge a window under the minimum samples", () => {
    // 5 of 20 is far below 0.8, but 20 < the default minimum of 30.
    const result = evaluateRule(passRateBelow, { current: passes(5, 20) });
    expect(result).toMatchObject({ state: "ok", transition: null, verdict: "insufficient" });
    expect(result.numbers).toMatchObject({ n: 20, minSamples: 30 });
    const lower = rule({
      kind: "threshold",
      metric: "pass_rate",
      direction: "below",
      threshold: 0.8,
      minSamples: 20,
    });
    expect(evaluateRule(lower, { current: passes(5, 20) }).transition).toBe("fired");
  });

  it("compares a mean score's t interval bound", () => {
    // SLEEP_2: mean 2.33, 95 % t interval 0.898–3.762.
    const below = (threshold: number) =>
      evaluateRule(
        rule({ kind: "threshold", metric: "mean_score", direction: "below", threshold, minSamples: 10 }),
        { current: scores(SLEEP_2) },
      );
    expect(below(4).verdict).toBe("holds");
    expect(below(3.5).verdict).toBe("unclear"); // the mean is under 3.5, the interval is not
    expect(below(2).verdict).toBe("clear");
    expect(below(3.5).numbers).toMatchObject({ method: "t-95", n: 10 });
  });

  it("uses the Wilson lower bound for an error rate above its threshold", () => {
    const errorsAbove = rule({
      kind: "threshold",
      metric: "error_rate",
      direction: "above",
      threshold: 0.05,
    });
    // 20 of 200 = 0.10, Wilson low 0.0657 > 0.05: fires. 14 of 200 = 0.07, low 0.042: does not.
    expect(evaluateRule(errorsAbove, { current: traces(200, { errorTraces: 20 }) }).verdict).toBe("holds");
    expect(evaluateRule(errorsAbove, { current: traces(200, { errorTraces: 14 }) }).verdict).toBe("unclear");
    expect(evaluateRule(errorsAbove, { current: traces(200, { errorTraces: 9 }) }).verdict).toBe("clear");
  });

  it("compares latency, cost, tokens and volume plainly; latency needs its samples, volume none", () => {
    const latency = rule({ kind: "threshold", metric: "latency_p95", direction: "above", threshold: 2000 });
    expect(evaluateRule(latency, { current: traces(50, { latencyP95Ms: 2500 }) }).verdict).toBe("holds");
    expect(evaluateRule(latency, { current: traces(50, { latencyP95Ms: 1500 }) }).verdict).toBe("clear");
    expect(evaluateRule(latency, { current: traces(5, { latencyP95Ms: 9000 }) }).verdict).toBe(
      "insufficient",
    );
    const volume = rule({ kind: "threshold", metric: "trace_volume", direction: "below", threshold: 10 });
    // No traffic at all is what a volume rule exists for: no rollup row is zero traces.
    expect(evaluateRule(volume, { current: {} })).toMatchObject({ verdict: "holds", transition: "fired" });
    const cost = rule({ kind: "threshold", metric: "cost", direction: "above", threshold: 5 });
    const costly = { traces: { traces: 3, errorTraces: 0, latencyP95Ms: 100, costUsd: 7.5, tokens: 1e6 } };
    expect(evaluateRule(cost, { current: costly }).verdict).toBe("holds");
  });
});

describe("drop rules", () => {
  const drop = rule({ kind: "drop", metric: "pass_rate", alpha: 0.05 });
  const week = history(repeat(passes(170, 200), 168)); // 0.85 over 33,600

  it("fires on a significant drop larger than the minimum effect", () => {
    const result = evaluateRule(drop, { current: passes(140, 200), history: week });
    expect(result).toMatchObject({ transition: "fired", verdict: "holds" });
    if (result.numbers.kind !== "drop") throw new Error("expected drop numbers");
    // scipy.stats.chi2_contingency([[140, 60], [28560, 5040]], correction=False): χ² = 34.915,
    // so z = −5.9089 and one-sided p = 1.7218e-9.
    expect(result.numbers.test?.statistic).toBeCloseTo(-5.9089, 4);
    expect(result.numbers.test?.pValue).toBeCloseTo(1.7218e-9, 12);
    expect(result.numbers.effect).toBeCloseTo(0.15, 10);
    expect(result.numbers.baseline).toEqual({
      statistic: 0.85,
      n: 33_600,
      windows: 168,
      skippedFiringWindows: 0,
    });
    expect(describeNumbers(result.numbers)).toBe(
      "pass rate 0.7 over n = 200 against a baseline of 0.85 over n = 33,600 (168 windows): worse by 0.15 (alert from 0.1); two-proportion z (pooled) = -5.909, one-sided p = 1.7e-9 (alpha 0.05); the condition held in 1 of the last 1 windows (1 needed).",
    );
  });

  it("does not fire on a significant drop smaller than the minimum effect, nor on a large one that is not significant", () => {
    // 158 of 200 = 0.79: significant (one-sided p ≈ 0.01) but only 6 points.
    const small = evaluateRule(drop, { current: passes(158, 200), history: week });
    expect(small.verdict).toBe("clear");
    if (small.numbers.kind !== "drop") throw new Error("expected drop numbers");
    expect(small.numbers.test?.pValue).toBeLessThan(0.05);
    // 20 of 30 against 32 of 40: 13 points, but one-sided p = 0.103 (scipy, χ² on the 2 × 2 table).
    const thin = evaluateRule(drop, { current: passes(20, 30), history: history([passes(32, 40)]) });
    expect(thin.verdict).toBe("unclear"); // looks like a drop, not shown to be one
    if (thin.numbers.kind !== "drop") throw new Error("expected drop numbers");
    expect(thin.numbers.effect).toBeGreaterThan(0.1);
    expect(thin.numbers.test?.pValue).toBeCloseTo(0.10328, 4);
  });

  it("does not judge a window or a baseline under the minimum samples", () => {
    expect(evaluateRule(drop, { current: passes(5, 20), history: week }).verdict).toBe("insufficient");
    expect(
      evaluateRule(drop, { current: passes(100, 200), history: history([passes(20, 20)]) }).verdict,
    ).toBe("insufficient");
    expect(evaluateRule(drop, { current: passes(100, 200) }).verdict).toBe("insufficient");
  });

  it("keeps the windows of a firing alert out of the baseline", () => {
    const bad = history(repeat(passes(140, 200), 30), true);
    const result = evaluateRule(drop, { current: passes(140, 200), history: [...week, ...bad] });
    expect(result.numbers).toMatchObject({
      baseline: { statistic: 0.85, n: 33_600, windows: 168, skippedFiringWindows: 30 },
    });
    expect(result.verdict).toBe("holds");
  });

  it("tests a mean score with Welch's t, and an error rate for a rise", () => {
    const meanDrop = rule({ kind: "drop", metric: "mean_score", minEffect: 1, alpha: 0.05, minSamples: 10 });
    // Sleep data: the mean falls 1.58, one-sided p = 0.0397 (R, above).
    const result = evaluateRule(meanDrop, { current: scores(SLEEP_1), history: history([scores(SLEEP_2)]) });
    expect(result.verdict).toBe("holds");
    if (result.numbers.kind !== "drop") throw new Error("expected drop numbers");
    expect(result.numbers.test).toMatchObject({ test: "Welch's t" });
    expect(result.numbers.effect).toBeCloseTo(1.58, 10);
    const stricter = rule({ kind: "drop", metric: "mean_score", minEffect: 1, alpha: 0.01, minSamples: 10 });
    expect(
      evaluateRule(stricter, { current: scores(SLEEP_1), history: history([scores(SLEEP_2)]) }).verdict,
    ).toBe("unclear");

    const errorRise = rule({ kind: "drop", metric: "error_rate", minEffect: 0.05 });
    expect(errorRise.kind === "drop" && errorRise.direction).toBe("above");
    const calm = history(repeat(traces(200, { errorTraces: 4 }), 168));
    expect(
      evaluateRule(errorRise, { current: traces(200, { errorTraces: 30 }), history: calm }).verdict,
    ).toBe("holds");
    expect(evaluateRule(errorRise, { current: traces(200, { errorTraces: 0 }), history: calm }).verdict).toBe(
      "clear",
    );
  });
});

describe("the trailing baseline", () => {
  it("kept window by window equals the baseline summed from the history", () => {
    const random = seeded(7);
    const past: PastWindow[] = [];
    const rolling = new RollingBaseline(24);
    for (let i = 0; i < 500; i++) {
      // Long firing stretches and short ones, so the kept windows reach back past many skipped ones.
      const firing = i % 97 < 30 ? random() < 0.9 : random() < 0.05;
      const window = { sums: passes(Math.floor(random() * 50), 50), firing };
      past.push(window);
      rolling.push(window);
      expect(rolling.baseline()).toEqual(trailingBaseline(past, 24));
    }
  });
});

describe("m of n, cooldown and resolve", () => {
  /** Runs a sequence of verdicts through the state machine; returns each window's transition. */
  const run = (settings: StateSettings, verdicts: Verdict[]) => {
    let memory: RuleMemory = INITIAL_MEMORY;
    return verdicts.map((v) => {
      const step = stepState(settings, memory, v);
      memory = step.memory;
      return `${step.memory.state}${step.transition ? `!${step.transition}` : ""}`;
    });
  };

  it("fires only when the condition held in m of the last n windows", () => {
    const twoOfThree = { m: 2, n: 3, resolveWindows: 1, cooldownWindows: 0 };
    expect(run(twoOfThree, ["holds", "clear", "clear", "holds", "clear", "clear"])).toEqual(repeat("ok", 6));
    expect(run(twoOfThree, ["holds", "clear", "holds"])).toEqual(["ok", "ok", "firing!fired"]);
    // A thin window does not count toward firing.
    expect(run(twoOfThree, ["holds", "insufficient", "clear"])).toEqual(["ok", "ok", "ok"]);
  });

  it("resolves once the m-of-n condition no longer holds, and never on a window too thin to judge", () => {
    const twoOfThree = { m: 2, n: 3, resolveWindows: 1, cooldownWindows: 0 };
    expect(run(twoOfThree, ["holds", "holds", "clear", "clear", "clear"])).toEqual([
      "ok",
      "firing!fired",
      "firing", // two of the last three still held
      "resolved!resolved",
      "ok",
    ]);
    const oneOfOne = { m: 1, n: 1, resolveWindows: 1, cooldownWindows: 0 };
    expect(run(oneOfOne, ["holds", "insufficient", "insufficient", "clear"])).toEqual([
      "firing!fired",
      "firing",
      "firing",
      "resolved!resolved",
    ]);
  });

  it("resolves only after resolveWindows judged windows in a row were clear", () => {
    const three = { m: 1, n: 1, resolveWindows: 3, cooldownWindows: 0 };
    // One lucky window inside the drop does not resolve it; thin windows neither add to the run nor break it.
    expect(
      run(three, ["holds", "clear", "holds", "clear", "insufficient", "clear", "clear", "clear"]),
    ).toEqual(["firing!fired", "firing", "firing", "firing", "firing", "firing", "resolved!resolved", "ok"]);
  });

  it("resolves on the point estimate back on the good side, not on a window that only lacks confidence", () => {
    const two = { m: 1, n: 1, resolveWindows: 2, cooldownWindows: 0 };
    expect(run(two, ["holds", "unclear", "clear", "unclear", "clear", "clear"])).toEqual([
      "firing!fired",
      "firing",
      "firing",
      "firing", // the unclear window broke the run of clear ones
      "firing",
      "resolved!resolved",
    ]);
    // Unclear windows never fire it, however many.
    expect(run(two, ["unclear", "unclear", "unclear"])).toEqual(["ok", "ok", "ok"]);
  });

  it("does not fire again within the cooldown after a resolve", () => {
    const cooldown = { m: 1, n: 1, resolveWindows: 1, cooldownWindows: 2 };
    expect(
      run(cooldown, ["holds", "clear", "holds", "holds", "holds", "clear", "clear", "clear", "clear"]),
    ).toEqual([
      "firing!fired",
      "resolved!resolved",
      "resolved", // cooling down: held, no new alert
      "resolved",
      "firing!fired", // the cooldown is over and it still holds
      "resolved!resolved",
      "resolved",
      "resolved",
      "ok",
    ]);
  });

  it("carries memory through evaluateRule across windows", () => {
    const drop = rule({
      kind: "drop",
      metric: "pass_rate",
      m: 2,
      n: 2,
      resolveWindows: 1,
      cooldownWindows: 0,
    });
    const past: PastWindow[] = history(repeat(passes(170, 200), 168));
    const states: Evaluation["state"][] = [];
    let memory = INITIAL_MEMORY;
    for (const current of [passes(140, 200), passes(140, 200), passes(141, 200), passes(171, 200)]) {
      const result = evaluateRule(drop, { current, history: past }, memory);
      memory = result.memory;
      states.push(result.state);
      past.push({ sums: current, firing: result.state === "firing" });
    }
    expect(states).toEqual(["ok", "firing", "firing", "resolved"]);
  });
});

describe("rule configuration", () => {
  it("fills the defaults", () => {
    expect(rule({ kind: "drop", metric: "pass_rate" })).toEqual({
      kind: "drop",
      metric: "pass_rate",
      direction: "below",
      minEffect: 0.1,
      alpha: 0.001,
      baselineWindows: 168,
      windowMinutes: 60,
      minSamples: 30,
      m: 1,
      n: 1,
      resolveWindows: 3,
      cooldownWindows: 3,
    });
    expect(rule({ kind: "drop", metric: "error_rate", windowMinutes: 15 })).toMatchObject({
      direction: "above",
      baselineWindows: 672,
    });
  });

  it("says what is wrong, field by field", () => {
    const issues = (input: unknown) =>
      AlertRuleConfig.safeParse(input).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
    expect(issues({ kind: "threshold", metric: "pass_rate", direction: "below", threshold: 1.5 })).toEqual([
      "threshold: must be at most 1 (pass_rate is a share)",
    ]);
    expect(issues({ kind: "drop", metric: "pass_rate", m: 3, n: 2 })).toEqual([
      "m: must not be greater than n",
    ]);
    expect(issues({ kind: "drop", metric: "latency_p95" })[0]).toContain(
      "latency, cost and volume take threshold rules",
    );
    expect(issues({ kind: "drop", metric: "pass_rate", windowMinutes: 7 })).toEqual([
      "windowMinutes: must divide a day evenly (5, 10, 15, 30, 60 … 1440)",
    ]);
    expect(issues({ kind: "drop", metric: "pass_rate", alpha: 0 })).toEqual([
      "alpha: must be greater than 0",
    ]);
    expect(issues({ kind: "threshold", metric: "cost", direction: "above", threshold: -1 })).toEqual([
      "threshold: must not be negative",
    ]);
    expect(issues({ kind: "threshold", metric: "mean_score", direction: "below", threshold: -0.5 })).toEqual(
      [],
    );
    expect(issues({ kind: "sometimes", metric: "pass_rate" })[0]).toContain(
      "kind must be 'threshold' or 'drop'",
    );
    expect(issues({ kind: "threshold", metric: "pass_rate", threshold: 0.8 })[0]).toMatch(/^direction: /);
  });
});
