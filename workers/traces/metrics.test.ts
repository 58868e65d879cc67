import { beforeAll, describe, expect, it } from "vitest";
import { asUser } from "../test/accounts";
import { expectError } from "../test/helpers";
import { getJson, listTraces, type Query, withQuery } from "../test/trace-api";
import { buildTrace, hoursAgo, ingestTraces, type TraceProject, traceProject } from "../test/trace-fixtures";
import type { MetricFigures, MetricPoint } from "./api-types";
import { percentileFromBuckets } from "./metrics";

type Metrics = { granularity: string; series: MetricPoint[]; totals: MetricFigures };
const HOUR = 3_600_000;

describe("percentile estimates from the latency histogram", () => {
  it("lands in the bucket holding the rank, interpolating geometrically inside it", () => {
    const buckets = Array(24).fill(0);
    buckets[3] = 50; // [8, 16) ms
    buckets[10] = 50; // [1024, 2048) ms
    expect(percentileFromBuckets(buckets, 0.5)).toBe(16);
    const p25 = percentileFromBuckets(buckets, 0.25) ?? 0;
    expect(p25).toBeCloseTo(8 * Math.SQRT2, 1);
    const p99 = percentileFromBuckets(buckets, 0.99) ?? 0;
    expect(p99).toBeGreaterThanOrEqual(1024);
    expect(p99).toBeLessThan(2048);
    const fast = Array(24).fill(0);
    fast[0] = 4; // [0, 2) ms: linear
    expect(percentileFromBuckets(fast, 0.5)).toBe(1);
    expect(percentileFromBuckets(Array(24).fill(0), 0.5)).toBeNull();
  });
});

