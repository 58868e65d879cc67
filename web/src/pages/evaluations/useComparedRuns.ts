import { useEffect, useRef } from "preact/hooks";
import type { RequestOptions } from "../../api/client";
import { toApiError } from "../../api/errors";
import { compareRuns, type EvaluationRun, getRun } from "../../api/evaluations";
import { useResource } from "../../api/useResource";
import { isRunning } from "./figures";
import { usePolledResource } from "./usePolledResource";

/** A run of the link: null when the project has no such run (404). */
export interface RunLookup {
  id: string;
  run: EvaluationRun | null;
}

/** Each run of the link, a 404 kept as "not found" so the page can name the run that is wrong. */
function lookUpRuns(projectId: string, ids: readonly string[], options: RequestOptions) {
  return Promise.all(
    ids.map(async (id): Promise<RunLookup> => {
      try {
        return { id, run: await getRun(projectId, id, options) };
      } catch (error) {
        if (toApiError(error).status === 404) return { id, run: null };
        throw error;
      }
    }),
  );
}

/**
 * The comparison of the runs in the link and the runs themselves; the runs are followed while
 * one still scores, and the comparison is read again when the last of them finishes.
 */
export function useComparedRuns(projectId: string, ids: readonly string[] | null) {
  const key = ids === null ? null : `${projectId}:${ids.join(",")}`;
  const [comparison, reloadComparison] = useResource(key && `compare:${key}`, (signal) =>
    compareRuns(projectId, ids ?? [], { signal }),
  );
  const runs = usePolledResource(
    `compare-runs:${key}`,
    (signal) => (ids === null ? Promise.resolve([]) : lookUpRuns(projectId, ids, { signal })),
    (lookups) => lookups.some((each) => each.run !== null && isRunning(each.run)),
  );
  const running =
    runs.state.status === "ready" && runs.state.data.some((each) => each.run !== null && isRunning(each.run));
  const wasRunning = useRef(false);
  useEffect(() => {
    if (wasRunning.current && !running) reloadComparison();
    wasRunning.current = running;
  }, [running, reloadComparison]);
  const reload = () => {
    reloadComparison();
    runs.reload();
  };
  return { comparison, runs: runs.state, reload };
}
