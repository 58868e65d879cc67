import { describe, expect, it } from "vitest";
import type { ScoreFigures, ScoreMetrics } from "../../api/assessments";
import { qualitySeries } from "./qualitySeries";
import { timeAxis } from "./series";

const HOUR = 3_600_000;
const FROM = "2025-03-10T00:00:00.000Z";
const T0 = Date.parse(FROM);
const axis = timeAxis(FROM, new Date(T0 + 3 * HOUR).toISOString(), "hour");

const figures = (more: Partial<ScoreFigures> = {}): ScoreFigures => ({
  count: 1,
  mean: null,
  stddev: null,
  passRate: null,
  errors: 0,
  ...more,
});
const at = (hour: number) => new Date(T0 + hour * HOUR).toISOString();

describe("quality series", () => {
  const metrics: ScoreMetrics = {
    granularity: "hour",
    names: ["correctness", "rating", "timeouts"],
    series: [
      { name: "correctness", time: at(0), ...figures({ count: 2, mean: 0.5, passRate: 0.5 }) },
      { name: "correctness", time: at(2), ...figures({ count: 1, mean: 1, passRate: 1 }) },
      { name: "rating", time: at(1), ...figures({ count: 4, mean: 3.75, stddev: 0.4 }) },
      { name: "timeouts", time: at(1), ...figures({ count: 1, errors: 1 }) },
      { name: "rating", time: at(9), ...figures({ count: 1, mean: 5 }) },
    ],
    totals: [
      { name: "correctness", ...figures({ count: 3, mean: 2 / 3, passRate: 2 / 3 }) },
      { name: "rating", ...figures({ count: 5, mean: 4, stddev: 0.5 }) },
      { name: "timeouts", ...figures({ count: 1, errors: 1 }) },
    ],
  };
  const series = qualitySeries(metrics, axis);

  it("draws pass/fail feedback as its pass rate and the rest as the mean, with gaps between", () => {
    expect(series.passRate).toEqual([{ name: "correctness", color: 1, values: [0.5, null, 1, null] }]);
    expect(series.mean).toEqual([{ name: "rating", color: 0, values: [null, 3.75, null, null] }]);
  });

  it("lists every name's totals, most feedback first, errors-only names without a line", () => {
    expect(series.totals.map((total) => [total.name, total.measure, total.charted])).toEqual([
      ["rating", "mean", true],
      ["correctness", "passRate", true],
      ["timeouts", null, false],
    ]);
  });
});
