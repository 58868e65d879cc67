import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { type ApiError, toApiError } from "../../api/errors";
import { listSessions } from "../../api/traces";
import type { SessionQuery, SessionSummary } from "../../api/traceTypes";
import { notifyError } from "../../app/notify";

const PAGE_SIZE = 50;

export type SessionList =
  | { status: "loading" }
  | { status: "error"; error: ApiError }
  | { status: "ready"; sessions: SessionSummary[]; nextCursor: string | null; loadingMore: boolean };

/** Sessions, most recent activity first, a page at a time ("Load more" follows nextCursor). */
export function useSessionList(projectId: string, query: SessionQuery, key: string) {
  const [list, setList] = useState<SessionList>({ status: "loading" });
  const [version, setVersion] = useState(0);
  const generation = useRef(0);
  const queryRef = useRef(query);
  queryRef.current = query;

  useEffect(() => {
    generation.current += 1;
    const mine = generation.current;
    const controller = new AbortController();
    setList({ status: "loading" });
    listSessions(projectId, { ...queryRef.current, limit: PAGE_SIZE }, { signal: controller.signal }).then(
      (page) => {
        if (mine === generation.current)
          setList({
            status: "ready",
            sessions: page.sessions,
            nextCursor: page.nextCursor,
            loadingMore: false,
          });
      },
      (cause: unknown) => {
        if (mine !== generation.current || controller.signal.aborted) return;
        const error = toApiError(cause);
        setList({ status: "error", error });
        notifyError("Couldn't load sessions", error);
      },
    );
    return () => controller.abort();
  }, [projectId, key, version]);

  const loadMore = useCallback(async () => {
    if (list.status !== "ready" || !list.nextCursor || list.loadingMore) return;
    const mine = generation.current;
    setList({ ...list, loadingMore: true });
    try {
      const page = await listSessions(projectId, {
        ...queryRef.current,
        limit: PAGE_SIZE,
        cursor: list.nextCursor,
      });
      if (mine !== generation.current) return;
      setList({
        status: "ready",
        sessions: [...list.sessions, ...page.sessions],
        nextCursor: page.nextCursor,
        loadingMore: false,
      });
    } catch (error) {
      if (mine !== generation.current) return;
      setList({ ...list, loadingMore: false });
      notifyError("Couldn't load more sessions", error);
    }
  }, [projectId, list]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);
  return { list, loadMore, reload };
}
