/**
 * The eval CLI's decisions without a server: gate syntax, a gate failing on a metric without
 * valid values or with too many missing results, which run `latest` picks, the baseline check
 * failing only on a "worse" verdict, and JUnit XML that stays well-formed whatever the names and
 * inputs hold (the five XML specials and control characters).
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { UsageError } from "../src/cli/args.ts";
import type { EvalOutcome } from "../src/cli/eval-report.ts";
import { checkBaseline, checkGate, latestBaseline, parseGate } from "../src/cli/gates.ts";
import { junitXml } from "../src/cli/junit.ts";
import type { EvaluateResult, MetricComparison, ScorerMetrics } from "../src/index.ts";
import { evaluationView } from "./evaluation-fixture.ts";

const metrics = (over: Partial<ScorerMetrics>): ScorerMetrics => ({
  name: "correctness",
  count: 10,
  errors: 0,
  kind: "pass_fail",
  mean: 0.9,
  meanInterval: null,
  passRateInterval: null,
  min: 0,
  max: 1,
  median: 1,
  p90: 1,
  variance: 0.1,
  passRate: 0.9,
  withinRecordVariance: null,
  ...over,
});

const run = evaluationView;

function result(m: ScorerMetrics, value: number | null, rows = 10): EvaluateResult {
  return {
    runId: "run_2",
    url: "http://sightline.test/p/prj/evaluations/run_2",
    run: run(),
    metrics: { "correctness/mean": value, "correctness/pass_rate": value },
    scorerMetrics: [m],
    rows: Array.from({ length: rows }, (_, i) => ({
      rowKey: `k${i}`,
      position: i + 1,
      recordId: null,
      traceId: null,
      inputs: { i },
      outputs: null,
      expectations: {},
      latencyMs: null,
      error: null,
      scores: [],
    })),
  };
}

describe("gates", () => {
  it("parse <scorer>/<aggregation><op><number>, and refuse anything else as a usage error", () => {
    expect(parseGate("correctness/mean>=0.9")).toMatchObject({
      metric: "correctness/mean",
      scorer: "correctness",
      operator: ">=",
      threshold: 0.9,
    });
    expect(parseGate(" safety/mean == 1 ")).toMatchObject({
      operator: "==",
      threshold: 1,
      text: "safety/mean == 1",
    });
    expect(parseGate("a/b/p90<2.5e3")).toMatchObject({ scorer: "a/b", operator: "<", threshold: 2500 });
    for (const bad of [
      "correctness>=0.9",
      "correctness/mean=>0.9",
      "correctness/mean>=",
      "x/mean>=high",
      "x/mean!=1",
    ])
      expect(() => parseGate(bad), bad).toThrow(UsageError);
  });

  it("fail on a metric without valid values, an unknown metric, or more errors or missing results than allowed", () => {
    const gate = parseGate("correctness/mean>=0.5");
    expect(checkGate(gate, result(metrics({}), 0.9), 0.1)).toMatchObject({ passed: true, value: 0.9 });
    expect(checkGate(gate, result(metrics({ count: 0, mean: null }), null), 0.1)).toMatchObject({
      passed: false,
      detail: "correctness/mean has no valid values",
    });
    expect(checkGate(parseGate("correctnes/mean>=0.5"), result(metrics({}), 0.9), 0.1).detail).toMatch(
      /^the run has no metric correctnes\/mean/,
    );
    // 2 judge errors of 10: 20 % > 10 %.
    expect(checkGate(gate, result(metrics({ count: 8, errors: 2 }), 0.9), 0.1)).toMatchObject({
      passed: false,
      detail: "2 of 10 correctness results are errors or missing (20.0 % > 10.0 %)",
    });
    // 9 valid of 12 rows (3 records failed in predictFn): 25 % missing.
    expect(checkGate(gate, result(metrics({ count: 9 }), 0.9, 12), 0.3).passed).toBe(true);
    expect(checkGate(gate, result(metrics({ count: 9 }), 0.9, 12), 0.2).passed).toBe(false);
    expect(checkGate(parseGate("correctness/mean>0.9"), result(metrics({}), 0.9), 0.1)).toMatchObject({
      passed: false,
      detail: "correctness/mean = 0.9, not > 0.9",
    });
  });
});

const compared = (scorer: string, verdict: MetricComparison["verdict"]): MetricComparison => ({
  scorer,
  kind: "pass_fail",
  baseline: 0.9,
  candidate: 0.7,
  difference: -0.2,
  interval: { low: -0.3, high: -0.1 },
  test: "mcnemar",
  pValue: 0.01,
  adjustedPValue: 0.02,
  verdict,
  n: 30,
});
const records = [
  {
    rowKey: "a",
    scorer: "correctness",
    change: "regressed" as const,
    baseline: true,
    candidate: false,
    delta: -1,
  },
  {
    rowKey: "b",
    scorer: "safety",
    change: "regressed" as const,
    baseline: true,
    candidate: false,
    delta: -1,
  },
  {
    rowKey: "c",
    scorer: "correctness",
    change: "fixed" as const,
    baseline: false,
    candidate: true,
    delta: 1,
  },
];

describe("baseline", () => {
  const current = run({ id: "run_9", createdAt: "2026-01-09T00:00:00.000Z" });
  const runs = [
    current,
    run({ id: "run_8", status: "running", createdAt: "2026-01-08T00:00:00.000Z" }),
    run({ id: "run_7", name: "other", createdAt: "2026-01-07T00:00:00.000Z" }),
    run({ id: "run_6", createdAt: "2026-01-06T00:00:00.000Z" }),
    run({ id: "run_5", name: "bot main", createdAt: "2026-01-05T00:00:00.000Z" }),
    run({
      id: "run_4",
      source: "dataset",
      dataset: { id: "ds_1", version: 2 },
      createdAt: "2026-01-04T00:00:00.000Z",
    }),
    // The app run over the same dataset (evaluate() with a predictFn): not the recorded outputs' kind.
    run({
      id: "run_3",
      source: "records",
      dataset: { id: "ds_1", version: 1 },
      createdAt: "2026-01-03T00:00:00.000Z",
    }),
  ];

  it("latest is the newest completed earlier run of the same name, dataset and kind, or given name", () => {
    expect(latestBaseline(runs, current)?.id).toBe("run_6");
    expect(latestBaseline(runs, current, "bot main")?.id).toBe("run_5");
    expect(
      latestBaseline(
        runs,
        run({
          id: "run_10",
          source: "dataset",
          dataset: { id: "ds_1", version: 3 },
          createdAt: "2026-01-10T00:00:00.000Z",
        }),
      )?.id,
    ).toBe("run_4");
    expect(
      latestBaseline(
        runs,
        run({ id: "run_11", dataset: { id: "ds_1", version: 3 }, createdAt: "2026-01-11T00:00:00.000Z" }),
      )?.id,
    ).toBe("run_3");
    expect(latestBaseline(runs, current, "nobody")).toBeUndefined();
  });

  it("fails only when a gated scorer is worse, listing that scorer's regressions; noise passes", () => {
    const comparison = {
      metrics: [compared("correctness", "worse"), compared("safety", "no detectable change")],
      records,
    };
    const gated = checkBaseline("run_1", comparison, ["correctness", "safety", "short"]);
    expect(gated).toMatchObject({ failed: true, notCompared: ["short"] });
    expect(gated.regressions.map((r) => r.rowKey)).toEqual(["a"]);
    expect(checkBaseline("run_1", comparison, ["safety"])).toMatchObject({ failed: false, regressions: [] });
    // No gates: every compared scorer counts.
    expect(checkBaseline("run_1", comparison, null).failed).toBe(true);
  });
});

describe("JUnit XML", () => {
  it("stays well-formed and round-trips names and inputs with XML specials and control characters", async () => {
    const nasty = `a & b < c > d "e" 'f' \u0001\u001b end`;
    const r = result(metrics({}), 0.9);
    r.run = run({ name: nasty });
    r.rows[0] = { ...(r.rows[0] as EvaluateResult["rows"][number]), rowKey: "a", inputs: { q: nasty } };
    const outcome: EvalOutcome = {
      result: r,
      gates: [
        {
          gate: parseGate("correctness/mean>=0.95"),
          value: 0.9,
          passed: false,
          detail: `0.9 < 0.95 & "more"`,
        },
      ],
      baseline: {
        baselineId: "run_1",
        url: "http://sightline.test/p/prj/evaluations/compare?runs=run_1&runs=run_2",
        metrics: [compared("correctness", "worse")],
        notCompared: [],
        regressions: [records[0] as (typeof records)[number]],
        failed: true,
      },
      baselineNote: null,
      passed: false,
    };
    const xml = await junitXml(outcome);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect([xml.includes("\u0001"), xml.includes("\u001b")]).toEqual([false, false]);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "@",
      isArray: (n) => n === "testcase",
    }).parse(xml);
    const suite = parsed.testsuites.testsuite;
    expect(suite["@name"]).toBe(`sightline eval: a & b < c > d "e" 'f' \uFFFD\uFFFD end`);
    expect(suite["@tests"]).toBe("3");
    expect(suite["@failures"]).toBe("3");
    const [gate, versus, record] = suite.testcase;
    expect(gate.failure["@message"]).toBe(`0.9 < 0.95 & "more"`);
    expect(versus["@name"]).toBe("correctness against run_1");
    expect(record.failure["#text"]).toBe(`inputs: {"q":"a & b < c > d \\"e\\" 'f' \\u0001\\u001b end"}`);
  });
});
