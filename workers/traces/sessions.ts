import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { traces } from "../../schema";
import type { ProjectContext } from "../auth/context";
import { decodeCursor, encodeCursor, timeCursor } from "../lib/cursor";
import { clampToSafeInteger } from "../lib/db";
import { ApiError } from "../lib/errors";
import { TRACE_COLUMNS } from "./columns";
import { isoFromUs, toSummary } from "./list";
import type { SessionSummary, TraceSummary } from "./schemas";

/** A conversation's turns are capped per answer; longer sessions are paged through `GET traces?sessionId=`. */
export const SESSION_TRACES_CAP = 1000;

type SessionRow = {
  sessionId: string;
  /** The stored last activity the page is ordered by (the cursor's position). */
  orderUs: number;
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
  const page: SQL[] = [sql`ts.project_id = ${projectId}`];
  const after = decodeCursor(timeCursor, query.cursor);
  if (after)
    page.push(sql`(ts.last_us < ${after.t} or (ts.last_us = ${after.t} and ts.session_id < ${after.id}))`);
  if (query.userId || query.from !== undefined || query.to !== undefined) {
    // Which sessions had a turn in range (of the user): a user's traces through the user index, a
    // time range through the start-time index, one range each. Traces without a session give a
    // NULL, which `in (…)` never matches.
    const active: SQL[] = [sql`project_id = ${projectId}`];
    if (query.from !== undefined) active.push(sql`start_us >= ${query.from * 1000}`);
    if (query.to !== undefined) active.push(sql`start_us < ${query.to * 1000}`);
    if (query.userId) active.push(sql`user_id = ${query.userId}`);
    const index = query.userId
      ? sql`indexed by traces_project_user_idx`
      : sql`indexed by traces_project_start_idx`;
    page.push(
      sql`ts.session_id in (select distinct session_id from traces ${index} where ${sql.join(active, sql` and `)})`,
    );
  }
  // A session whose traces all moved to another session id has no turn left.
  page.push(
    sql`exists (select 1 from traces x where x.project_id = ${projectId} and x.session_id = ts.session_id)`,
  );
  return sql`
    with page as materialized (
      select ts.session_id, ts.last_us from trace_sessions ts where ${sql.join(page, sql` and `)}
      order by ts.last_us desc, ts.session_id desc
      limit ${query.limit + 1}
    )
    select p.session_id as sessionId, ${clampToSafeInteger(sql`p.last_us`)} as orderUs, max(t.user_id) as userId, count(*) as turns,
      ${clampToSafeInteger(sql`min(t.start_us)`)} as firstUs, ${clampToSafeInteger(sql`max(t.end_us)`)} as lastUs, total(t.total_tokens) as totalTokens,
      sum(t.cost_usd) as costUsd, sum(t.status = 'ERROR') as errorCount,
      (select f.input_preview from traces f where f.project_id = ${projectId} and f.session_id = p.session_id
       order by f.start_us, f.trace_id limit 1) as firstInputPreview
    from page p cross join traces t indexed by traces_project_session_idx
    where t.project_id = ${projectId} and t.session_id = p.session_id
    group by p.session_id, p.last_us
    order by p.last_us desc, p.session_id desc`;
}

/**
 * Sessions with a turn in [from, to) (and of `userId`), most recent activity (last turn's end)
 * first, each summed over all its turns. The page is read from `trace_sessions` along its
 * last-activity index (narrowed through the start-time or user index of traces when filtered);
 * only the page's sessions are summed, through the session index of traces.
 */
export async function listSessions({
  ctx,
  input: query,
}: {
  ctx: ProjectContext;
  input: SessionsQuery;
}): Promise<{ sessions: SessionSummary[]; nextCursor: string | null }> {
  const rows = await ctx.db.all<SessionRow>(sessionsQuery(ctx.project.id, query));
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
      rows.length > query.limit && last
        ? encodeCursor({ t: Number(last.orderUs), id: last.sessionId })
        : null,
  };
}

/** One session's traces in time order (a conversation); NotFound when the project has none. */
export async function getSession({
  ctx,
  input: { sessionId },
}: {
  ctx: ProjectContext;
  input: { sessionId: string };
}): Promise<{ sessionId: string; traces: TraceSummary[] }> {
  const projectId = ctx.project.id;
  const rows = await ctx.db
    .select(TRACE_COLUMNS)
    .from(traces)
    .where(and(eq(traces.projectId, projectId), eq(traces.sessionId, sessionId)))
    .orderBy(asc(traces.startUs), asc(traces.traceId))
    .limit(SESSION_TRACES_CAP);
  if (rows.length === 0) throw ApiError.notFound("Session");
  return { sessionId, traces: rows.map(toSummary) };
}
