import type { MetricComparison, RunComparison } from "../../api/evaluations";
import { formatInteger } from "../../app/numbers";
import { Badge, type Tone } from "../../ui/Badge";
import { type Column, Table } from "../../ui/Table";
import { comparedKind, formatDifference, formatMetric, formatPValue, METRIC_LABEL } from "./figures";

const VERDICT_TONE: Readonly<Record<string, Tone>> = { better: "success", worse: "danger" };
const TEST_LABEL: Readonly<Record<string, string>> = {
  mcnemar: "McNemar's exact",
  wilcoxon: "Wilcoxon signed-rank",
};

export function Verdict({ metric }: { metric: MetricComparison }) {
  const changed = metric.verdict === "better" || metric.verdict === "worse";
  return (
    <span data-testid="metric-verdict" data-verdict={metric.verdict}>
      <Badge tone={VERDICT_TONE[metric.verdict] ?? "neutral"} dot={changed}>
        {metric.summary}
      </Badge>
    </span>
  );
}

const columns = (baseline: string, candidate: string): Column<MetricComparison>[] => [
  {
    key: "scorer",
    header: "Scorer",
    render: (metric) => (
      <span className="stack">
        <span className="mono">{metric.scorer}</span>
        <span className="stack__meta">
          {metric.kind === "pass_fail" && comparedKind(metric) === "mean"
            ? "mean value (pass/fail)"
            : METRIC_LABEL[comparedKind(metric)]}
        </span>
      </span>
    ),
  },
  {
    key: "baseline",
    header: <span title={baseline}>Baseline</span>,
    numeric: true,
    width: "110px",
    render: (metric) => formatMetric(comparedKind(metric), metric.baseline),
  },
  {
    key: "candidate",
    header: <span title={candidate}>Candidate</span>,
    numeric: true,
    width: "110px",
    render: (metric) => formatMetric(comparedKind(metric), metric.candidate),
  },
  {
    key: "difference",
    header: "Difference (95 % interval)",
    numeric: true,
    render: (metric) => (
      <span className="stack" data-testid="metric-difference">
        <span>{formatDifference(comparedKind(metric), metric.difference)}</span>
        {metric.interval && (
          <span className="stack__meta">
            {formatDifference(comparedKind(metric), metric.interval.low)} to{" "}
            {formatDifference(comparedKind(metric), metric.interval.high)}
          </span>
        )}
      </span>
    ),
  },
  {
    key: "test",
    header: "p-value (Holm)",
    numeric: true,
    width: "170px",
    render: (metric) => (
      <span className="stack" title={`${TEST_LABEL[metric.test] ?? metric.test} test over ${metric.n} pairs`}>
        <span data-testid="metric-p">
          {formatPValue(metric.pValue)} <span className="muted">({formatPValue(metric.adjustedPValue)})</span>
        </span>
        <span className="stack__meta">{TEST_LABEL[metric.test] ?? metric.test}</span>
      </span>
    ),
  },
  { key: "verdict", header: "Verdict", width: "230px", render: (metric) => <Verdict metric={metric} /> },
];

/** Each metric of the baseline and the candidate side by side, with the paired test's verdict. */
export function CompareMetrics({
  comparison,
  baseline,
  candidate,
}: {
  comparison: RunComparison;
  baseline: string;
  candidate: string;
}) {
  return (
    <div data-testid="compare-metrics">
      <Table
        caption={`Metrics of ${baseline} and ${candidate}`}
        columns={columns(baseline, candidate)}
        rows={comparison.metrics}
        rowKey={(metric) => `${metric.scorer}/${metric.kind}`}
        empty="The runs share no scorer."
      />
      <p className="ev-note" data-testid="compare-familywise">
        Differences are candidate − baseline over the {formatInteger(comparison.pairs)} records both runs
        scored, with a paired bootstrap interval. A metric is better or worse only when its Holm-adjusted
        p-value (in brackets) is below 0.05 and its interval lies on one side of zero, so comparing several
        metrics at once does not add false alarms: {comparison.familywise}.
      </p>
    </div>
  );
}
