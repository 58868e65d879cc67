import { useEffect, useState } from "preact/hooks";
import { getTraceOutline } from "../../api/traces";
import type { TraceSummary } from "../../api/traceTypes";

/** The quick view's trace: null while loading, "missing" when it can't be loaded. */
export type PeekSummary = TraceSummary | null | "missing";

/**
 * The summary of the trace in the quick view: from the loaded rows, or (for a shared link to a
 * trace that isn't among them) fetched once the list has loaded.
 */
export function usePeekSummary(
  projectId: string,
  peek: string | null,
  rows: readonly TraceSummary[],
  listReady: boolean,
): PeekSummary {
  const inList = peek ? (rows.find((trace) => trace.traceId === peek) ?? null) : null;
  const [fetched, setFetched] = useState<{ traceId: string; summary: TraceSummary | "missing" } | null>(null);
  const needsFetch = peek !== null && listReady && inList === null;

  useEffect(() => {
    if (!needsFetch || !peek) return;
    const controller = new AbortController();
    getTraceOutline(projectId, peek, { signal: controller.signal }).then(
      ({ spans: _spans, ...summary }) => setFetched({ traceId: peek, summary }),
      () => {
        if (!controller.signal.aborted) setFetched({ traceId: peek, summary: "missing" });
      },
    );
    return () => controller.abort();
  }, [projectId, peek, needsFetch]);

  if (inList) return inList;
  return fetched && fetched.traceId === peek ? fetched.summary : null;
}
