import { useEffect, useState } from "preact/hooks";
import { type DatasetImport, getImport } from "../../api/datasets";
import { type ApiError, toApiError } from "../../api/errors";

export const POLL_MS = 1_000;
/** Failed polls in a row before the dialog says so (the job goes on regardless). */
const PATIENCE = 5;

export interface ImportPoll {
  session: DatasetImport | null;
  /** Set after several failed polls in a row; polling goes on. */
  error: ApiError | null;
}

/**
 * Polls a background import (a from-traces job) every second until it is committed or aborted.
 * Null `importId` polls nothing.
 */
export function useImportPolling(
  projectId: string,
  datasetId: string | null,
  importId: string | null,
  first: DatasetImport | null,
): ImportPoll {
  const [poll, setPoll] = useState<ImportPoll>({ session: first, error: null });
  useEffect(() => {
    setPoll({ session: first, error: null });
    if (!datasetId || !importId || (first && first.status !== "open")) return;
    const controller = new AbortController();
    let failures = 0;
    let timer = 0;
    const tick = async () => {
      try {
        const session = await getImport(projectId, datasetId, importId, { signal: controller.signal });
        failures = 0;
        setPoll({ session, error: null });
        if (session.status !== "open") return;
      } catch (cause) {
        if (controller.signal.aborted) return;
        failures++;
        if (failures >= PATIENCE) setPoll((current) => ({ ...current, error: toApiError(cause) }));
      }
      if (!controller.signal.aborted) timer = window.setTimeout(() => void tick(), POLL_MS);
    };
    timer = window.setTimeout(() => void tick(), POLL_MS);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [projectId, datasetId, importId, first]);
  return poll;
}
