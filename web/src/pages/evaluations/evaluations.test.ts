import { describe, expect, it } from "vitest";
import type { EvaluationResult, EvaluationRun, RecordChange, ScorerMetrics } from "../../api/evaluations";
import {
  comparedKind,
  comparisonOrder,
  formatDifference,
  formatInterval,
  formatMetric,
  formatPValue,
  mainMetric,
  progressOf,
  trendsOf,
} from "./figures";
import { changedRecords, changeOf, diffText, groupScores, scoreText, scoreTone, textOf } from "./results";
import { labelledRuns, niceCeil, trendDrawing } from "./trendScale";

const metrics = (patch: Partial<ScorerMetrics>): ScorerMetrics => ({
  name: "correct",
  source: "registered",
  count: 10,
  errors: 0,
  kind: "pass_fail",
  mean: 0.7,
  meanInterval: { low: 0.4, high: 0.89 },
  passRateInterval: { low: 0.4, high: 0.89 },
  min: 0,
  max: 1,
  median: 1,
  p90: 1,
  variance: 0.2,
  passRate: 0.7,
  withinRecordVariance: null,
  ...patch,
});

const run = (id: string, createdAt: string, patch: Partial<EvaluationRun> = {}): EvaluationRun => ({
  id,
  name: `run ${id}`,
  status: "completed",
  source: "dataset",
  dataset: { id: "ds_1", version: 1 },
  scorers: [],
  codeScorers: [],
  params: {},
  tags: {},
  repeats: 1,
  open: false,
  rows: 10,
  progress: { total: 10, done: 10, errors: 0 },
  metrics: {},
  scorerMetrics: [metrics({})],
  judge: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  latency: { mean: null, p50: null, p95: null },
  createdBy: "Ada",
  createdAt,
  finishedAt: null,
  ...patch,
});

const score = (patch: Partial<EvaluationResult["scores"][number]>): EvaluationResult["scores"][number] => ({
  scorer: "correct",
  scorerVersionId: "scv_1",
  repeat: 1,
  value: true,
  passed: true,
  rationale: "Fine.",
  error: null,
  costUsd: null,
  assessmentId: "as_1",
  ...patch,
});

describe("headline figures", () => {
  it("reads a pass/fail scorer as its pass rate and a numeric one as its mean", () => {
    expect(mainMetric(metrics({}))).toMatchObject({ kind: "pass_rate", value: 0.7 });
    const numeric = mainMetric(metrics({ passRate: null, mean: 3.4, meanInterval: { low: 2.9, high: 3.9 } }));
    expect(numeric).toMatchObject({ kind: "mean", value: 3.4 });
    expect(formatMetric("pass_rate", 0.7)).toBe("70%");
    expect(formatMetric("mean", 3.456)).toBe("3.46");
    expect(formatMetric("mean", null)).toBe("—");
    expect(formatInterval("pass_rate", { low: 0.4, high: 0.89 })).toBe("40%–89%");
    expect(formatInterval("mean", null)).toBeNull();
  });
  it("writes differences as points or signed numbers, and small p-values as a bound", () => {
    expect(formatDifference("pass_rate", -0.08)).toBe("−8.0 pts");
    expect(formatDifference("pass_rate", 0.125)).toBe("+12.5 pts");
    expect(formatDifference("mean", -0.5)).toBe("−0.5");
    expect(formatDifference("mean", 0.25)).toBe("+0.25");
    expect(formatPValue(0.0004)).toBe("< 0.001");
    expect(formatPValue(0.004)).toBe("0.004");
    expect(formatPValue(0.5)).toBe("0.5");
    expect(formatPValue(1)).toBe("1");
  });
  it("reads a compared pass/fail scorer as a rate only when its figures are rates", () => {
    expect(comparedKind({ kind: "pass_fail", baseline: 0.82, candidate: 0.74 })).toBe("pass_rate");
    expect(comparedKind({ kind: "pass_fail", baseline: 13.5, candidate: 15.9 })).toBe("mean");
    expect(comparedKind({ kind: "numeric", baseline: 0.5, candidate: 0.6 })).toBe("mean");
  });
  it("counts progress in whole percent, a run with nothing to score as done", () => {
    expect(progressOf({ progress: { total: 3, done: 2, errors: 1 } })).toMatchObject({ percent: 66 });
    expect(progressOf({ progress: { total: 0, done: 0, errors: 0 } }).percent).toBe(100);
  });
});

