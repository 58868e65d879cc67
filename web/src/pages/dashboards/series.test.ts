import { describe, expect, it } from "vitest";
import type { MetricPoint, Metrics } from "../../api/traceTypes";
import { groupedSeries, overallSeries, timeAxis } from "./series";

const HOUR = 3_600_000;
const FROM = "2025-03-10T00:00:00.000Z";
const T0 = Date.parse(FROM);

function point(hour: number, figures: Partial<MetricPoint> = {}): MetricPoint {
  return {
    time: new Date(T0 + hour * HOUR).toISOString(),
    group: null,
    traces: 0,
    errorTraces: 0,
    errorRate: null,
    latencyP50Ms: null,
    latencyP95Ms: null,
    latencyP99Ms: null,
    calls: 0,
    errorCalls: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    ...figures,
  };
}

function metrics(series: MetricPoint[]): Metrics {
  return { granularity: "hour", series, totals: point(0) };
}

describe("time axis", () => {
  it("has one slot per hour of the range, in unix seconds, from the start of the first hour", () => {
    const axis = timeAxis("2025-03-10T00:20:00.000Z", "2025-03-10T03:05:00.000Z", "hour");
    expect(axis.x).toEqual([0, 1, 2, 3].map((h) => (T0 + h * HOUR) / 1000));
    expect(axis.slotOf("2025-03-10T02:59:59.000Z")).toBe(2);
  });

  it("has one slot per day for daily granularity", () => {
    expect(timeAxis("2025-03-01T10:00:00.000Z", "2025-03-07T10:00:00.000Z", "day").x).toHaveLength(7);
  });
});

describe("overall series", () => {
  const axis = timeAxis(FROM, new Date(T0 + 4 * HOUR).toISOString(), "hour");

  it("fills hours without traffic with zeros for counts and gaps for latency", () => {
    const series = overallSeries(
      metrics([
        point(1, { traces: 4, errorTraces: 1, latencyP50Ms: 120, inputTokens: 100, costUsd: 0.01 }),
        point(3, { traces: 2, errorTraces: 0, latencyP50Ms: 80, outputTokens: 7 }),
      ]),
      axis,
    );
    expect(series.x).toHaveLength(5);
    expect(series.traces).toEqual([0, 4, 0, 2, 0]);
    expect(series.errorTraces).toEqual([0, 1, 0, 0, 0]);
    expect(series.inputTokens).toEqual([0, 100, 0, 0, 0]);
    expect(series.outputTokens).toEqual([0, 0, 0, 7, 0]);
    expect(series.cost).toEqual([0, 0.01, 0, 0, 0]);
    expect(series.p50).toEqual([null, 120, null, 80, null]);
    expect(series.errorRate).toEqual([null, 0.25, null, 0, null]);
  });

  it("drops points outside the range instead of drawing them at the edges", () => {
    const series = overallSeries(metrics([point(-1, { traces: 9 }), point(5, { traces: 9 })]), axis);
    expect(series.traces).toEqual([0, 0, 0, 0, 0]);
  });
});

describe("per-model series", () => {
  const axis = timeAxis(FROM, new Date(T0 + HOUR).toISOString(), "hour");

  it("keeps the six biggest models and sums the rest into Other", () => {
    const models = ["a", "b", "c", "d", "e", "f", "g", "h"];
    const points = models.map((group, i) => point(i % 2, { group, inputTokens: 1000 - i * 100 }));
    const series = groupedSeries(points, axis);
    expect(series.groups).toEqual(["a", "b", "c", "d", "e", "f", "Other"]);
    expect(series.tokens[0]).toEqual([1000, 0]);
    // g (400 tokens, hour 0) and h (300 tokens, hour 1)
    expect(series.tokens[6]).toEqual([400, 300]);
  });

  it("names spans without a model", () => {
    expect(groupedSeries([point(0, { inputTokens: 5 })], axis).groups).toEqual(["(none)"]);
  });
});
