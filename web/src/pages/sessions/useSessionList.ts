import { listSessions } from "../../api/traces";
import type { SessionQuery, SessionSummary } from "../../api/traceTypes";
import { type CursorPages, useCursorPages } from "../../api/useCursorPages";

const PAGE_SIZE = 50;

export type SessionList = CursorPages<SessionSummary>;

/** Sessions, most recent activity first, a page at a time ("Load more" follows nextCursor). */
export function useSessionList(projectId: string, query: SessionQuery, key: string) {
  const { pages, loadMore, reload } = useCursorPages<SessionSummary>({
    key: `${projectId}\u0000${key}`,
    what: "sessions",
    fetchPage: async (cursor, signal) => {
      const page = await listSessions(
        projectId,
        { ...query, limit: PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) },
        { signal },
      );
      return { items: page.sessions, nextCursor: page.nextCursor };
    },
  });
  return { list: pages, loadMore, reload };
}