describe("GET metrics", () => {
  let p: TraceProject;
  const h0 = hoursAgo(5);
  const h1 = hoursAgo(4);
  // Hour h0: ten gpt-4o-mini traces, 10…90 ms and one of 1 s, two failed.
  const fastDurations = [10, 20, 30, 40, 50, 60, 70, 80, 90, 1000];
  // Hour h1: four claude traces of 3 s, and one trace without a model call.

  beforeAll(async () => {
    p = await traceProject();
    await ingestTraces(p.ingestKey, [
      ...fastDurations.map((durationMs, i) =>
        buildTrace({
          startMs: h0 + 60_000 * i,
          durationMs,
          error: i < 2,
          inputTokens: 100,
          outputTokens: 20,
        }),
      ),
      ...[0, 1, 2, 3].map((i) =>
        buildTrace({
          startMs: h1 + 60_000 * i,
          durationMs: 3000,
          model: "claude-3-5-sonnet",
          inputTokens: 300,
          outputTokens: 100,
        }),
      ),
      buildTrace({ startMs: h1 + 600_000, durationMs: 3000, model: null }),
    ]);
  });

  const metrics = (query: Query) =>
    getJson<Metrics>(p.owner.cookie, withQuery(`/api/v1/projects/${p.owner.projectId}/metrics`, query));
  const iso = (ms: number) => new Date(ms).toISOString();

  it("hourly: one point per hour (zeros when idle), counts, errors, tokens, cost and percentiles", async () => {
    const m = await metrics({ from: iso(h0 + 1234), to: iso(h0 + 4 * HOUR) });
    expect(m.granularity).toBe("hour");
    expect(m.series.map((s) => s.time)).toEqual([0, 1, 2, 3].map((i) => iso(h0 + i * HOUR)));
    const [first, second, idle] = m.series;
    expect(first).toMatchObject({
      group: null,
      traces: 10,
      errorTraces: 2,
      errorRate: 0.2,
      calls: 10,
      errorCalls: 0,
      inputTokens: 1000,
      outputTokens: 200,
    });
    expect(first?.costUsd).toBeCloseTo((10 * (100 * 0.15 + 20 * 0.6)) / 1e6, 12);
    // The median trace took 50–60 ms: bucket [32, 64); the slowest (1 s) is in [512, 1024).
    expect(first?.latencyP50Ms).toBeGreaterThanOrEqual(32);
    expect(first?.latencyP50Ms).toBeLessThan(64);
    for (const p95 of [first?.latencyP95Ms, first?.latencyP99Ms]) {
      expect(p95).toBeGreaterThanOrEqual(512);
      expect(p95).toBeLessThan(1024);
    }
    expect(second).toMatchObject({
      traces: 5,
      errorTraces: 0,
      calls: 4,
      inputTokens: 1200,
      outputTokens: 400,
    });
    expect(second?.latencyP50Ms).toBeGreaterThanOrEqual(2048);
    expect(second?.latencyP50Ms).toBeLessThan(4096);
    expect(idle).toMatchObject({
      traces: 0,
      errorRate: null,
      latencyP50Ms: null,
      calls: 0,
      inputTokens: 0,
      costUsd: 0,
    });
  });

  it("totals match what was ingested, also as read back through the traces list", async () => {
    const m = await metrics({ from: iso(h0), to: iso(h0 + 4 * HOUR) });
    const { traces } = await listTraces(p.owner.cookie, p.owner.projectId);
    expect(m.totals).toMatchObject({
      traces: traces.length,
      errorTraces: traces.filter((t) => t.status === "ERROR").length,
      calls: 14,
      inputTokens: traces.reduce((n, t) => n + t.inputTokens, 0),
      outputTokens: traces.reduce((n, t) => n + t.outputTokens, 0),
    });
    expect(m.totals.errorRate).toBeCloseTo(2 / 15, 12);
    expect(m.totals.costUsd).toBeCloseTo(
      traces.reduce((n, t) => n + (t.costUsd ?? 0), 0),
      12,
    );
    expect(m.totals.latencyP99Ms).toBeGreaterThanOrEqual(2048);
  });

  it("by model: one point per model and hour with that model's calls", async () => {
    const m = await metrics({ from: iso(h0), to: iso(h0 + 4 * HOUR), groupBy: "model" });
    expect(m.series.map((s) => [s.time, s.group])).toEqual([
      [iso(h0), "gpt-4o-mini"],
      [iso(h1), "claude-3-5-sonnet"],
    ]);
    const [mini, claude] = m.series;
    expect(mini).toMatchObject({
      traces: null,
      errorTraces: null,
      calls: 10,
      errorRate: 0,
      inputTokens: 1000,
    });
    expect(claude).toMatchObject({ calls: 4, inputTokens: 1200, outputTokens: 400 });
    expect(claude?.costUsd).toBeCloseTo((4 * (300 * 3 + 100 * 15)) / 1e6, 12);
    // Model calls took 60% of their trace: 1.8 s, bucket [1024, 2048).
    expect(claude?.latencyP50Ms).toBeGreaterThanOrEqual(1024);
    expect(claude?.latencyP50Ms).toBeLessThan(2048);
    expect(m.totals.traces).toBe(15);
  });

  it("daily: hours fold into UTC days with the same totals", async () => {
    const hourly = await metrics({ from: iso(h0), to: iso(h0 + 4 * HOUR) });
    const daily = await metrics({ granularity: "day", from: iso(h0), to: iso(h0 + 4 * HOUR) });
    expect(daily.granularity).toBe("day");
    const days = new Set([h0, h1].map((h) => iso(Math.floor(h / 86_400_000) * 86_400_000)));
    expect(daily.series.filter((s) => (s.traces ?? 0) > 0).map((s) => s.time)).toEqual([...days]);
    expect(daily.series.reduce((n, s) => n + (s.traces ?? 0), 0)).toBe(15);
    expect(daily.totals).toEqual(hourly.totals);
  });

  it("answers zeros for a project without traffic, and 422 for bad parameters", async () => {
    const empty = await traceProject();
    const m = await getJson<Metrics>(empty.owner.cookie, `/api/v1/projects/${empty.owner.projectId}/metrics`);
    // Default range: the last 24 hours, from the hour 24 h ago (rounded down) to the current one.
    expect(m.series).toHaveLength(25);
    expect(m.totals).toMatchObject({ traces: 0, errorRate: null, latencyP50Ms: null, costUsd: 0 });
    const path = `/api/v1/projects/${p.owner.projectId}/metrics`;
    for (const [query, name] of [
      [{ granularity: "week" }, "granularity"],
      [{ groupBy: "user" }, "groupBy"],
      [{ from: "soon" }, "from"],
      [{ from: iso(h1), to: iso(h0) }, "from"],
      [{ from: iso(h0 - 40 * 24 * HOUR), to: iso(h0) }, "31 days"],
    ] as const) {
      const error = await expectError(
        await asUser(p.owner.cookie, withQuery(path, query)),
        422,
        "INVALID_INPUT",
      );
      expect(error.message).toContain(name);
    }
  });
});
