import { useEffect } from "preact/hooks";
import { getScoreMetrics, type ScoreMetrics } from "../../api/assessments";
import { type Resource, useResource } from "../../api/useResource";
import { notifyError } from "../../app/notify";
import type { MetricsWindow } from "./useMetrics";

/** Feedback scores per name over the dashboard's window (`GET score-metrics`). */
export function useScoreMetrics(
  projectId: string,
  timeWindow: MetricsWindow,
  enabled = true,
): [Resource<ScoreMetrics>, () => void] {
  const { from, to, granularity } = timeWindow;
  const key = enabled ? `score-metrics:${projectId}:${from}:${to}:${granularity}` : null;
  const [state, reload] = useResource(key, (signal) =>
    getScoreMetrics(projectId, { from, to, granularity }, { signal }),
  );
  useEffect(() => {
    if (state.status === "error") notifyError("Couldn't load feedback scores", state.error);
  }, [state]);
  return [state, reload];
}
