import { useCallback, useMemo } from "preact/hooks";
import { navigate, useLocation } from "../../router";
import { withQuery } from "../../router/paths";

/**
 * The page's state kept in its query string (view, version, page, filters), so a view of a
 * dataset can be shared and survives a reload. `set` drops keys given null or "".
 */
export function useQueryParams() {
  const { pathname, search } = useLocation();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const set = useCallback(
    (patch: Readonly<Record<string, string | number | null>>, options: { replace?: boolean } = {}) => {
      const next = new URLSearchParams(search);
      for (const [key, value] of Object.entries(patch)) {
        if (value === null || value === "") next.delete(key);
        else next.set(key, String(value));
      }
      navigate(withQuery(pathname, next), options);
    },
    [pathname, search],
  );
  return { params, set };
}

/** A whole number ≥ min from the query, else null. */
export function intParam(params: URLSearchParams, key: string, min = 0): number | null {
  const text = params.get(key);
  if (text === null || !/^\d+$/.test(text)) return null;
  const value = Number(text);
  return value >= min ? value : null;
}
