import { describe, expect, it } from "vitest";
import { alertFigures } from "./alertNumbers";

describe("an alert's numbers on its page", () => {
  it("lays out a drop: the window, the baseline, the effect, the test and m of n", () => {
    const figures = alertFigures({
      kind: "drop",
      metric: "pass_rate",
      direction: "below",
      statistic: 0.61234,
      n: 120,
      baseline: { statistic: 0.9, n: 3400, windows: 168, skippedFiringWindows: 0 },
      effect: 0.28766,
      minEffect: 0.1,
      alpha: 0.001,
      test: { test: "two-proportion z (pooled)", statistic: -9.8, df: null, pValue: 0.00000123 },
      verdict: "holds",
      holding: { windows: 1, of: 1, needed: 1 },
    });
    expect(figures).toEqual([
      { label: "Statistic", value: "0.6123" },
      { label: "Samples (n)", value: "120" },
      { label: "Baseline", value: "0.9 over n = 3,400 (168 windows)" },
      { label: "Effect", value: "worse by 0.2877 (alert from 0.1)" },
      { label: "p-value", value: "1.2e-6 one-sided, two-proportion z (pooled) (alpha 0.001)" },
      { label: "Verdict", value: "condition holds" },
      { label: "m of n", value: "1 of the last 1 windows (1 needed)" },
    ]);
  });

  it("lays out a threshold with its interval, and leaves out what is missing or mistyped", () => {
    const figures = alertFigures({
      kind: "threshold",
      statistic: 0.7,
      n: "40",
      interval: { low: 0.55, high: 0.82 },
      method: "wilson-95",
      threshold: 0.9,
      direction: "below",
      compared: 0.82,
      verdict: "holds",
    });
    expect(figures).toEqual([
      { label: "Statistic", value: "0.7" },
      { label: "95 % interval", value: "0.55 – 0.82 (Wilson)" },
      { label: "Threshold", value: "below 0.9" },
      { label: "Compared value", value: "0.82" },
      { label: "Verdict", value: "condition holds" },
    ]);
  });
});
