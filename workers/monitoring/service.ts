import { and, asc, eq, gte, inArray, sql } from "drizzle-orm";
import {
  monitorBackfills,
  monitorResults,
  monitors,
  scoreRollups,
  scorers,
  scorerVersions,
} from "../../schema";
import { actorRef, auditData, type ProjectContext, type ProjectScope } from "../auth/context";
import { isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { DAY_MS, HOUR_MS, isoTime } from "../lib/time";
import { getScorerInProject, latestVersion } from "../scorers/registry";
import { DEFAULT_SETTLE_SECONDS, type MonitorInput, type MonitorPatch, type MonitorView } from "./schemas";

export type MonitorRow = typeof monitors.$inferSelect;

/** One of the project's monitors, or 404. */
export async function getMonitorInProject(ctx: ProjectScope, monitorId: string): Promise<MonitorRow> {
  const [row] = await ctx.db
    .select()
    .from(monitors)
    .where(and(eq(monitors.projectId, ctx.project.id), eq(monitors.id, monitorId)))
    .limit(1);
  if (!row) throw ApiError.notFound("Monitor");
  return row;
}

/** The scorer version a monitor runs: the given number of the scorer, or its latest. */
async function versionFor(ctx: ProjectScope, scorerId: string, version: number | undefined) {
  if (version === undefined) return latestVersion(ctx, scorerId);
  const scorer = await getScorerInProject(ctx, scorerId);
  const [row] = await ctx.db
    .select()
    .from(scorerVersions)
    .where(and(eq(scorerVersions.scorerId, scorer.id), eq(scorerVersions.version, version)))
    .limit(1);
  if (!row)
    throw new ApiError(
      "INVALID_INPUT",
      `Invalid body. scorerVersion: scorer "${scorer.name}" has no version ${version} (its latest is ${scorer.latestVersion}).`,
    );
  return { scorer, version: row };
}

const nameTaken = (name: string) =>
  new ApiError("CONFLICT", `The project already has a monitor named "${name}"; choose another name.`);

/** Statistics of the monitors for their views: today's results and spend, the last 24 hours' scores. */
async function statsOf(ctx: ProjectScope, rows: { id: string; feedback: string }[]) {
  const now = ctx.services.clock.now();
  const ids = rows.map((r) => r.id);
  const today = new Map<string, { scored: number; errors: number; costUsd: number }>();
  const recent = new Map<string, MonitorView["recent"]>();
  if (ids.length === 0) return { today, recent };
  const startOfDay = now - (now % DAY_MS);
  const since = now - (now % HOUR_MS) - 23 * HOUR_MS;
  const [counts, hours] = await Promise.all([
    ctx.db
      .select({
        monitorId: monitorResults.monitorId,
        scored: sql<number>`count(*)`,
        errors: sql<number>`count(${monitorResults.errorCode})`,
        costUsd: sql<number>`total(${monitorResults.costUsd})`,
      })
      .from(monitorResults)
      .where(and(inArray(monitorResults.monitorId, ids), gte(monitorResults.createdAt, startOfDay)))
      .groupBy(monitorResults.monitorId),
    ctx.db
      .select({
        monitorId: scoreRollups.monitorId,
        hour: scoreRollups.hour,
        count: scoreRollups.count,
        scored: scoreRollups.scored,
        sum: scoreRollups.sum,
        judged: scoreRollups.judged,
        passes: scoreRollups.passes,
      })
      .from(scoreRollups)
      .where(
        and(
          eq(scoreRollups.projectId, ctx.project.id),
          inArray(
            sql`(${scoreRollups.name}, ${scoreRollups.monitorId})`,
            rows.map((r) => sql`(${r.feedback}, ${r.id})`),
          ),
          gte(scoreRollups.hour, since),
        ),
      )
      .orderBy(asc(scoreRollups.hour)),
  ]);
  for (const c of counts) today.set(c.monitorId, { scored: c.scored, errors: c.errors, costUsd: c.costUsd });
  for (const h of hours) {
    if (h.count === 0) continue;
    const list = recent.get(h.monitorId) ?? [];
    list.push({
      hour: isoTime(h.hour),
      count: h.count,
      mean: h.scored > 0 ? h.sum / h.scored : null,
      passRate: h.judged > 0 ? h.passes / h.judged : null,
    });
    recent.set(h.monitorId, list);
  }
  return { today, recent };
}

async function views(ctx: ProjectScope, rows: MonitorRow[]): Promise<MonitorView[]> {
  if (rows.length === 0) return [];
  const versions = await ctx.db
    .select({ id: scorerVersions.id, version: scorerVersions.version, name: scorers.name })
    .from(scorerVersions)
    .innerJoin(scorers, eq(scorers.id, scorerVersions.scorerId))
    .where(inArray(scorerVersions.id, [...new Set(rows.map((r) => r.scorerVersionId))]));
  const byId = new Map(versions.map((v) => [v.id, v]));
  const feedback = (r: MonitorRow) => byId.get(r.scorerVersionId)?.name ?? r.name;
  const { today, recent } = await statsOf(
    ctx,
    rows.map((r) => ({ id: r.id, feedback: feedback(r) })),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    scorer: {
      id: r.scorerId,
      name: feedback(r),
      versionId: r.scorerVersionId,
      version: byId.get(r.scorerVersionId)?.version ?? 0,
    },
    level: r.level,
    samplingRate: r.samplingRate,
    filter: r.filter,
    settleSeconds: r.settleSeconds,
    status: r.status,
    today: today.get(r.id) ?? { scored: 0, errors: 0, costUsd: 0 },
    recent: recent.get(r.id) ?? [],
    createdBy: r.createdByLabel,
    createdAt: isoTime(r.createdAt),
    updatedAt: isoTime(r.updatedAt),
  }));
}

