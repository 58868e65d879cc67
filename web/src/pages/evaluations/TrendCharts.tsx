import { useMemo } from "preact/hooks";
import type { EvaluationRun } from "../../api/evaluations";
import { formatDateTime } from "../../app/format";
import { Card } from "../../ui/Card";
import { formatInterval, formatMetric, METRIC_LABEL, type Trend, trendsOf } from "./figures";
import { runPath } from "./paths";
import { FRAME, labelledRuns, trendDrawing } from "./trendScale";

const shortName = (name: string) => (name.length > 16 ? `${name.slice(0, 15)}…` : name);

/**
 * One metric across runs as an SVG: a point a run (oldest left) with its 95 % interval as a
 * whisker, joined by a line; each point links to its run and names it on hover. SVG rather than
 * the dashboards' uPlot charts: those plot time series, and here x is the run, not the clock.
 */
function TrendChart({ trend, projectId, color }: { trend: Trend; projectId: string; color: number }) {
  const drawing = useMemo(() => trendDrawing(trend), [trend]);
  const labelled = labelledRuns(trend.points.length);
  const stroke = `var(--chart-${(color % 8) + 1})`;
  const latest = trend.points.findLast((point) => point.value !== null);
  return (
    <figure className="ev-trend" data-testid="trend-chart" data-metric={trend.key}>
      <figcaption className="ev-trend__caption">
        <span className="mono">{trend.name}</span> <span className="muted">{METRIC_LABEL[trend.kind]}</span>
        {latest && (
          <span className="ev-trend__latest num" data-testid="trend-latest">
            {formatMetric(trend.kind, latest.value)}
          </span>
        )}
      </figcaption>
      <svg
        viewBox={`0 0 ${FRAME.width} ${FRAME.height}`}
        className="ev-trend__svg"
        role="img"
        aria-label={`${trend.name} ${METRIC_LABEL[trend.kind]} across ${trend.points.length} runs, oldest first`}
      >
        {drawing.ticks.map((tick) => (
          <g key={tick.value} className="ev-trend__tick">
            <line x1={FRAME.left} x2={FRAME.width - FRAME.right} y1={tick.y} y2={tick.y} />
            <text x={FRAME.left - 6} y={tick.y + 3} text-anchor="end">
              {formatMetric(trend.kind, tick.value)}
            </text>
          </g>
        ))}
        {drawing.line && <path d={drawing.line} className="ev-trend__line" style={{ stroke }} />}
        {drawing.marks.map((mark) => {
          const point = trend.points[mark.index];
          if (!point) return null;
          const interval = formatInterval(trend.kind, point.interval);
          return (
            <a key={point.runId} href={runPath(projectId, point.runId)} className="ev-trend__mark">
              <title>
                {`${point.runName} (${formatDateTime(point.createdAt)}): ${formatMetric(trend.kind, point.value)}${
                  interval ? `, 95 % interval ${interval}` : ""
                }`}
              </title>
              {mark.low !== null && mark.high !== null && (
                <g className="ev-trend__whisker" style={{ stroke }}>
                  <line x1={mark.x} x2={mark.x} y1={mark.low} y2={mark.high} />
                  <line x1={mark.x - 3} x2={mark.x + 3} y1={mark.low} y2={mark.low} />
                  <line x1={mark.x - 3} x2={mark.x + 3} y1={mark.high} y2={mark.high} />
                </g>
              )}
              {mark.y !== null && <circle cx={mark.x} cy={mark.y} r={3.5} style={{ fill: stroke }} />}
              {/* A wide invisible target, so a point is easy to hover and click. */}
              <rect
                x={mark.x - 10}
                y={FRAME.top}
                width={20}
                height={FRAME.height - FRAME.top - FRAME.bottom}
              />
              {labelled.has(mark.index) && (
                <text x={mark.x} y={FRAME.height - 8} text-anchor={mark.anchor} className="ev-trend__label">
                  {shortName(point.runName)}
                </text>
              )}
            </a>
          );
        })}
      </svg>
    </figure>
  );
}

/** A chart per metric across the finished runs, oldest first. */
export function TrendCharts({ runs, projectId }: { runs: readonly EvaluationRun[]; projectId: string }) {
  const { runs: finished, trends } = useMemo(() => trendsOf(runs), [runs]);
  if (finished.length === 0 || trends.length === 0) return null;
  return (
    <Card
      title="Trends"
      description={`Each metric across the ${finished.length} finished run${finished.length === 1 ? "" : "s"}, oldest on the left; whiskers are 95 % intervals. Click a point to open its run.`}
      data-testid="trends"
    >
      <div className="ev-trends">
        {trends.map((trend, index) => (
          <TrendChart key={trend.key} trend={trend} projectId={projectId} color={index} />
        ))}
      </div>
    </Card>
  );
}
