import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { notifyError } from "../app/notify";
import { type ApiError, toApiError } from "./errors";

export type CursorPages<T> =
  | { status: "loading" }
  | { status: "error"; error: ApiError }
  | {
      status: "ready";
      items: T[];
      nextCursor: string | null;
      loadingMore: boolean;
      /** Set when the last "load more" failed (shown inline with a retry). */
      moreError: ApiError | null;
    };

export type FetchPage<T> = (
  cursor: string | undefined,
  signal: AbortSignal | undefined,
) => Promise<{ items: T[]; nextCursor: string | null }>;

/**
 * A list read a page at a time by following `nextCursor`. A new `key` (or `reload()`) starts
 * over, and answers that arrive for an older key are dropped. `fetchPage` is read at call time,
 * so it may be a new function on every render; it gets `cursor` undefined for the first page.
 * With `idOf`, an item already loaded is not added twice when new rows shift the pages.
 */
export function useCursorPages<T>({
  fetchPage,
  key,
  what,
  idOf,
}: {
  fetchPage: FetchPage<T>;
  key: string;
  /** Plural noun for error messages: "traces", "sessions", "entries". */
  what: string;
  idOf?: (item: T) => string;
}) {
  const [pages, setPages] = useState<CursorPages<T>>({ status: "loading" });
  const [version, setVersion] = useState(0);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const pagesRef = useRef(pages);
  pagesRef.current = pages;

  // `key` and `version` are what start a new list; fetchPage is read through its ref.
  useEffect(() => {
    generation.current += 1;
    const mine = generation.current;
    const controller = new AbortController();
    setPages({ status: "loading" });
    fetchRef.current(undefined, controller.signal).then(
      (page) => {
        if (mine !== generation.current) return;
        setPages({
          status: "ready",
          items: page.items,
          nextCursor: page.nextCursor,
          loadingMore: false,
          moreError: null,
        });
      },
      (cause: unknown) => {
        if (mine !== generation.current || controller.signal.aborted) return;
        const error = toApiError(cause);
        setPages({ status: "error", error });
        notifyError(`Couldn't load ${what}`, error);
      },
    );
    return () => controller.abort();
  }, [key, version, what]);

  const loadMore = useCallback(async () => {
    const current = pagesRef.current;
    if (current.status !== "ready" || !current.nextCursor || current.loadingMore) return;
    const mine = generation.current;
    const loading = { ...current, loadingMore: true, moreError: null };
    pagesRef.current = loading;
    setPages(loading);
    try {
      const page = await fetchRef.current(current.nextCursor, undefined);
      if (mine !== generation.current) return;
      const seen = idOf ? new Set(current.items.map(idOf)) : null;
      const next = seen && idOf ? page.items.filter((item) => !seen.has(idOf(item))) : page.items;
      setPages({
        status: "ready",
        items: [...current.items, ...next],
        nextCursor: page.nextCursor,
        loadingMore: false,
        moreError: null,
      });
    } catch (cause) {
      if (mine !== generation.current) return;
      const error = toApiError(cause);
      setPages({ ...current, loadingMore: false, moreError: error });
      notifyError(`Couldn't load more ${what}`, error);
    }
  }, [idOf, what]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);

  /** Applies a change made elsewhere to the loaded items. */
  const update = useCallback((change: (items: T[]) => T[]) => {
    setPages((current) =>
      current.status === "ready" ? { ...current, items: change(current.items) } : current,
    );
  }, []);

  return { pages, loadMore, reload, update };
}
