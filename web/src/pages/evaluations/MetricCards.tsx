import type { EvaluationRun, ScorerMetrics } from "../../api/evaluations";
import { formatCost, formatDuration, formatInteger, formatTokens } from "../../app/numbers";
import { cx } from "../../ui/cx";
import { formatInterval, formatMetric, METRIC_LABEL, mainMetric } from "./figures";

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });
const figure = (value: number | null) => (value === null ? "—" : number.format(value));

/** One scorer's card: its headline figure with its 95 % interval, how many values and errors, and its spread. */
function MetricCard({ metrics, repeats }: { metrics: ScorerMetrics; repeats: number }) {
  const metric = mainMetric(metrics);
  const interval = formatInterval(metric.kind, metric.interval);
  return (
    <div className="ev-card" data-testid="metric-card" data-name={metric.name}>
      <div className="ev-card__head">
        <span className="mono ev-card__name">{metric.name}</span>
        <span className="ev-card__kind">
          {metrics.source === "code" && (
            <span title="A code scorer: run by the SDK in your process, its results sent with the records">
              code ·{" "}
            </span>
          )}
          {METRIC_LABEL[metric.kind]}
        </span>
      </div>
      <div className="ev-card__value num" data-testid="metric-card-value">
        {formatMetric(metric.kind, metric.value)}
      </div>
      <div className="ev-card__interval num" data-testid="metric-card-interval">
        {metrics.count === 0
          ? "No values yet"
          : interval
            ? `95 % interval ${interval}`
            : "No interval (fewer than two values)"}
      </div>
      <dl className="ev-card__facts">
        <div>
          <dt>Scored</dt>
          <dd className="num">{formatInteger(metrics.count)}</dd>
        </div>
        <div className={cx(metrics.errors > 0 && "text-danger")}>
          <dt>Errors</dt>
          <dd className="num" data-testid="metric-card-errors">
            {formatInteger(metrics.errors)}
          </dd>
        </div>
        {metric.kind === "mean" ? (
          <>
            <div>
              <dt>Median</dt>
              <dd className="num">{figure(metrics.median)}</dd>
            </div>
            <div>
              <dt>Min–max</dt>
              <dd className="num">
                {figure(metrics.min)}–{figure(metrics.max)}
              </dd>
            </div>
          </>
        ) : (
          metrics.mean !== null &&
          metrics.mean !== metrics.passRate && (
            <div>
              <dt>Mean value</dt>
              <dd className="num">{figure(metrics.mean)}</dd>
            </div>
          )
        )}
        {repeats > 1 && (
          <div title="The mean of each record's variance across its repeats: how much the judge disagrees with itself.">
            <dt>Within-record variance</dt>
            <dd className="num">{figure(metrics.withinRecordVariance)}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}

/** The run's scorers as cards, then what judging cost and how fast the application answered. */
export function MetricCards({ run }: { run: EvaluationRun }) {
  return (
    <div className="ev-stack">
      <div className="ev-cards" data-testid="metric-cards">
        {run.scorerMetrics.map((metrics) => (
          <MetricCard key={metrics.name} metrics={metrics} repeats={run.repeats} />
        ))}
      </div>
      <dl className="stat-tiles ev-costs" data-testid="run-costs">
        <div className="stat-tile">
          <dt className="stat-tile__label">Judge cost</dt>
          <dd className="stat-tile__value num" data-testid="run-cost">
            {formatCost(run.judge.costUsd)}
          </dd>
          <dd className="stat-tile__detail">LLM judges' calls; rules cost nothing</dd>
        </div>
        <div className="stat-tile">
          <dt className="stat-tile__label">Judge tokens</dt>
          <dd className="stat-tile__value num">
            {formatTokens(run.judge.inputTokens + run.judge.outputTokens)}
          </dd>
          <dd className="stat-tile__detail num">
            {formatTokens(run.judge.inputTokens)} in · {formatTokens(run.judge.outputTokens)} out
          </dd>
        </div>
        <div className="stat-tile">
          <dt className="stat-tile__label">App latency p50</dt>
          <dd className="stat-tile__value num">{formatDuration(run.latency.p50)}</dd>
          <dd className="stat-tile__detail num">
            {run.latency.mean === null
              ? run.source === "records"
                ? "Not recorded (no latencies were sent)"
                : "Not recorded (recorded outputs)"
              : `mean ${formatDuration(run.latency.mean)} · p95 ${formatDuration(run.latency.p95)}`}
          </dd>
        </div>
        <div className="stat-tile">
          <dt className="stat-tile__label">Records</dt>
          <dd className="stat-tile__value num">{formatInteger(run.rows)}</dd>
          <dd className="stat-tile__detail num">
            {run.scorers.length} scorer{run.scorers.length === 1 ? "" : "s"} × {run.repeats} repeat
            {run.repeats === 1 ? "" : "s"}
            {run.codeScorers.length > 0 &&
              ` + ${run.codeScorers.length} code scorer${run.codeScorers.length === 1 ? "" : "s"}`}
          </dd>
        </div>
      </dl>
    </div>
  );
}