async function viewOf(ctx: ProjectScope, row: MonitorRow): Promise<MonitorView> {
  const [view] = await views(ctx, [row]);
  if (!view) throw new Error(`no view of monitor ${row.id}`);
  return view;
}

/**
 * A monitor: a scorer version on a sample of the project's live traces or sessions. Its feedback
 * is named after the scorer (so it sits beside offline results of the same scorer in charts) and
 * carries the monitor's id (so alerts can tell it apart). Audited.
 */
export async function createMonitor({ ctx, input }: { ctx: ProjectContext; input: MonitorInput }) {
  const { scorer, version } = await versionFor(ctx, input.scorerId, input.scorerVersion);
  const now = ctx.services.clock.now();
  const row: MonitorRow = {
    id: ctx.services.ids("monitor"),
    orgId: ctx.org.id,
    projectId: ctx.project.id,
    name: input.name ?? scorer.name,
    scorerId: scorer.id,
    scorerVersionId: version.id,
    level: input.level,
    samplingRate: input.samplingRate,
    filter: input.filter,
    settleSeconds: input.settleSeconds ?? DEFAULT_SETTLE_SECONDS[input.level],
    status: input.status,
    createdBy: actorRef(ctx),
    createdByLabel: ctx.actor.label,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await ctx.db.batch([
      ctx.db.insert(monitors).values(row),
      auditData(
        ctx,
        "monitor.created",
        { type: "monitor", id: row.id, label: row.name },
        {
          scorer: scorer.name,
          version: version.version,
          level: row.level,
          samplingRate: row.samplingRate,
          status: row.status,
        },
      ),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(row.name);
    throw err;
  }
  return viewOf(ctx, row);
}

export async function listMonitors({ ctx }: { ctx: ProjectContext }) {
  const rows = await ctx.db
    .select()
    .from(monitors)
    .where(eq(monitors.projectId, ctx.project.id))
    .orderBy(asc(monitors.name))
    .limit(500);
  return { monitors: await views(ctx, rows) };
}

export async function getMonitor({ ctx, input }: { ctx: ProjectContext; input: { monitorId: string } }) {
  return viewOf(ctx, await getMonitorInProject(ctx, input.monitorId));
}

/** Renames, re-rates, re-filters, pauses or starts a monitor, or moves it to another version of its scorer. Audited. */
export async function updateMonitor({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { monitorId: string; patch: MonitorPatch };
}) {
  const row = await getMonitorInProject(ctx, input.monitorId);
  const { scorerVersion, ...rest } = input.patch;
  const set: Partial<MonitorRow> = { ...rest, updatedAt: ctx.services.clock.now() };
  if (scorerVersion !== undefined)
    set.scorerVersionId = (await versionFor(ctx, row.scorerId, scorerVersion)).version.id;
  const action =
    rest.status === "paused"
      ? "monitor.paused"
      : rest.status === "active"
        ? "monitor.started"
        : "monitor.updated";
  try {
    await ctx.db.batch([
      ctx.db
        .update(monitors)
        .set(set)
        .where(and(eq(monitors.id, row.id), eq(monitors.projectId, ctx.project.id))),
      auditData(
        ctx,
        action,
        { type: "monitor", id: row.id, label: set.name ?? row.name },
        { ...input.patch },
      ),
    ]);
  } catch (err) {
    if (isUniqueViolation(err) && set.name !== undefined) throw nameTaken(set.name);
    throw err;
  }
  return viewOf(ctx, { ...row, ...set });
}

/**
 * Deletes a monitor and its bookkeeping; the feedback it wrote stays (it is the history of what it
 * found, and the score rollups keep counting it). Audited.
 */
export async function deleteMonitor({ ctx, input }: { ctx: ProjectContext; input: { monitorId: string } }) {
  const row = await getMonitorInProject(ctx, input.monitorId);
  await ctx.db.batch([
    ctx.db.delete(monitors).where(and(eq(monitors.id, row.id), eq(monitors.projectId, ctx.project.id))),
    ctx.db.delete(monitorResults).where(eq(monitorResults.monitorId, row.id)),
    ctx.db.delete(monitorBackfills).where(eq(monitorBackfills.monitorId, row.id)),
    auditData(ctx, "monitor.deleted", { type: "monitor", id: row.id, label: row.name }),
  ]);
}
