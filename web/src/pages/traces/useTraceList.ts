import { useCallback, useRef } from "preact/hooks";
import { listTraces } from "../../api/traces";
import type { TraceSummary } from "../../api/traceTypes";
import { type CursorPages, useCursorPages } from "../../api/useCursorPages";
import { type TraceFilters, toTraceQuery } from "./filters";

export const PAGE_SIZE = 50;

export type TraceList = CursorPages<TraceSummary>;

const traceIdOf = (trace: TraceSummary) => trace.traceId;

/**
 * Pages of traces for the filters, one `nextCursor` page at a time. A new `filterKey` (or
 * `reload()`) starts over; a trace that new arrivals push onto the next page is kept once. Each
 * trace carries its current feedback under the `feedbackColumns` names (a new set starts over).
 */
export function useTraceList(
  projectId: string,
  filters: TraceFilters,
  filterKey: string,
  feedbackColumns: readonly string[] = [],
) {
  // The resolved query of the first page, so later pages use the same time window.
  const queryRef = useRef(toTraceQuery(filters));
  const { pages, loadMore, reload, update } = useCursorPages<TraceSummary>({
    key: `${projectId}\u0000${filterKey}\u0000${feedbackColumns.join("\u0001")}`,
    what: "traces",
    idOf: traceIdOf,
    fetchPage: async (cursor, signal) => {
      if (cursor === undefined) queryRef.current = toTraceQuery(filters);
      const page = await listTraces(
        projectId,
        {
          ...queryRef.current,
          limit: PAGE_SIZE,
          ...(cursor === undefined ? {} : { cursor }),
          ...(feedbackColumns.length > 0 ? { feedbackColumns: [...feedbackColumns] } : {}),
        },
        { signal },
      );
      return { items: page.traces, nextCursor: page.nextCursor };
    },
  });

  /** Applies a change made elsewhere (e.g. a tag edited in the quick view) to the loaded rows. */
  const patch = useCallback(
    (traceId: string, change: Partial<TraceSummary>) =>
      update((traces) =>
        traces.map((trace) => (trace.traceId === traceId ? { ...trace, ...change } : trace)),
      ),
    [update],
  );

  return { list: pages, loadMore, reload, patch };
}
