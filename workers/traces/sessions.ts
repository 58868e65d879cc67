import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { traces } from "../../schema";
import { decodeCursor, encodeCursor, timeCursor } from "../lib/cursor";
import { ApiError } from "../lib/errors";
import type { Services } from "../lib/services";
import type { SessionSummary } from "./api-types";
import { isoFromUs, toSummary } from "./list";
import type { TraceSummary } from "./schemas";

/** A conversation's turns are capped per answer; longer sessions are paged through `GET traces?sessionId=`. */
export const SESSION_TRACES_CAP = 1000;

type SessionRow = {
  sessionId: string;
  userId: string | null;
  turns: number;
  firstUs: number;
  lastUs: number;
  totalTokens: number;
  costUsd: number | null;
  errorCount: number;
  firstInputPreview: string | null;
};

type SessionsQuery = {
  from?: number | undefined;
  to?: number | undefined;
  userId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
};

/** The sessions page query (exported for EXPLAIN QUERY PLAN). */
export function sessionsQuery(projectId: string, query: SessionsQuery): SQL {
  // Traces without a session give a NULL, which `session_id in (…)` never matches.
  const active: SQL[] = [sql`project_id = ${projectId}`];
  if (query.from !== undefined) active.push(sql`start_us >= ${query.from * 1000}`);
  if (query.to !== undefined) active.push(sql`start_us < ${query.to * 1000}`);
  if (query.userId) active.push(sql`user_id = ${query.userId}`);
  // Which traces to look at: a user's through the user index, a time range through the start-time
  // index (one range each); with neither, every session-bearing trace, along the session index.
  const index = query.userId
    ? sql`indexed by traces_project_user_idx`
    : query.from !== undefined || query.to !== undefined
      ? sql`indexed by traces_project_start_idx`
      : sql``;
  const after = decodeCursor(timeCursor, query.cursor);
  const having = after
    ? sql`having max(end_us) < ${after.t} or (max(end_us) = ${after.t} and session_id < ${after.id})`
    : sql``;
  return sql`
    select s.*, (select f.input_preview from traces f where f.project_id = ${projectId} and f.session_id = s.sessionId
                 order by f.start_us, f.trace_id limit 1) as firstInputPreview
    from (
      select session_id as sessionId, max(user_id) as userId, count(*) as turns, min(start_us) as firstUs,
        max(end_us) as lastUs, sum(total_tokens) as totalTokens, sum(cost_usd) as costUsd,
        sum(status = 'ERROR') as errorCount
      from traces
      where project_id = ${projectId}
        and session_id in (select distinct session_id from traces ${index} where ${sql.join(active, sql` and `)})
      group by session_id
      ${having}
      order by lastUs desc, sessionId desc
      limit ${query.limit + 1}
    ) s
    order by s.lastUs desc, s.sessionId desc`;
}

/**
 * Sessions with a turn in [from, to) (and of `userId`), most recent activity (last turn's end)
 * first, each summed over all its turns. Sessions are found through the start-time or user
 * index, then aggregated through the session index (project_id, session_id, start_us); the first
 * input preview is read for the page's sessions only.
 */
export async function listSessions({
  services,
  projectId,
  query,
}: {
  services: Services;
  projectId: string;
  query: SessionsQuery;
}): Promise<{ sessions: SessionSummary[]; nextCursor: string | null }> {
  const rows = await services.db.all<SessionRow>(sessionsQuery(projectId, query));
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    sessions: page.map((r) => ({
      sessionId: r.sessionId,
      userId: r.userId,
      turns: Number(r.turns),
      firstTime: isoFromUs(Number(r.firstUs)),
      lastTime: isoFromUs(Number(r.lastUs)),
      totalTokens: Number(r.totalTokens),
      costUsd: r.costUsd === null ? null : Number(r.costUsd),
      errorCount: Number(r.errorCount),
      firstInputPreview: r.firstInputPreview,
    })),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ t: Number(last.lastUs), id: last.sessionId }) : null,
  };
}

/** One session's traces in time order (a conversation); NotFound when the project has none. */
export async function getSession({
  services,
  projectId,
  sessionId,
}: {
  services: Services;
  projectId: string;
  sessionId: string;
}): Promise<{ sessionId: string; traces: TraceSummary[] }> {
  const rows = await services.db
    .select()
    .from(traces)
    .where(and(eq(traces.projectId, projectId), eq(traces.sessionId, sessionId)))
    .orderBy(asc(traces.startUs), asc(traces.traceId))
    .limit(SESSION_TRACES_CAP);
  if (rows.length === 0) throw ApiError.notFound("Session");
  return { sessionId, traces: rows.map(toSummary) };
}