describe("trends across runs", () => {
  it("puts finished runs oldest first, one trend a scorer and kind, gaps where a run lacks it", () => {
    const runs = [
      run("c", "2026-01-03T00:00:00Z", {
        scorerMetrics: [metrics({ passRate: 0.9 }), metrics({ name: "tone", passRate: null, mean: 4 })],
      }),
      run("r", "2026-01-04T00:00:00Z", { status: "running" }),
      run("a", "2026-01-01T00:00:00Z", { scorerMetrics: [metrics({ passRate: 0.5 })] }),
    ];
    const { runs: finished, trends } = trendsOf(runs);
    expect(finished.map((r) => r.id)).toEqual(["a", "c"]);
    expect(trends.map((t) => t.key)).toEqual(["correct/pass_rate", "tone/mean"]);
    expect(trends[0]?.points.map((p) => p.value)).toEqual([0.5, 0.9]);
    expect(trends[1]?.points.map((p) => p.value)).toEqual([null, 4]);
  });
  it("draws a pass rate on 0–1 and joins only the runs that have a value", () => {
    const { trends } = trendsOf([
      run("a", "2026-01-01T00:00:00Z", { scorerMetrics: [metrics({ passRate: 0 })] }),
      run("b", "2026-01-02T00:00:00Z", { scorerMetrics: [metrics({ passRate: 1, meanInterval: null })] }),
    ]);
    const trend = trends[0];
    if (!trend) throw new Error("a trend");
    const drawing = trendDrawing(trend, { width: 100, height: 100, left: 0, right: 0, top: 0, bottom: 0 });
    expect(drawing.marks.map((m) => [m.x, m.y])).toEqual([
      [0, 100],
      [100, 0],
    ]);
    expect(drawing.marks[1]?.low).toBeNull();
    expect(drawing.line).toBe("M0.0,100.0 L100.0,0.0");
    expect(drawing.ticks.map((t) => t.value)).toEqual([0, 0.5, 1]);
  });
  it("rounds a mean's axis up to a number that reads well", () => {
    expect([0.7, 4.32, 5, 11, 2.6, 0.023].map(niceCeil)).toEqual([1, 5, 5, 20, 5, 0.025]);
  });
  it("labels every run of a few, about three of many with the newest always", () => {
    expect([...labelledRuns(3)].sort()).toEqual([0, 1, 2]);
    expect([...labelledRuns(5)].sort()).toEqual([0, 2, 4]);
    const many = labelledRuns(20);
    expect(many.has(19)).toBe(true);
    expect(many.size).toBeLessThanOrEqual(3);
  });
  it("compares the picked runs oldest first (the baseline)", () => {
    const runs = [
      run("new", "2026-01-03T00:00:00Z"),
      run("old", "2026-01-01T00:00:00Z"),
      run("x", "2026-01-02T00:00:00Z"),
    ];
    expect(comparisonOrder(runs, new Set(["new", "old"]))).toEqual(["old", "new"]);
  });
});

describe("per-record results", () => {
  it("shows values as pass/fail, categories and rounded numbers, errors apart", () => {
    expect(scoreText(score({}))).toBe("pass");
    expect(scoreText(score({ value: false, passed: false }))).toBe("fail");
    expect(scoreText(score({ value: "yes", passed: true }))).toBe("yes");
    expect(scoreText(score({ value: 0.12345, passed: null }))).toBe("0.123");
    expect(scoreText(score({ error: { code: "X", message: "y" } }))).toBe("error");
    expect(scoreTone(score({ passed: false }))).toBe("danger");
    expect(scoreTone(score({ passed: null }))).toBe("neutral");
    expect(scoreTone(score({ error: { code: "X", message: "y" } }))).toBe("warning");
  });
});

describe("repeats", () => {
  it("groups a scorer's repeats by what they said, in order of first appearance", () => {
    const groups = groupScores([
      score({ repeat: 1, value: false, passed: false }),
      score({ repeat: 2 }),
      score({ repeat: 3, value: false, passed: false }),
      score({ repeat: 4, error: { code: "TIMEOUT", message: "slow" } }),
    ]);
    expect(groups.map((g) => [g.text, g.tone, g.scores.map((s) => s.repeat)])).toEqual([
      ["fail", "danger", [1, 3]],
      ["pass", "success", [2]],
      ["error", "warning", [4]],
    ]);
  });
});

describe("comparison records", () => {
  const change = (
    rowKey: string,
    kind: RecordChange["change"],
    delta: number,
    scorer = "correct",
  ): RecordChange => ({
    rowKey,
    scorer,
    change: kind,
    baseline: kind === "delta" ? 3 : delta < 0,
    candidate: kind === "delta" ? 3 + delta : delta > 0,
    delta,
  });
  it("lists a record once: regressions first (worst first), then lower, mixed and higher values, then fixes", () => {
    const records = changedRecords([
      change("fixed", "fixed", 1),
      change("fixed", "delta", 1, "tone"),
      change("higher", "delta", 0.5, "tone"),
      change("small", "delta", -0.1, "tone"),
      change("mixed", "delta", -1, "tone"),
      change("mixed", "fixed", 1),
      change("both", "regressed", -1),
      change("both", "delta", -2, "tone"),
      change("regressed", "regressed", -1),
    ]);
    expect(records.map((r) => [r.rowKey, r.kind])).toEqual([
      ["both", "regressed"],
      ["regressed", "regressed"],
      ["small", "lower"],
      ["mixed", "mixed"],
      ["higher", "higher"],
      ["fixed", "fixed"],
    ]);
    expect(records[0]?.changes).toHaveLength(2);
  });
  it("reads a pass/fail change from its values: fail to fail with a higher number is no fix", () => {
    const lengthRule = { ...change("longer", "fixed", 8), baseline: false, candidate: false };
    expect(changeOf(lengthRule)).toBe("delta");
    expect(changeOf({ ...lengthRule, candidate: true })).toBe("fixed");
    expect(changeOf({ ...lengthRule, baseline: true, delta: -8 })).toBe("regressed");
    expect(changedRecords([lengthRule])[0]?.kind).toBe("higher");
  });
  it("diffs outputs by words, keeping line breaks", () => {
    expect(textOf({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(diffText("You get a refund\nin 30 days", "You get no refund\nin 30 days")).toEqual([
      { op: "same", text: "You get " },
      { op: "remove", text: "a" },
      { op: "add", text: "no" },
      { op: "same", text: " refund\nin 30 days" },
    ]);
  });
});
