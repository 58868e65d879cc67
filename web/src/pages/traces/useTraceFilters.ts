import { useCallback, useMemo } from "preact/hooks";
import { navigate, useLocation } from "../../router";
import { filtersToSearch, parseFilters, type TraceFilters } from "./filters";

export interface TraceFiltersState {
  filters: TraceFilters;
  /** The query string of the filters alone: the list's identity. */
  filterKey: string;
  /** The trace open in the quick view, or null. */
  peek: string | null;
  setFilters: (next: TraceFilters, options?: { replace?: boolean }) => void;
  setPeek: (traceId: string | null) => void;
}

/** The filters and the quick-view trace, read from and written to the URL (shareable, reloadable). */
export function useTraceFilters(): TraceFiltersState {
  const { pathname, search } = useLocation();
  const filters = useMemo(() => parseFilters(search), [search]);
  const filterKey = useMemo(() => filtersToSearch(filters), [filters]);
  const peek = useMemo(() => new URLSearchParams(search).get("peek"), [search]);

  // A new history entry per filter change, so Back returns to the list as it was; a search still
  // being typed (later pauses of one run) and opening a trace in the quick view replace it.
  const setFilters = useCallback(
    (next: TraceFilters, options: { replace?: boolean } = {}) =>
      navigate(`${pathname}${filtersToSearch(next)}`, { replace: options.replace === true }),
    [pathname],
  );
  const setPeek = useCallback(
    (traceId: string | null) =>
      navigate(`${pathname}${filtersToSearch(filters, { peek: traceId })}`, { replace: true }),
    [pathname, filters],
  );
  return { filters, filterKey, peek, setFilters, setPeek };
}
