import { and, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { monitorBackfills, monitorResults, projects, traces } from "../../schema";
import {
  actorFromRef,
  actorRef,
  auditData,
  jobProjectScope,
  type ProjectContext,
  type ProjectScope,
} from "../auth/context";
import { defineOrgJob } from "../jobs/define";
import { findFirst } from "../lib/db";
import { ApiError } from "../lib/errors";
import { DAY_MS, isoTime } from "../lib/time";
import { pricesFor } from "../prices/org-prices";
import { costOf, findPrice } from "../prices/pricing";
import { resolveScorer } from "../scorers/score";
import { traceFilterSql } from "../traces/filters";
import { sampled } from "./sampling";
import { type BackfillView, readMonitorFilter } from "./schemas";
import { scoreSubjectJob } from "./score-job";
import { getMonitorInProject, type MonitorRow } from "./service";

/** Subjects a collecting job reads per page (one message each, then the next page's job). */
const PAGE = 500;
/** When no judge call of the monitor has a cost yet: what one call is assumed to read and write. */
const ASSUMED_TOKENS = { input: 1_500, output: 150 };

type BackfillRow = typeof monitorBackfills.$inferSelect;

/** The traces a backfill of `monitor` over [fromMs, toMs) looks at: its filter, no evaluation runs'. */
function inRange(projectId: string, monitor: MonitorRow, fromMs: number, toMs: number): SQL {
  return sql`${traceFilterSql(projectId, { ...readMonitorFilter(monitor.filter), from: fromMs, to: toMs })} and ${traces.runId} is null`;
}

/**
 * What one scoring costs, from the monitor's own judge calls when it has made some (their mean),
 * else from the model's price for an assumed call size; a rule costs nothing.
 */
async function costPerSubject(ctx: ProjectScope, monitor: MonitorRow) {
  const scorer = await resolveScorer(ctx, { versionId: monitor.scorerVersionId });
  const def = scorer.definition;
  if (def.type === "rule") return { costUsd: 0, basis: "A rule scorer: no judge calls." };
  const [seen] = await ctx.db.all<{ n: number; mean: number | null }>(sql`
    select count(*) as n, avg(cost_usd) as mean from (select cost_usd from ${monitorResults}
      where monitor_id = ${monitor.id} and cost_usd is not null order by created_at desc limit 200)`);
  if (seen && Number(seen.n) > 0 && seen.mean !== null)
    return {
      costUsd: Number(seen.mean),
      basis: `The mean cost of this monitor's last ${seen.n} judge call(s).`,
    };
  const model = def.model.slice(def.model.indexOf(":/") + 2);
  const price = findPrice(model, await pricesFor(ctx));
  if (!price)
    return {
      costUsd: null,
      basis: `No price is known for ${model}; add one in the organization's model prices.`,
    };
  return {
    costUsd: costOf(price, { input: ASSUMED_TOKENS.input, output: ASSUMED_TOKENS.output, cacheRead: null }),
    basis: `${model}'s price for an assumed ${ASSUMED_TOKENS.input} input and ${ASSUMED_TOKENS.output} output tokens per call (the monitor has no judge calls yet).`,
  };
}

function rangeOf(ctx: ProjectScope, days: number) {
  const toMs = ctx.services.clock.now();
  return { fromMs: toMs - days * DAY_MS, toMs };
}

/** How many subjects a backfill of the last `days` days would score, and what it would cost. */
export async function estimateBackfill({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { monitorId: string; days: number };
}) {
  const monitor = await getMonitorInProject(ctx, input.monitorId);
  const { fromMs, toMs } = rangeOf(ctx, input.days);
  const where = inRange(ctx.project.id, monitor, fromMs, toMs);
  const [row] = await ctx.db.all<{ n: number }>(
    monitor.level === "trace"
      ? sql`select count(*) as n from ${traces} where ${where}`
      : sql`select count(distinct ${traces.sessionId}) as n from ${traces} where ${where} and ${traces.sessionId} is not null`,
  );
  const matching = Number(row?.n ?? 0);
  const subjects = Math.round(matching * monitor.samplingRate);
  const cost = await costPerSubject(ctx, monitor);
  return {
    days: input.days,
    from: isoTime(fromMs),
    to: isoTime(toMs),
    matching,
    subjects,
    costPerSubjectUsd: cost.costUsd,
    estimatedCostUsd: cost.costUsd === null ? null : cost.costUsd * subjects,
    basis: cost.basis,
  };
}

export function backfillView(row: BackfillRow): BackfillView {
  return {
    id: row.id,
    monitorId: row.monitorId,
    from: isoTime(row.fromMs),
    to: isoTime(row.toMs),
    status: row.status as BackfillView["status"],
    total: row.total,
    done: row.done,
    errors: row.errors,
    estimatedCostUsd: row.estimatedCostUsd,
    costUsd: row.costUsd,
    createdBy: row.createdByLabel,
    createdAt: isoTime(row.createdAt),
    finishedAt: row.finishedAt === null ? null : isoTime(row.finishedAt),
  };
}

/**
 * Scores the matching traces (or sessions) of the last `days` days at the monitor's rate, as
 * background jobs with progress: the subjects it already scored with its current scorer version
 * are skipped, those scored with an older one are scored again (the new result replaces the old).
 * Each result counts in the hour its trace started, so the history fills in instead of a spike
 * appearing now. Audited.
 */
export async function startBackfill({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { monitorId: string; days: number };
}) {
  const estimate = await estimateBackfill({ ctx, input });
  const monitor = await getMonitorInProject(ctx, input.monitorId);
  const running = await findFirst(
    ctx.db,
    monitorBackfills,
    and(
      eq(monitorBackfills.monitorId, monitor.id),
      inArray(monitorBackfills.status, ["collecting", "running"]),
    ),
  );
  if (running)
    throw new ApiError(
      "CONFLICT",
      `A backfill of this monitor is still running (${running.done} of ${running.total ?? "?"} done); wait for it or cancel it.`,
    );
  const now = ctx.services.clock.now();
  const row: BackfillRow = {
    id: ctx.services.ids("monitorBackfill"),
    orgId: ctx.org.id,
    projectId: ctx.project.id,
    monitorId: monitor.id,
    fromMs: Date.parse(estimate.from),
    toMs: Date.parse(estimate.to),
    total: null,
    done: 0,
    errors: 0,
    estimatedCostUsd: estimate.estimatedCostUsd,
    costUsd: 0,
    status: "collecting",
    cursor: null,
    createdBy: actorRef(ctx),
    createdByLabel: ctx.actor.label,
    createdAt: now,
    finishedAt: null,
  };
  await ctx.db.batch([
    ctx.db.insert(monitorBackfills).values(row),
    auditData(
      ctx,
      "monitor.backfill_started",
      { type: "monitor", id: monitor.id, label: monitor.name },
      {
        backfillId: row.id,
        days: input.days,
        estimatedSubjects: estimate.subjects,
        estimatedCostUsd: estimate.estimatedCostUsd,
      },
    ),
  ]);
  await ctx.services.jobs.enqueue(collectBackfillJob, { orgId: ctx.org.id, backfillId: row.id, after: null });
  return backfillView(row);
}

export async function listBackfills({ ctx, input }: { ctx: ProjectContext; input: { monitorId: string } }) {
  const monitor = await getMonitorInProject(ctx, input.monitorId);
  const rows = await ctx.db
    .select()
    .from(monitorBackfills)
    .where(and(eq(monitorBackfills.projectId, ctx.project.id), eq(monitorBackfills.monitorId, monitor.id)))
    .orderBy(desc(monitorBackfills.createdAt))
    .limit(20);
  return { backfills: rows.map(backfillView) };
}

/** Stops a backfill: subjects not yet scored are left; what was written stays. */
export async function cancelBackfill({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { monitorId: string; backfillId: string };
}) {
  const monitor = await getMonitorInProject(ctx, input.monitorId);
  const where = and(
    eq(monitorBackfills.id, input.backfillId),
    eq(monitorBackfills.projectId, ctx.project.id),
    eq(monitorBackfills.monitorId, monitor.id),
  );
  const row = await findFirst(ctx.db, monitorBackfills, where);
  if (!row) throw ApiError.notFound("Backfill");
  if (row.status === "collecting" || row.status === "running") {
    const now = ctx.services.clock.now();
    await ctx.db.batch([
      ctx.db.update(monitorBackfills).set({ status: "cancelled", finishedAt: now }).where(where),
      auditData(
        ctx,
        "monitor.backfill_cancelled",
        { type: "monitor", id: monitor.id, label: monitor.name },
        {
          backfillId: row.id,
        },
      ),
    ]);
    return backfillView({ ...row, status: "cancelled", finishedAt: now });
  }
  return backfillView(row);
}

/** A page of subjects in the backfill's range after `after`, in a stable order (start time, then row). */
async function pageOf(ctx: ProjectScope, monitor: MonitorRow, b: BackfillRow, after: string | null) {
  const where = inRange(ctx.project.id, monitor, b.fromMs, b.toMs);
  if (monitor.level === "trace") {
    const rows = await ctx.db.all<{ id: string; cursor: string }>(sql`
      select ${traces.traceId} as id, ${traces.id} as cursor from ${traces}
      where ${where} ${after === null ? sql`` : sql`and ${traces.id} > ${Number(after)}`}
      order by ${traces.id} limit ${PAGE}`);
    return rows.map((r) => ({ id: r.id, cursor: String(r.cursor) }));
  }
  const rows = await ctx.db.all<{ id: string }>(sql`
    select distinct ${traces.sessionId} as id from ${traces}
    where ${where} and ${traces.sessionId} is not null ${after === null ? sql`` : sql`and ${traces.sessionId} > ${after}`}
    order by ${traces.sessionId} limit ${PAGE}`);
  return rows.map((r) => ({ id: r.id, cursor: r.id }));
}

/** Each subject's next round for the monitor, or null when its latest result is of the current version. */
async function roundsFor(ctx: ProjectScope, monitor: MonitorRow, ids: string[]) {
  const rows =
    ids.length === 0
      ? []
      : await ctx.db
          .select({
            subjectId: monitorResults.subjectId,
            round: monitorResults.round,
            versionId: monitorResults.scorerVersionId,
          })
          .from(monitorResults)
          .where(and(eq(monitorResults.monitorId, monitor.id), inArray(monitorResults.subjectId, ids)));
  const latest = new Map<string, { round: number; versionId: string }>();
  for (const r of rows) {
    const seen = latest.get(r.subjectId);
    if (!seen || r.round > seen.round) latest.set(r.subjectId, r);
  }
  return (id: string) => {
    const last = latest.get(id);
    if (!last) return 1;
    return last.versionId === monitor.scorerVersionId ? null : last.round + 1;
  };
}

/**
 * Collects one page of a backfill's subjects: those the monitor samples and has not scored with
 * its current version become scoring jobs (with the backfill's id, so they count its progress),
 * then the next page's job is queued; the last page sets the total. A redelivered page may queue
 * its jobs twice: their results are keyed by (monitor, subject, round), so they count once.
 */
export const collectBackfillJob = defineOrgJob({
  type: "monitoring.backfill_collect",
  payload: z.object({ backfillId: z.string(), after: z.string().nullable() }),
  async handle(ctx, { backfillId, after }) {
    const b = await findFirst(ctx.db, monitorBackfills, eq(monitorBackfills.id, backfillId));
    if (b?.status !== "collecting") return;
    const project = await findFirst(
      ctx.control,
      projects,
      and(eq(projects.id, b.projectId), eq(projects.orgId, ctx.org.id)),
    );
    if (!project || project.deletedAt !== null) return;
    // Pages go in order, each once: a redelivered page finds the cursor moved past it.
    if ((b.cursor ?? null) !== after) return;
    const scope = jobProjectScope(ctx, project, actorFromRef(b.createdBy, b.createdByLabel));
    const monitor = await getMonitorInProject(scope, b.monitorId).catch(() => null);
    if (!monitor) return;
    const page = await pageOf(scope, monitor, b, after);
    const picked = page.filter((s) => sampled(s.id, monitor.samplingRate));
    const next = await roundsFor(
      scope,
      monitor,
      picked.map((s) => s.id),
    );
    const jobs = picked.flatMap((s) => {
      const round = next(s.id);
      return round === null
        ? []
        : [
            {
              orgId: ctx.org.id,
              projectId: b.projectId,
              monitorId: monitor.id,
              kind: monitor.level,
              subjectId: s.id,
              round,
              backfillId,
            },
          ];
    });
    const last = page.length < PAGE;
    const cursor = page.at(-1)?.cursor ?? after;
    // The total grows before the jobs go, so none can see itself as the last one too early; the
    // cursor moves with it (only from where this page began), so a twin delivery changes nothing.
    const [moved] = await ctx.db
      .update(monitorBackfills)
      .set({
        cursor,
        total: sql`coalesce(${monitorBackfills.total}, 0) + ${jobs.length}`,
        ...(last
          ? {
              status: sql`case when ${monitorBackfills.done} >= coalesce(${monitorBackfills.total}, 0) + ${jobs.length} then 'completed' else 'running' end`,
              finishedAt: sql`case when ${monitorBackfills.done} >= coalesce(${monitorBackfills.total}, 0) + ${jobs.length} then ${ctx.services.clock.now()} else null end`,
            }
          : {}),
      })
      .where(
        and(
          eq(monitorBackfills.id, backfillId),
          eq(monitorBackfills.status, "collecting"),
          after === null ? isNull(monitorBackfills.cursor) : eq(monitorBackfills.cursor, after),
        ),
      )
      .returning({ id: monitorBackfills.id });
    if (!moved) return;
    if (jobs.length > 0) await ctx.services.jobs.enqueueMany(scoreSubjectJob, jobs);
    if (!last && cursor !== null)
      await ctx.services.jobs.enqueue(collectBackfillJob, { orgId: ctx.org.id, backfillId, after: cursor });
  },
});
