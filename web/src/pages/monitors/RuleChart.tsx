import { useMemo } from "preact/hooks";
import { type AlertRule, getAlertSeries } from "../../api/alerts";
import { useResource } from "../../api/useResource";
import { formatPercent } from "../../app/numbers";
import { Skeleton } from "../../ui/Skeleton";
import { LoadFailed } from "../common/LoadFailed";
import { aligned } from "../dashboards/series";
import { type ChartSeries, UPlotChart } from "../dashboards/UPlotChart";
import { ruleChartColumns } from "./chartData";
import { configOf, isShare, METRIC_LABELS } from "./rules";

const WINDOWS = 48;
const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });
// Module-level so the chart (re-created when its props change) is not rebuilt on every render.
const formatNumber = (value: number) => number.format(value);

/**
 * A rule run over its last 48 windows: the statistic per window, its 95 % band (threshold rules on
 * rates and means), the baseline (drop rules), where it fires as a dashed line, firing windows
 * marked.
 */
export function RuleChart({ projectId, rule }: { projectId: string; rule: AlertRule }) {
  const [state, reload] = useResource(`alert-series:${rule.id}:${rule.updatedAt}`, (signal) =>
    getAlertSeries(projectId, rule.id, WINDOWS, { signal }),
  );
  const config = configOf(rule);
  const share = isShare(config.metric);
  const chart = useMemo(() => {
    if (state.status !== "ready") return null;
    const c = ruleChartColumns(state.data);
    const series: ChartSeries[] = [];
    const data: (number | null)[][] = [];
    const add = (spec: ChartSeries, values: (number | null)[]) => {
      series.push(spec);
      data.push(values);
      return series.length - 1;
    };
    const bands: { upper: number; lower: number; color: number }[] = [];
    if (c.hasBand && config.kind === "threshold") {
      const upper = add({ label: "95 % high", color: 0, kind: "edge" }, c.high);
      const lower = add({ label: "95 % low", color: 0, kind: "edge" }, c.low);
      bands.push({ upper, lower, color: 0 });
    }
    // A window without samples is a gap, not a line between its neighbours: the rule saw nothing there.
    add({ label: METRIC_LABELS[config.metric], color: 0, spanGaps: false }, c.statistic);
    if (c.hasBaseline) add({ label: "Baseline", color: 2, spanGaps: true }, c.baseline);
    const limit = config.kind === "threshold" ? "Threshold" : "Baseline − minimum effect";
    add({ label: limit, color: "var(--color-danger)", dash: [6, 4] }, c.limit);
    add({ label: "Firing", color: "var(--color-danger)", kind: "points" }, c.firing);
    // Shares are drawn from 0 to a little over the highest value, never past 100 %: an error rate
    // of a few percent would be a flat line on a fixed 0–100 % axis.
    const highest = Math.max(0, ...data.flat().filter((v): v is number => v !== null));
    const range = share ? ([0, Math.min(1, highest > 0 ? highest * 1.15 : 1)] as const) : undefined;
    return {
      range,
      series,
      data: aligned(c.x, ...data),
      bands,
      firing: c.firingWindows,
      measured: c.measuredWindows,
      windows: c.x.length,
      windowMinutes: state.data.windowMinutes,
    };
  }, [state, config.kind, config.metric, share]);

  if (state.status === "loading" || state.status === "idle") return <Skeleton width="100%" height={200} />;
  if (state.status === "error")
    return <LoadFailed what="the rule's series" error={state.error} onRetry={reload} />;
  if (!chart || chart.windows === 0) return <p className="muted">No closed window yet.</p>;
  return (
    <figure className="mon-chart" data-testid="rule-chart" data-firing={chart.firing}>
      <UPlotChart
        data={chart.data}
        series={chart.series}
        bands={chart.bands}
        format={share ? formatPercent : formatNumber}
        range={chart.range}
        label={`${rule.name}: the statistic per ${chart.windowMinutes}-minute window`}
      />
      <figcaption className="muted mon-note">
        Last {chart.windows} windows of {chart.windowMinutes} minutes
        {chart.measured === 0
          ? ": none had samples yet. The line starts with the first closed window that has some."
          : `${chart.firing > 0 ? `; firing in ${chart.firing}` : "; not firing in any"}. Windows with too few samples have no verdict.`}
      </figcaption>
    </figure>
  );
}
