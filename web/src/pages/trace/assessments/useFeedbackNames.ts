import { useMemo } from "preact/hooks";
import { getScoreMetrics } from "../../../api/assessments";
import { useResource } from "../../../api/useResource";

/** How far back feedback names are looked for (the score rollups allow 400 days a query). */
const LOOKBACK_MS = 365 * 86_400_000;

/**
 * The feedback names the project has scores for in the last year, sorted (for feedback columns,
 * filters and the add-feedback form's suggestions). Empty while loading, on failure, and while
 * `enabled` is false.
 */
export function useFeedbackNames(projectId: string, enabled = true): { names: string[]; reload: () => void } {
  const [state, reload] = useResource(enabled ? `feedback-names:${projectId}` : null, (signal) => {
    const now = Date.now();
    return getScoreMetrics(
      projectId,
      {
        from: new Date(now - LOOKBACK_MS).toISOString(),
        to: new Date(now).toISOString(),
        granularity: "day",
      },
      { signal },
    );
  });
  const names = useMemo(
    () => (state.status === "ready" ? [...state.data.names].sort((a, b) => a.localeCompare(b)) : []),
    [state],
  );
  return { names, reload };
}
