/**
 * What `sightline eval` shows: its progress, the metrics table, the gates and the baseline
 * comparison in the terminal, and the same as Markdown for a pull-request comment.
 */
import type { EvaluateProgress, EvaluateResult, ScorerMetrics } from "../evaluation-types.ts";
import type { BaselineCheck, GateResult } from "./gates.ts";
import { count, type ProgressRender } from "./progress.ts";

/** Everything a report reads: the run, its gates, and the comparison when there was a baseline. */
export interface EvalOutcome {
  result: EvaluateResult;
  gates: GateResult[];
  baseline: BaselineCheck | null;
  /** Why there is no comparison (no earlier run to compare with), when asked for one. */
  baselineNote: string | null;
  passed: boolean;
}

function bar(share: number, width: number): string {
  const filled = Math.round(Math.min(1, share) * width);
  return `[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${`${Math.floor(share * 100)}%`.padStart(4)}`;
}

const failedText = (p: EvaluateProgress) => (p.failed === 0 ? "" : ` (${count(p.failed)} failed)`);

export const evalProgress: ProgressRender<EvaluateProgress> = {
  bar(p, width) {
    if (p.stage === "predicting")
      return `predicting ${bar(p.records ? p.predicted / p.records : 0, width)}  ${count(p.predicted)} / ${count(p.records)} records${failedText(p)}`;
    const { done, total, errors } = p.scoring;
    const errorText = errors === 0 ? "" : `, ${count(errors)} errors`;
    return `scoring    ${bar(total ? done / total : 1, width)}  ${count(done)} / ${count(total)} scores${errorText}`;
  },
  line(p) {
    if (p.stage === "predicting")
      return `predicted ${count(p.predicted)} of ${count(p.records)} records${failedText(p)}`;
    return `scored ${count(p.scoring.done)} of ${count(p.scoring.total)} (${count(p.scoring.errors)} errors)`;
  },
  urgent: (p) => p.stage === "done" || (p.stage === "predicting" && p.predicted === p.records),
};

const fixed = (n: number | null | undefined, digits = 3) =>
  n === null || n === undefined ? "–" : n.toFixed(digits);
/** A p-value: four decimals, or "< 0.0001". */
const pText = (p: number) => (p < 0.0001 ? "< 0.0001" : `= ${p.toFixed(4)}`);
const percent = (n: number | null) => (n === null ? "–" : `${(n * 100).toFixed(1)} %`);
const interval = (m: ScorerMetrics) =>
  m.meanInterval ? `${fixed(m.meanInterval.low)} – ${fixed(m.meanInterval.high)}` : "–";
/** The pass rate with its 95 % interval: `26.7 % (14.2 – 44.4)`. */
const passRate = (m: ScorerMetrics) =>
  m.passRate === null
    ? "–"
    : `${percent(m.passRate)}${m.passRateInterval ? ` (${(m.passRateInterval.low * 100).toFixed(1)} – ${(m.passRateInterval.high * 100).toFixed(1)})` : ""}`;

/** The rows of the metrics table: one per scorer, code scorers marked. */
function metricRows(result: EvaluateResult): string[][] {
  const local = (name: string) => !result.run.scorers.some((s) => s.name === name);
  return result.scorerMetrics.map((m) => [
    local(m.name) ? `${m.name} (code)` : m.name,
    count(m.count),
    count(m.errors),
    fixed(m.mean),
    interval(m),
    passRate(m),
    fixed(m.median),
    fixed(m.p90),
  ]);
}
const METRIC_HEADER = ["scorer", "n", "errors", "mean", "95 % CI", "pass rate (95 % CI)", "median", "p90"];

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

function runLine(result: EvaluateResult): string {
  const { run } = result;
  const failed = result.rows.filter((r) => r.error !== null).length;
  const errors = failed === 0 ? "" : `, ${count(failed)} not scored (see their errors)`;
  return `Run "${run.name}" (${run.id}) ${run.status}: ${count(result.rows.length)} records${errors}\n${result.url}`;
}

const inputsText = (inputs: unknown) => {
  const text = JSON.stringify(inputs) ?? "";
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
};

/** The run's rows by key, to show a regressed record's inputs. */
const inputsByKey = (result: EvaluateResult) => new Map(result.rows.map((r) => [r.rowKey, r.inputs]));

