import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { monitorPending, monitorResults, monitors, projects, traces } from "../../schema";
import { defineOrgJob, type OrgJobContext } from "../jobs/define";
import { findFirst } from "../lib/db";
import { traceFilterSql } from "../traces/filters";
import { sampled } from "./sampling";
import { MAX_SESSION_ROUNDS, readMonitorFilter, TRACE_DEADLINE_MS } from "./schemas";
import { scoreSubjectJob } from "./score-job";

type MonitorRow = typeof monitors.$inferSelect;
type Kind = "trace" | "session";
type Activity = { lastAt: number; rooted: boolean; evaluation: boolean };

/** Subjects one settle message carries: one message per ingest batch, not one per trace. */
export const SETTLE_BATCH = 100;

/** The project's active monitors of a level: once per batch (its messages are mostly one project's). */
function activeMonitors(ctx: OrgJobContext, projectId: string, kind: Kind): Promise<MonitorRow[]> {
  return ctx.batch.once(`monitors:${projectId}:${kind}`, () =>
    ctx.db
      .select()
      .from(monitors)
      .where(and(eq(monitors.projectId, projectId), eq(monitors.status, "active"), eq(monitors.level, kind))),
  );
}

/**
 * What tells whether each subject settled, in one query: its last span's arrival (server time)
 * and, for a trace, whether its root is in; a session's across its traces (evaluation runs' left out).
 */
async function activityOf(ctx: OrgJobContext, projectId: string, kind: Kind, ids: string[]) {
  const out = new Map<string, Activity>();
  if (kind === "trace") {
    const rows = await ctx.db
      .select({ id: traces.traceId, lastAt: traces.updatedAt, root: traces.rootSpanId, runId: traces.runId })
      .from(traces)
      .where(and(eq(traces.projectId, projectId), inArray(traces.traceId, ids)));
    for (const r of rows)
      out.set(r.id, { lastAt: r.lastAt, rooted: r.root !== null, evaluation: r.runId !== null });
    return out;
  }
  const rows = await ctx.db
    .select({ id: traces.sessionId, lastAt: sql<number>`max(${traces.updatedAt})` })
    .from(traces)
    .where(and(eq(traces.projectId, projectId), inArray(traces.sessionId, ids), sql`${traces.runId} is null`))
    .groupBy(traces.sessionId);
  for (const r of rows)
    if (r.id !== null) out.set(r.id, { lastAt: Number(r.lastAt), rooted: true, evaluation: false });
  return out;
}

/** Which subjects match each filtered monitor (a session: any of its traces), a query per filtered monitor. */
async function matches(ctx: OrgJobContext, projectId: string, kind: Kind, ids: string[], list: MonitorRow[]) {
  const hits = new Map<string, Set<string>>();
  const column = kind === "trace" ? traces.traceId : traces.sessionId;
  for (const m of list) {
    if (Object.keys(m.filter).length === 0 || ids.length === 0) continue;
    const rows = await ctx.db
      .selectDistinct({ id: column })
      .from(traces)
      .where(and(inArray(column, ids), traceFilterSql(projectId, readMonitorFilter(m.filter))));
    hits.set(m.id, new Set(rows.flatMap((r) => (r.id === null ? [] : [r.id]))));
  }
  return (m: MonitorRow, id: string) =>
    Object.keys(m.filter).length === 0 || (hits.get(m.id)?.has(id) ?? false);
}

/** Each (monitor, session)'s next round: one more than it has scored, null past the limit. */
async function sessionRounds(ctx: OrgJobContext, ids: string[], list: MonitorRow[]) {
  const rows =
    ids.length === 0 || list.length === 0
      ? []
      : await ctx.db
          .select({
            monitorId: monitorResults.monitorId,
            subjectId: monitorResults.subjectId,
            round: sql<number>`max(${monitorResults.round})`,
          })
          .from(monitorResults)
          .where(
            and(
              inArray(
                monitorResults.monitorId,
                list.map((m) => m.id),
              ),
              inArray(monitorResults.subjectId, ids),
            ),
          )
          .groupBy(monitorResults.monitorId, monitorResults.subjectId);
  const last = new Map(rows.map((r) => [`${r.monitorId}\u0000${r.subjectId}`, Number(r.round)]));
  return (m: MonitorRow, id: string) => {
    const next = (last.get(`${m.id}\u0000${id}`) ?? 0) + 1;
    return next > MAX_SESSION_ROUNDS ? null : next;
  };
}

/**
 * "Have they settled?": queued by ingest with the settle time as its delay, for the subjects one
 * ingest batch found waiting (at most SETTLE_BATCH). A trace is ready once its root span is in and
 * no span arrived for the settle time (the longest of its level's active monitors), or ten minutes
 * after it was first seen whatever happens; a session once no turn arrived for the settle time.
 * Those not ready are queued again for the time they have left (grouped by it; no timer scans
 * traces). Each ready one gets a scoring job per monitor that samples it and whose filter it
 * matches, and its pending row goes (a session's only if no turn arrived meanwhile; else it waits
 * again). A redelivered message finds the rows gone; scoring jobs are keyed by (monitor, subject, round).
 */
