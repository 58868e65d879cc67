import { useMemo, useState } from "preact/hooks";
import { SECTION, sectionHref } from "../app/sections";
import { useProject } from "../auth/SessionProvider";
import { navigate, useLocation } from "../router";
import { withQuery } from "../router/paths";
import { Button, LinkButton } from "../ui/Button";
import { Checkbox } from "../ui/Checkbox";
import { EmptyState } from "../ui/EmptyState";
import { IconRefresh } from "../ui/icons";
import { PageHeader } from "../ui/PageHeader";
import { Segmented } from "../ui/Segmented";
import { Skeleton } from "../ui/Skeleton";
import { LoadFailed } from "./common/LoadFailed";
import { MetricCharts } from "./dashboards/MetricCharts";
import { QualityCharts } from "./dashboards/QualityCharts";
import { StatTiles } from "./dashboards/StatTiles";
import { groupedSeries, overallSeries, timeAxis } from "./dashboards/series";
import { type DashboardRange, useMetrics, useWindow } from "./dashboards/useMetrics";
import { useScoreMetrics } from "./dashboards/useScoreMetrics";

const RANGES: { value: DashboardRange; label: string }[] = [
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
];

function parseRange(search: string): DashboardRange {
  const value = new URLSearchParams(search).get("range");
  return RANGES.find((range) => range.value === value)?.value ?? "7d";
}

function Dashboard({ projectId }: { projectId: string }) {
  const { pathname, search } = useLocation();
  const range = parseRange(search);
  const split = new URLSearchParams(search).get("split") === "model";
  const [version, setVersion] = useState(0);
  const timeWindow = useWindow(range, version);
  const [overall, reloadOverall] = useMetrics(projectId, timeWindow, "none");
  const [byModel, reloadByModel] = useMetrics(projectId, timeWindow, "model", split);
  const [scores, reloadScores] = useScoreMetrics(projectId, timeWindow);

  const setParams = (next: { range?: DashboardRange; split?: boolean }) => {
    const params = new URLSearchParams();
    const nextRange = next.range ?? range;
    if (nextRange !== "7d") params.set("range", nextRange);
    if (next.split ?? split) params.set("split", "model");
    // A new history entry per choice: Back returns to the range shown before.
    navigate(withQuery(pathname, params));
  };

  const axis = useMemo(() => timeAxis(timeWindow.from, timeWindow.to, timeWindow.granularity), [timeWindow]);
  const series = useMemo(
    () => (overall.status === "ready" ? overallSeries(overall.data, axis) : null),
    [overall, axis],
  );
  const grouped = useMemo(
    () =>
      split && byModel.status === "ready"
        ? groupedSeries(
            byModel.data.series.filter((point) => point.group !== null && point.group !== ""),
            axis,
          )
        : null,
    [split, byModel, axis],
  );
  const empty = overall.status === "ready" && !overall.data.totals.traces && !overall.data.totals.calls;
  const refreshing =
    overall.status === "loading" ||
    (overall.status === "ready" && overall.reloading) ||
    (scores.status === "ready" && scores.reloading);

  return (
    <>
      <div className="dashboard-toolbar">
        <Segmented
          label="Time range"
          options={RANGES}
          value={range}
          onChange={(value) => setParams({ range: value })}
          data-testid="dashboard-range"
        />
        <span className="muted dashboard-toolbar__granularity" data-testid="dashboard-granularity">
          {timeWindow.granularity === "hour" ? "Hourly" : "Daily"}
        </span>
        <Checkbox
          label="Split tokens and cost by model"
          checked={split}
          onChange={(checked) => setParams({ split: checked })}
          data-testid="dashboard-split"
        />
        <Button
          size="sm"
          variant="ghost"
          icon={IconRefresh}
          loading={refreshing}
          onClick={() => setVersion((value) => value + 1)}
          aria-label="Refresh"
          title="Refresh"
          className="dashboard-toolbar__refresh"
        />
      </div>
      {overall.status === "error" && (
        <LoadFailed
          what="metrics"
          testId="load-error"
          error={overall.error}
          onRetry={() => {
            reloadOverall();
            if (split) reloadByModel();
          }}
        />
      )}
      {overall.status !== "error" && !empty && (
        <StatTiles totals={overall.status === "ready" ? overall.data.totals : null} />
      )}
      {overall.status === "loading" && (
        <div className="chart-grid" aria-hidden="true">
          {[0, 1, 2, 3].map((index) => (
            <div key={index} className="card chart-card chart-card--loading">
              <Skeleton width="30%" height={14} />
              <Skeleton width="100%" height={180} />
            </div>
          ))}
        </div>
      )}
      {empty && (
        <div className="panel" data-testid="dashboards-empty">
          <EmptyState
            icon={SECTION.dashboards.icon}
            title="No data to chart yet"
            description="Charts are built from your traces. Once traces arrive in this time range you'll see volume, error rate, p50/p95/p99 latency, tokens and cost per model here."
            actions={
              <LinkButton
                href={sectionHref(SECTION.traces, projectId)}
                variant="primary"
                icon={SECTION.traces.icon}
              >
                Start sending traces
              </LinkButton>
            }
          />
        </div>
      )}
      {series && !empty && <MetricCharts overall={series} grouped={grouped} />}
      {series && !empty && (
        <QualityCharts state={scores} axis={axis} projectId={projectId} onRetry={reloadScores} />
      )}
    </>
  );
}

export function DashboardsPage() {
  const project = useProject();
  return (
    <div className="page page--wide">
      <PageHeader
        title={SECTION.dashboards.label}
        description="Volume, latency, error rate, tokens, cost and feedback quality of this project over time."
      />
      <Dashboard projectId={project.id} />
    </div>
  );
}
