import { describe, expect, it } from "vitest";
import type { AlertSeriesPoint } from "../../api/alerts";
import { hourlySlots, ruleChartColumns, sparklinePath } from "./chartData";

const point = (end: string, over: Partial<AlertSeriesPoint> = {}): AlertSeriesPoint => ({
  start: end,
  end,
  statistic: 0.9,
  n: 40,
  low: null,
  high: null,
  baseline: 0.9,
  limit: 0.8,
  verdict: "clear",
  state: "ok",
  ...over,
});

describe("an alert rule's chart", () => {
  it("puts each window at its end and marks the firing ones on the statistic", () => {
    const columns = ruleChartColumns({
      windowMinutes: 60,
      points: [
        point("2026-12-06T10:00:00Z"),
        point("2026-12-06T11:00:00Z", { statistic: 0.6, state: "firing", verdict: "holds" }),
        point("2026-12-06T12:00:00Z", { statistic: null, state: "firing", verdict: "insufficient" }),
      ],
    });
    expect(columns.x).toEqual([1796551200, 1796554800, 1796558400]);
    expect(columns.firing).toEqual([null, 0.6, 0.8]);
    expect(columns.firingWindows).toBe(2);
    expect(columns.measuredWindows).toBe(2);
    expect(columns.hasBand).toBe(false);
    expect(columns.hasBaseline).toBe(true);
  });

  it("has a band only where the series gives an interval", () => {
    const columns = ruleChartColumns({
      windowMinutes: 60,
      points: [point("2026-12-06T10:00:00Z", { low: 0.8, high: 0.95, baseline: null })],
    });
    expect(columns.hasBand).toBe(true);
    expect(columns.hasBaseline).toBe(false);
  });
});

describe("a monitor's sparkline", () => {
  const now = Date.parse("2026-12-06T12:34:00Z");

  it("places the listed hours among the last 24, the current hour last", () => {
    const slots = hourlySlots(
      [
        { hour: "2026-12-05T13:00:00Z", count: 3, mean: 0.5, passRate: null },
        { hour: "2026-12-06T12:00:00Z", count: 9, mean: 0.7, passRate: 0.75 },
        { hour: "2026-12-05T12:00:00Z", count: 1, mean: 1, passRate: 1 },
      ],
      now,
    );
    expect(slots).toHaveLength(24);
    expect(slots[0]).toBe(0.5);
    expect(slots[23]).toBe(0.75);
    expect(slots.filter((v) => v !== null)).toHaveLength(2);
  });

  it("draws segments broken at gaps, a lone point as a dash, a flat series in the middle", () => {
    expect(sparklinePath([null, null], 100, 20)).toBe("");
    expect(sparklinePath([0, 1, null, 0.5], 30, 20)).toBe("M0 18L10 2M28.5 10h3");
    expect(sparklinePath([0.4, 0.4], 10, 20)).toBe("M0 10L10 10");
  });
});
