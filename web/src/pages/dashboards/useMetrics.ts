import { useEffect, useMemo } from "preact/hooks";
import { getMetrics } from "../../api/traces";
import type { Granularity, Metrics, MetricsGroupBy } from "../../api/traceTypes";
import { type Resource, useResource } from "../../api/useResource";
import { notifyError } from "../../app/notify";
import { RANGE_MS, type RelativeRange } from "../../app/timeRange";

export type DashboardRange = Extract<RelativeRange, "24h" | "7d" | "30d">;

export interface MetricsWindow {
  from: string;
  to: string;
  granularity: Granularity;
}

/** Hourly up to a week, daily beyond. */
export function granularityFor(range: DashboardRange): Granularity {
  return range === "30d" ? "day" : "hour";
}

/** The window of a range ending now, fixed per `version` so re-renders don't refetch. */
export function useWindow(range: DashboardRange, version: number): MetricsWindow {
  // `version` is the "move the window to now" trigger.
  return useMemo(() => {
    const now = Date.now();
    return {
      from: new Date(now - RANGE_MS[range]).toISOString(),
      to: new Date(now).toISOString(),
      granularity: granularityFor(range),
    };
  }, [range, version]);
}

export function useMetrics(
  projectId: string,
  timeWindow: MetricsWindow,
  groupBy: MetricsGroupBy,
  enabled = true,
): [Resource<Metrics>, () => void] {
  const key = enabled
    ? `metrics:${projectId}:${timeWindow.from}:${timeWindow.to}:${timeWindow.granularity}:${groupBy}`
    : null;
  const [state, reload] = useResource(key, (signal) =>
    getMetrics(projectId, { ...timeWindow, groupBy }, { signal }),
  );
  useEffect(() => {
    if (state.status === "error") notifyError("Couldn't load metrics", state.error);
  }, [state]);
  return [state, reload];
}
