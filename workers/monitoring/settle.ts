import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { monitorPending, monitorResults, monitors, projects, traces } from "../../schema";
import { DeferJob, defineOrgJob, type OrgJobContext } from "../jobs/define";
import { findFirst } from "../lib/db";
import { traceFilterSql } from "../traces/filters";
import { sampled } from "./sampling";
import { MAX_SESSION_ROUNDS, readMonitorFilter, TRACE_DEADLINE_MS } from "./schemas";
import { scoreSubjectJob } from "./score-job";

type MonitorRow = typeof monitors.$inferSelect;
type Kind = "trace" | "session";

/** The project's active monitors of a level: once per batch (its messages are mostly one project's). */
function activeMonitors(ctx: OrgJobContext, projectId: string, kind: Kind): Promise<MonitorRow[]> {
  return ctx.batch.once(`monitors:${projectId}:${kind}`, () =>
    ctx.db
      .select()
      .from(monitors)
      .where(and(eq(monitors.projectId, projectId), eq(monitors.status, "active"), eq(monitors.level, kind))),
  );
}

/** What tells whether the subject settled: its last span's arrival (server time) and, for a trace, its root. */
async function activityOf(ctx: OrgJobContext, projectId: string, kind: Kind, subjectId: string) {
  if (kind === "trace") {
    const t = await findFirst(
      ctx.db,
      traces,
      and(eq(traces.projectId, projectId), eq(traces.traceId, subjectId)),
    );
    return t ? { lastAt: t.updatedAt, rooted: t.rootSpanId !== null, evaluation: t.runId !== null } : null;
  }
  const [s] = await ctx.db
    .select({ lastAt: sql<number | null>`max(${traces.updatedAt})` })
    .from(traces)
    .where(
      and(eq(traces.projectId, projectId), eq(traces.sessionId, subjectId), sql`${traces.runId} is null`),
    );
  return s?.lastAt == null ? null : { lastAt: s.lastAt, rooted: true, evaluation: false };
}

/** The monitors whose filter the subject matches (a session: any of its traces), in one query. */
async function matching(
  ctx: OrgJobContext,
  projectId: string,
  kind: Kind,
  subjectId: string,
  list: MonitorRow[],
) {
  const filtered = list.filter((m) => Object.keys(m.filter).length > 0);
  if (filtered.length === 0) return list;
  const subject = kind === "trace" ? eq(traces.traceId, subjectId) : eq(traces.sessionId, subjectId);
  const checks = filtered.map(
    (m) =>
      sql`select ${m.id} as id where exists (select 1 from ${traces} where ${subject} and ${traceFilterSql(projectId, readMonitorFilter(m.filter))})`,
  );
  const rows = await ctx.db.all<{ id: string }>(sql.join(checks, sql` union all `));
  const hit = new Set(rows.map((r) => r.id));
  return list.filter((m) => Object.keys(m.filter).length === 0 || hit.has(m.id));
}

/** The next round of each monitor for a session: one more than it has scored, or null at the limit. */
async function sessionRounds(ctx: OrgJobContext, subjectId: string, list: MonitorRow[]) {
  const rows = await ctx.db.all<{ monitorId: string; round: number }>(sql`
    select monitor_id as monitorId, max(round) as round from ${monitorResults}
    where subject_id = ${subjectId} and monitor_id in (${sql.join(
      list.map((m) => sql`${m.id}`),
      sql`, `,
    )}) group by monitor_id`);
  const last = new Map(rows.map((r) => [r.monitorId, Number(r.round)]));
  return new Map(
    list.map((m) => {
      const next = (last.get(m.id) ?? 0) + 1;
      return [m.id, next > MAX_SESSION_ROUNDS ? null : next];
    }),
  );
}

/**
 * "Has it settled?": queued by ingest with the settle time as its delay. A trace is ready once its
 * root span is in and no span arrived for the settle time (the longest of its level's active
 * monitors), or ten minutes after it was first seen whatever happens; a session once no turn
 * arrived for the settle time. Not ready: sent again for the time left (no timer scans traces).
 * Ready: one scoring job per monitor that samples it and whose filter it matches, then the
 * pending row goes (only if nothing arrived meanwhile; else it waits again), so a redelivered
 * message finds nothing to do and scoring jobs are keyed by (monitor, subject, round).
 */
export const settleJob = defineOrgJob({
  type: "monitoring.settle",
  payload: z.object({ projectId: z.string(), kind: z.enum(["trace", "session"]), subjectId: z.string() }),
  async handle(ctx, { projectId, kind, subjectId }) {
    const where = and(
      eq(monitorPending.projectId, projectId),
      eq(monitorPending.kind, kind),
      eq(monitorPending.subjectId, subjectId),
    );
    const pending = await findFirst(ctx.db, monitorPending, where);
    if (!pending) return;
    const drop = () => ctx.db.delete(monitorPending).where(where);
    const project = await ctx.batch.once(`project:${projectId}`, () =>
      findFirst(ctx.control, projects, and(eq(projects.id, projectId), eq(projects.orgId, ctx.org.id))),
    );
    const list = project && project.deletedAt === null ? await activeMonitors(ctx, projectId, kind) : [];
    const activity = list.length > 0 ? await activityOf(ctx, projectId, kind, subjectId) : null;
    if (!activity || activity.evaluation) {
      await drop();
      return;
    }
    const now = ctx.services.clock.now();
    const settleMs = Math.max(...list.map((m) => m.settleSeconds)) * 1000;
    const quietFor = now - activity.lastAt;
    const overdue = kind === "trace" && now - pending.firstAt >= TRACE_DEADLINE_MS;
    if (!overdue && (!activity.rooted || quietFor < settleMs)) {
      let waitMs = activity.rooted ? settleMs - quietFor : Math.max(settleMs, 1000);
      if (kind === "trace") waitMs = Math.min(waitMs, pending.firstAt + TRACE_DEADLINE_MS - now);
      const delaySeconds = Math.max(1, Math.ceil(waitMs / 1000));
      await ctx.db
        .update(monitorPending)
        .set({ dueAt: now + delaySeconds * 1000 })
        .where(where);
      throw new DeferJob(delaySeconds, `${kind} ${subjectId} has not settled yet`);
    }
    const chosen = await matching(
      ctx,
      projectId,
      kind,
      subjectId,
      list.filter((m) => sampled(subjectId, m.samplingRate)),
    );
    const rounds =
      kind === "session" && chosen.length > 0 ? await sessionRounds(ctx, subjectId, chosen) : null;
    const jobs = chosen.flatMap((m) => {
      const round = rounds ? rounds.get(m.id) : 1;
      return round == null ? [] : [{ orgId: ctx.org.id, projectId, monitorId: m.id, kind, subjectId, round }];
    });
    if (jobs.length > 0) await ctx.services.jobs.enqueueMany(scoreSubjectJob, jobs);
    // Gone only if nothing arrived since it was read: a session's new turn in between waits again.
    const [gone] = await ctx.db
      .delete(monitorPending)
      .where(
        and(
          where,
          kind === "session"
            ? sql`not exists (select 1 from ${traces} where ${traces.projectId} = ${projectId} and ${traces.sessionId} = ${subjectId} and ${traces.updatedAt} > ${activity.lastAt})`
            : undefined,
        ),
      )
      .returning({ id: monitorPending.subjectId });
    if (!gone) throw new DeferJob(Math.ceil(settleMs / 1000) || 1, `session ${subjectId} had a new turn`);
  },
});
