import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { type ApiError, toApiError } from "../../api/errors";
import { listTraces } from "../../api/traces";
import type { TraceSummary } from "../../api/traceTypes";
import { notifyError } from "../../app/notify";
import { type TraceFilters, toTraceQuery } from "./filters";

export const PAGE_SIZE = 50;

export type TraceList =
  | { status: "loading" }
  | { status: "error"; error: ApiError }
  | {
      status: "ready";
      traces: TraceSummary[];
      nextCursor: string | null;
      loadingMore: boolean;
      /** Set when the last "load more" failed (shown inline with a retry). */
      moreError: ApiError | null;
    };

/**
 * Pages of traces for the filters, one `nextCursor` page at a time. A new `filterKey` (or
 * `reload()`) starts over; answers for an older key are dropped.
 */
export function useTraceList(projectId: string, filters: TraceFilters, filterKey: string) {
  const [list, setList] = useState<TraceList>({ status: "loading" });
  const [version, setVersion] = useState(0);
  const generation = useRef(0);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  // The resolved query of the first page, so later pages use the same time window.
  const queryRef = useRef(toTraceQuery(filters));

  useEffect(() => {
    generation.current += 1;
    const mine = generation.current;
    const controller = new AbortController();
    queryRef.current = toTraceQuery(filtersRef.current);
    setList({ status: "loading" });
    listTraces(projectId, { ...queryRef.current, limit: PAGE_SIZE }, { signal: controller.signal }).then(
      (page) => {
        if (mine !== generation.current) return;
        setList({
          status: "ready",
          traces: page.traces,
          nextCursor: page.nextCursor,
          loadingMore: false,
          moreError: null,
        });
      },
      (cause: unknown) => {
        if (mine !== generation.current || controller.signal.aborted) return;
        const error = toApiError(cause);
        setList({ status: "error", error });
        notifyError("Couldn't load traces", error);
      },
    );
    return () => controller.abort();
  }, [projectId, filterKey, version]);

  const listRef = useRef(list);
  listRef.current = list;

  const loadMore = useCallback(async () => {
    const current = listRef.current;
    if (current.status !== "ready" || !current.nextCursor || current.loadingMore) return;
    const mine = generation.current;
    const loading = { ...current, loadingMore: true, moreError: null };
    listRef.current = loading;
    setList(loading);
    try {
      const page = await listTraces(projectId, {
        ...queryRef.current,
        limit: PAGE_SIZE,
        cursor: current.nextCursor,
      });
      if (mine !== generation.current) return;
      // A trace can straddle two pages when new ones arrive meanwhile; keep the first copy.
      const seen = new Set(current.traces.map((trace) => trace.traceId));
      const next = page.traces.filter((trace) => !seen.has(trace.traceId));
      setList({
        status: "ready",
        traces: [...current.traces, ...next],
        nextCursor: page.nextCursor,
        loadingMore: false,
        moreError: null,
      });
    } catch (cause) {
      if (mine !== generation.current) return;
      const error = toApiError(cause);
      setList({ ...current, loadingMore: false, moreError: error });
      notifyError("Couldn't load more traces", error);
    }
  }, [projectId]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);

  /** Applies a change made elsewhere (e.g. a tag edited in the quick view) to the loaded rows. */
  const patch = useCallback((traceId: string, change: Partial<TraceSummary>) => {
    setList((current) =>
      current.status === "ready"
        ? {
            ...current,
            traces: current.traces.map((trace) =>
              trace.traceId === traceId ? { ...trace, ...change } : trace,
            ),
          }
        : current,
    );
  }, []);

  return { list, loadMore, reload, patch };
}