export const settleJob = defineOrgJob({
  type: "monitoring.settle",
  payload: z.object({
    projectId: z.string(),
    kind: z.enum(["trace", "session"]),
    subjectIds: z.array(z.string()).min(1).max(SETTLE_BATCH),
  }),
  async handle(ctx, { projectId, kind, subjectIds }) {
    const of = (ids: string[]) =>
      and(
        eq(monitorPending.projectId, projectId),
        eq(monitorPending.kind, kind),
        inArray(monitorPending.subjectId, ids),
      );
    const pending = await ctx.db
      .select()
      .from(monitorPending)
      .where(of([...new Set(subjectIds)]));
    if (pending.length === 0) return;
    const project = await ctx.batch.once(`project:${projectId}`, () =>
      findFirst(ctx.control, projects, and(eq(projects.id, projectId), eq(projects.orgId, ctx.org.id))),
    );
    const list = project && project.deletedAt === null ? await activeMonitors(ctx, projectId, kind) : [];
    const ids = pending.map((p) => p.subjectId);
    const activity =
      list.length > 0 ? await activityOf(ctx, projectId, kind, ids) : new Map<string, Activity>();
    const now = ctx.services.clock.now();
    const settleMs = Math.max(0, ...list.map((m) => m.settleSeconds)) * 1000;
    const gone: string[] = [];
    const ready: { id: string; lastAt: number }[] = [];
    const waits = new Map<number, string[]>();
    for (const p of pending) {
      const a = activity.get(p.subjectId);
      if (!a || a.evaluation) {
        gone.push(p.subjectId);
        continue;
      }
      const quietFor = now - a.lastAt;
      const overdue = kind === "trace" && now - p.firstAt >= TRACE_DEADLINE_MS;
      if (overdue || (a.rooted && quietFor >= settleMs)) {
        ready.push({ id: p.subjectId, lastAt: a.lastAt });
        continue;
      }
      let waitMs = a.rooted ? settleMs - quietFor : Math.max(settleMs, 1000);
      if (kind === "trace") waitMs = Math.min(waitMs, p.firstAt + TRACE_DEADLINE_MS - now);
      const delay = Math.max(1, Math.ceil(waitMs / 1000));
      waits.set(delay, [...(waits.get(delay) ?? []), p.subjectId]);
    }

    const readyIds = ready.map((r) => r.id);
    const sampledBy = list.filter((m) => readyIds.some((id) => sampled(id, m.samplingRate)));
    const isMatch = await matches(
      ctx,
      projectId,
      kind,
      readyIds.filter((id) => sampledBy.some((m) => sampled(id, m.samplingRate))),
      sampledBy,
    );
    const roundOf = kind === "session" ? await sessionRounds(ctx, readyIds, sampledBy) : () => 1;
    const jobs = ready.flatMap(({ id }) =>
      sampledBy.flatMap((m) => {
        const round = sampled(id, m.samplingRate) && isMatch(m, id) ? roundOf(m, id) : null;
        return round === null
          ? []
          : [{ orgId: ctx.org.id, projectId, monitorId: m.id, kind, subjectId: id, round }];
      }),
    );
    if (jobs.length > 0) await ctx.services.jobs.enqueueMany(scoreSubjectJob, jobs);

    // Done: the rows go (a session's only if nothing arrived since it was read: a new turn waits again).
    if (kind === "trace") {
      const done = [...gone, ...readyIds];
      if (done.length > 0) await ctx.db.delete(monitorPending).where(of(done));
    } else {
      if (gone.length > 0) await ctx.db.delete(monitorPending).where(of(gone));
      for (const { id, lastAt } of ready) {
        const [deleted] = await ctx.db
          .delete(monitorPending)
          .where(
            and(
              of([id]),
              sql`not exists (select 1 from ${traces} where ${traces.projectId} = ${projectId} and ${traces.sessionId} = ${id} and ${traces.updatedAt} > ${lastAt})`,
            ),
          )
          .returning({ id: monitorPending.subjectId });
        if (!deleted) {
          const delay = Math.max(1, Math.ceil(settleMs / 1000));
          waits.set(delay, [...(waits.get(delay) ?? []), id]);
        }
      }
    }
    // Not yet: the same subjects again after the time they have left, as few messages as may be.
    for (const [delaySeconds, waiting] of waits) {
      await ctx.db
        .update(monitorPending)
        .set({ dueAt: now + delaySeconds * 1000 })
        .where(of(waiting));
      const messages = [];
      for (let i = 0; i < waiting.length; i += SETTLE_BATCH)
        messages.push({ orgId: ctx.org.id, projectId, kind, subjectIds: waiting.slice(i, i + SETTLE_BATCH) });
      await ctx.services.jobs.enqueueMany(settleJob, messages, { delaySeconds });
    }
  },
});