/** The terminal report: run, metrics table, latency and cost, gates, comparison and regressed records. */
export function terminalReport(outcome: EvalOutcome): string {
  const { result, gates, baseline } = outcome;
  const { latency, judge } = result.run;
  const out = [runLine(result), "", table(METRIC_HEADER, metricRows(result)), ""];
  out.push(
    `latency: mean ${fixed(latency.mean, 0)} ms, p50 ${fixed(latency.p50, 0)} ms, p95 ${fixed(latency.p95, 0)} ms · judges: ${count(judge.inputTokens)} tokens in, ${count(judge.outputTokens)} out, $${judge.costUsd.toFixed(4)}`,
  );
  if (gates.length > 0) {
    out.push("", "Gates:");
    for (const g of gates) out.push(`  ${g.passed ? "✓" : "✗"} ${g.gate.text}  (${g.detail})`);
  }
  if (outcome.baselineNote) out.push("", outcome.baselineNote);
  if (baseline) {
    out.push("", `Compared with ${baseline.baselineId}: ${baseline.url}`);
    for (const m of baseline.metrics)
      out.push(
        `  ${m.verdict === "worse" ? "✗" : "✓"} ${m.scorer}: ${fixed(m.baseline)} → ${fixed(m.candidate)} (${m.difference !== null && m.difference >= 0 ? "+" : ""}${fixed(m.difference)}; ${m.test} p ${pText(m.pValue)}, Holm-adjusted p ${pText(m.adjustedPValue)}): ${m.summary ?? m.verdict}`,
      );
    for (const s of baseline.notCompared)
      out.push(`  – ${s}: not compared (a code scorer, or not in both runs)`);
    if (baseline.regressions.length > 0) {
      const inputs = inputsByKey(result);
      out.push("", `Regressed records (${count(baseline.regressions.length)}):`);
      for (const r of baseline.regressions)
        out.push(
          `  ${r.scorer}  ${r.rowKey}  ${String(r.baseline)} → ${String(r.candidate)}  ${inputsText(inputs.get(r.rowKey))}`,
        );
    }
  }
  out.push("", outcome.passed ? "Passed." : "Failed.");
  return out.join("\n");
}

/** A table cell's text: no line breaks, `|` escaped, HTML characters as entities. */
const cell = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\s*\n\s*/g, " ");

const mdTable = (header: string[], rows: string[][]) =>
  [header, header.map(() => "---"), ...rows].map((r) => `| ${r.map(cell).join(" | ")} |`).join("\n");

/** The report as Markdown for a pull-request comment. */
export function markdownSummary(outcome: EvalOutcome): string {
  const { result, gates, baseline } = outcome;
  const { run } = result;
  const failed = result.rows.filter((r) => r.error !== null).length;
  const out = [
    `## ${outcome.passed ? "✅" : "❌"} Sightline eval ${outcome.passed ? "passed" : "failed"}: ${cell(run.name)}`,
    "",
    `[${run.id}](${result.url}) · ${count(result.rows.length)} records${failed ? ` · ${count(failed)} not scored` : ""} · ${run.status}`,
    "",
    mdTable(METRIC_HEADER, metricRows(result)),
  ];
  if (gates.length > 0)
    out.push(
      "",
      "### Gates",
      "",
      mdTable(
        ["", "gate", "result"],
        gates.map((g) => [g.passed ? "✅" : "❌", g.gate.text, g.detail]),
      ),
    );
  if (outcome.baselineNote) out.push("", cell(outcome.baselineNote));
  if (baseline) {
    out.push(
      "",
      `### Compared with [${baseline.baselineId}](${baseline.url})`,
      "",
      mdTable(
        ["", "scorer", "baseline", "this run", "difference (95 % CI)", "p (Holm)", "verdict"],
        baseline.metrics.map((m) => [
          m.verdict === "worse" ? "❌" : "✅",
          m.scorer,
          fixed(m.baseline),
          fixed(m.candidate),
          `${fixed(m.difference)} (${m.interval ? `${fixed(m.interval.low)} – ${fixed(m.interval.high)}` : "–"})`,
          pText(m.adjustedPValue).replace("= ", ""),
          m.summary ?? m.verdict,
        ]),
      ),
    );
    if (baseline.regressions.length > 0) {
      const inputs = inputsByKey(result);
      out.push(
        "",
        `### Regressed records (${count(baseline.regressions.length)})`,
        "",
        mdTable(
          ["scorer", "record", "baseline → this run", "inputs"],
          baseline.regressions.map((r) => [
            r.scorer,
            r.rowKey,
            `${String(r.baseline)} → ${String(r.candidate)}`,
            inputsText(inputs.get(r.rowKey)),
          ]),
        ),
      );
    }
  }
  return `${out.join("\n")}\n`;
}
