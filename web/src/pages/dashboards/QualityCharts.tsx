import { useMemo } from "preact/hooks";
import type { ScoreMetrics } from "../../api/assessments";
import type { Resource } from "../../api/useResource";
import { formatInteger, formatPercent } from "../../app/numbers";
import { SECTION, sectionHref } from "../../app/sections";
import { LinkButton } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { EmptyState } from "../../ui/EmptyState";
import { IconThumbUp } from "../../ui/icons";
import { Skeleton } from "../../ui/Skeleton";
import { LoadFailed } from "../common/LoadFailed";
import { type QualityLine, type QualityTotal, qualitySeries } from "./qualitySeries";
import { aligned, type TimeAxis } from "./series";
import { type ChartSeries, UPlotChart } from "./UPlotChart";

const score = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const percent = (value: number) => formatPercent(value);
const mean = (value: number) => score.format(value);
const RATE_RANGE = [0, 1] as const;

function LineChart({
  title,
  x,
  lines,
  format,
  range,
}: {
  title: string;
  x: number[];
  lines: QualityLine[];
  format: (value: number) => string;
  range?: readonly [number, number];
}) {
  const data = useMemo(() => aligned(x, ...lines.map((line) => line.values)), [x, lines]);
  const series = useMemo<ChartSeries[]>(
    () => lines.map((line) => ({ label: line.name, color: line.color, spanGaps: true })),
    [lines],
  );
  return (
    <figure className="quality__chart">
      <figcaption className="quality__caption">{title}</figcaption>
      <UPlotChart data={data} series={series} format={format} range={range} label={`${title} per interval`} />
    </figure>
  );
}

function figureOf(total: QualityTotal): string {
  if (total.measure === "passRate") return formatPercent(total.passRate);
  if (total.measure === "mean")
    return total.stddev ? `${mean(total.mean ?? 0)} ± ${mean(total.stddev)}` : mean(total.mean ?? 0);
  return "—";
}

function Totals({ totals }: { totals: QualityTotal[] }) {
  return (
    <table className="quality__totals" data-testid="quality-totals">
      <caption className="visually-hidden">Feedback totals over the range</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col" className="num">
            Score
          </th>
          <th scope="col" className="num">
            Count
          </th>
          <th scope="col" className="num">
            Errors
          </th>
        </tr>
      </thead>
      <tbody>
        {totals.map((total) => (
          <tr key={total.name} data-testid="quality-total" data-name={total.name}>
            <th scope="row">
              <span
                className="quality__swatch"
                style={total.charted ? { background: `var(--chart-${total.color + 1})` } : undefined}
                aria-hidden="true"
              />
              <span className="mono">{total.name}</span>
            </th>
            <td
              className="num"
              title={total.measure === "passRate" ? "Pass rate" : "Mean ± standard deviation"}
            >
              {figureOf(total)}
              {total.measure === "passRate" && <span className="quality__unit"> pass</span>}
            </td>
            <td className="num">{formatInteger(total.count)}</td>
            <td className={total.errors > 0 ? "num text-danger" : "num muted"}>
              {formatInteger(total.errors)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Quality({ metrics, axis }: { metrics: ScoreMetrics; axis: TimeAxis }) {
  const series = useMemo(() => qualitySeries(metrics, axis), [metrics, axis]);
  return (
    <div className="quality">
      <div className="quality__charts">
        {series.passRate.length > 0 && (
          <LineChart
            title="Pass rate"
            x={series.x}
            lines={series.passRate}
            format={percent}
            range={RATE_RANGE}
          />
        )}
        {series.mean.length > 0 && (
          <LineChart title="Mean score" x={series.x} lines={series.mean} format={mean} />
        )}
      </div>
      <Totals totals={series.totals} />
    </div>
  );
}

/**
 * Feedback over the dashboard's range: the pass rate of pass/fail feedback and the mean of
 * numeric scores per name, with each name's totals beside.
 */
export function QualityCharts({
  state,
  axis,
  projectId,
  onRetry,
}: {
  state: Resource<ScoreMetrics>;
  axis: TimeAxis;
  projectId: string;
  onRetry: () => void;
}) {
  const empty = state.status === "ready" && state.data.totals.length === 0;
  return (
    <Card
      title="Quality"
      description="Feedback over time: the pass rate of thumbs and yes/no feedback, the mean of scores. Monitors' scores count under their scorer's name."
      className="chart-card quality-card"
      data-testid="chart-quality"
    >
      {(state.status === "loading" || state.status === "idle") && <Skeleton width="100%" height={200} />}
      {state.status === "error" && (
        <LoadFailed what="feedback scores" error={state.error} onRetry={onRetry} />
      )}
      {empty && (
        <div data-testid="quality-empty">
          <EmptyState
            icon={IconThumbUp}
            headingLevel={3}
            className="empty--compact"
            title="No feedback in this range yet"
            description="Give a trace a thumbs up or down, a score or a label on its page, or send your users' feedback and your judges' scores through the assessments API: they are charted here by name."
            actions={
              <LinkButton href={sectionHref(SECTION.traces, projectId)} icon={SECTION.traces.icon}>
                Open traces
              </LinkButton>
            }
          />
        </div>
      )}
      {state.status === "ready" && !empty && <Quality metrics={state.data} axis={axis} />}
    </Card>
  );
}
