/**
 * Quality gates of `sightline eval`: thresholds on a run's metrics, and a comparison with a
 * baseline run that fails only on a statistically detectable regression (the server's verdict,
 * Holm-adjusted), never on noise. A gate fails rather than passing silently when its metric has
 * no valid value or too many of its scorer's units have none (scorer errors, and records that
 * could not be scored: predictFn failed, no recorded outputs).
 */
import type { EvaluateResult, Evaluation, MetricComparison, RecordChange } from "../evaluation-types.ts";
import { UsageError } from "./args.ts";

const OPERATORS = {
  ">=": (a: number, b: number) => a >= b,
  ">": (a: number, b: number) => a > b,
  "<=": (a: number, b: number) => a <= b,
  "<": (a: number, b: number) => a < b,
  "==": (a: number, b: number) => a === b,
} as const;
type Operator = keyof typeof OPERATORS;

export interface Gate {
  /** As written: `correctness/mean>=0.9`. */
  text: string;
  metric: string;
  /** The scorer: the metric's name before its last `/`. */
  scorer: string;
  operator: Operator;
  threshold: number;
}

export interface GateResult {
  gate: Gate;
  value: number | null;
  passed: boolean;
  /** Why it failed, or what it saw. */
  detail: string;
}

/** `scorer/aggregation OP number`, OP one of >=, >, <=, <, ==. */
export function parseGate(text: string): Gate {
  const match = /^\s*([^<>=\s]+\/[^<>=\s]+)\s*(>=|<=|==|>|<)\s*(\S+)\s*$/.exec(text);
  const threshold = Number(match?.[3]);
  if (!match?.[1] || !match[2] || match[3] === "" || !Number.isFinite(threshold))
    throw new UsageError(
      `--gate takes "<scorer>/<aggregation><op><number>" with op >=, >, <=, < or ==, e.g. "correctness/mean>=0.9"; got "${text}"`,
    );
  const metric = match[1];
  return {
    text: text.trim(),
    metric,
    scorer: metric.slice(0, metric.lastIndexOf("/")),
    operator: match[2] as Operator,
    threshold,
  };
}

const shown = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(4).replace(/0+$/, ""));

/** Units a scorer had to score: every row, `repeats` times for a server scorer, once for a code scorer. */
function unitsOf(result: EvaluateResult, scorer: string): number {
  const server = result.run.scorers.some((s) => s.name === scorer);
  return result.rows.length * (server ? result.run.repeats : 1);
}

export function checkGate(gate: Gate, result: EvaluateResult, maxErrorRate: number): GateResult {
  const fail = (value: number | null, detail: string) => ({ gate, value, passed: false, detail });
  const metrics = result.scorerMetrics.find((m) => m.name === gate.scorer);
  if (!(gate.metric in result.metrics) || !metrics)
    return fail(
      null,
      `the run has no metric ${gate.metric} (it has ${Object.keys(result.metrics).join(", ")})`,
    );
  const value = result.metrics[gate.metric] ?? null;
  if (value === null || metrics.count === 0) return fail(null, `${gate.metric} has no valid values`);
  const units = unitsOf(result, gate.scorer);
  const missing = Math.max(metrics.errors, units - metrics.count);
  const errorRate = units === 0 ? 0 : missing / units;
  if (errorRate > maxErrorRate)
    return fail(
      value,
      `${missing} of ${units} ${gate.scorer} results are errors or missing (${(errorRate * 100).toFixed(1)} % > ${(maxErrorRate * 100).toFixed(1)} %)`,
    );
  const passed = OPERATORS[gate.operator](value, gate.threshold);
  return {
    gate,
    value,
    passed,
    detail: `${gate.metric} = ${shown(value)}${passed ? "" : `, not ${gate.operator} ${shown(gate.threshold)}`}`,
  };
}

/**
 * The baseline `latest` means the newest completed run before this one on the same dataset, or,
 * for a run over records, of the same name; `latest:NAME`, the newest completed run named NAME
 * (say, main's runs for a pull request's). `runs` is newest first, as the API lists them.
 */
export function latestBaseline(
  runs: Evaluation[],
  current: Evaluation,
  name?: string,
): Evaluation | undefined {
  const same = (r: Evaluation) =>
    name !== undefined
      ? r.name === name
      : current.dataset
        ? r.dataset?.id === current.dataset.id && r.source === current.source
        : r.source !== "dataset" && r.name === current.name;
  return runs.find(
    (r) => r.id !== current.id && r.status === "completed" && r.createdAt <= current.createdAt && same(r),
  );
}

export interface BaselineCheck {
  baselineId: string;
  /** The comparison's page in the dashboard. */
  url: string;
  /** The gated scorers' comparisons (every compared scorer when no gate is given). */
  metrics: MetricComparison[];
  /** Gated scorers the server could not compare (a local code scorer, or one the baseline lacks). */
  notCompared: string[];
  /** Records that regressed on a scorer whose verdict is "worse", regressions first. */
  regressions: RecordChange[];
  failed: boolean;
}

/** Fails when any gated scorer's verdict is "worse"; its regressed records are listed. */
export function checkBaseline(
  baselineId: string,
  comparison: { metrics: MetricComparison[]; records: RecordChange[] },
  gatedScorers: string[] | null,
  url = "",
): BaselineCheck {
  const gated = gatedScorers ?? comparison.metrics.map((m) => m.scorer);
  const metrics = comparison.metrics.filter((m) => gated.includes(m.scorer));
  const worse = new Set(metrics.filter((m) => m.verdict === "worse").map((m) => m.scorer));
  return {
    baselineId,
    url,
    metrics,
    notCompared: gated.filter((s) => !metrics.some((m) => m.scorer === s)),
    regressions: comparison.records.filter(
      (r) => worse.has(r.scorer) && (r.change === "regressed" || (r.change === "delta" && r.delta < 0)),
    ),
    failed: worse.size > 0,
  };
}
