import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { z } from "zod";
import { evalItems, evalRows, evalRuns, projects } from "../../schema";
import { insertAssessments } from "../assessments/rows";
import { actorFromRef, jobProjectScope, type ProjectScope } from "../auth/context";
import { DeferJob, defineOrgJob, type OrgJobContext } from "../jobs/define";
import { JudgeBusyError } from "../judges/runner";
import { findFirst, isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { readStoredJson } from "../lib/json-input";
import type { Subject } from "../scorers/rules";
import { outcomeRows, type ResolvedScorer, resolveScorer, runScorer } from "../scorers/score";
import { traceSubject } from "../scorers/subject";

/**
 * How a run is scored: one queue job per row on the judges' queue, scoring it with every pinned
 * scorer version, `repeats` times each. Each unit (row, scorer version, repeat) is an `eval_items`
 * row written in the same transaction as its assessment and the run's counters, so a redelivered
 * or retried job never counts twice; a cancelled run's jobs do nothing; a unit whose judge found
 * no permit in time is left for the job's next delivery (DeferJob), the others kept.
 */
const PERMIT_WAIT_MS = 5_000;
const FAN_OUT_PAGE = 500;

type Run = typeof evalRuns.$inferSelect;

/** A running run of the project and the scope its jobs act in (as the person who started it), or null. */
export async function runScope(ctx: OrgJobContext, projectId: string, runId: string) {
  const run = await ctx.batch.once(`eval_run:${runId}`, () =>
    findFirst(ctx.db, evalRuns, and(eq(evalRuns.id, runId), eq(evalRuns.projectId, projectId))),
  );
  if (run?.status !== "running") return null;
  const project = await ctx.batch.once(`project:${projectId}`, () =>
    findFirst(ctx.control, projects, and(eq(projects.id, projectId), eq(projects.orgId, ctx.org.id))),
  );
  if (!project) return null;
  return { run, scope: jobProjectScope(ctx, project, actorFromRef(run.createdBy, run.createdByLabel)) };
}

/** Queues the scoring of a run's rows after position `after`, a page at a time (then itself for the next page). */
export const fanOutJob = defineOrgJob({
  type: "evaluations.fan_out",
  payload: z.object({ projectId: z.string(), runId: z.string(), after: z.number().int().min(0) }),
  async handle(ctx, message) {
    const found = await runScope(ctx, message.projectId, message.runId);
    if (!found) return;
    const rows = await ctx.db
      .select({ rowKey: evalRows.rowKey, position: evalRows.position })
      .from(evalRows)
      .where(
        and(eq(evalRows.runId, message.runId), gt(evalRows.position, message.after), isNull(evalRows.error)),
      )
      .orderBy(asc(evalRows.position))
      .limit(FAN_OUT_PAGE);
    await ctx.services.jobs.enqueueMany(
      scoreRowJob,
      rowMessages(
        ctx.services.env.EVAL_JOB_GRAIN,
        found.run,
        ctx.org.id,
        rows.map((r) => r.rowKey),
      ),
    );
    const last = rows.at(-1);
    if (rows.length === FAN_OUT_PAGE && last)
      await ctx.services.jobs.enqueue(fanOutJob, { ...message, orgId: ctx.org.id, after: last.position });
  },
});

/** The scoring messages of rows: one per row, or one per row and scorer (EVAL_JOB_GRAIN). */
export function rowMessages(
  grain: "row" | "unit",
  run: Pick<Run, "id" | "projectId" | "scorers">,
  orgId: string,
  rowKeys: string[],
): { orgId: string; projectId: string; runId: string; rowKey: string; versionId?: string }[] {
  const base = { orgId, projectId: run.projectId, runId: run.id };
  return grain === "row"
    ? rowKeys.map((rowKey) => ({ ...base, rowKey }))
    : rowKeys.flatMap((rowKey) => run.scorers.map((s) => ({ ...base, rowKey, versionId: s.versionId })));
}

/** What the scorers read of a row: its inputs, outputs and expectations, and its trace's facts when it has one. */
async function subjectOf(
  scope: ProjectScope,
  row: typeof evalRows.$inferSelect,
): Promise<Subject & { traceId?: string }> {
  const own = {
    inputs: readStoredJson(row.inputs),
    outputs: readStoredJson(row.outputs),
    expectations: (readStoredJson(row.expectations) ?? {}) as Record<string, unknown>,
  };
  if (row.traceId === null) return own;
  try {
    const traced = await traceSubject(scope, row.traceId);
    return { ...traced, ...own, expectations: { ...traced.expectations, ...own.expectations } };
  } catch (err) {
    // The trace has not arrived (or is gone): the row's own record is still scored.
    if (err instanceof ApiError && err.code === "NOT_FOUND") return own;
    throw err;
  }
}

type Unit = { scorer: ResolvedScorer; versionId: string; repeat: number };

export const scoreRowJob = defineOrgJob({
  type: "evaluations.score_row",
  queue: "judges",
  payload: z.object({
    projectId: z.string(),
    runId: z.string(),
    rowKey: z.string(),
    /** Only this scorer version's units (EVAL_JOB_GRAIN = unit); all the run's scorers without it. */
    versionId: z.string().optional(),
  }),
  async handle(ctx, message) {
    const found = await runScope(ctx, message.projectId, message.runId);
    if (!found) return;
    const { run, scope } = found;
    const gathered = await ctx.batch.gather(`eval_rows:${run.id}`, message.rowKey, (keys) =>
      rowsWithUnits(ctx, run.id, keys),
    );
    if (!gathered || gathered.row.error !== null) return;
    const { row, isDone } = gathered;
    const scorers = await Promise.all(
      run.scorers.map((s) =>
        ctx.batch.once(`scorer_version:${s.versionId}`, () =>
          resolveScorer(scope, { versionId: s.versionId }),
        ),
      ),
    );
    const units: Unit[] = [];
    for (const [i, s] of run.scorers.entries()) {
      const scorer = scorers[i];
      if (!scorer || (message.versionId !== undefined && message.versionId !== s.versionId)) continue;
      for (let repeat = 1; repeat <= run.repeats; repeat++)
        if (!isDone.has(`${s.versionId}:${repeat}`)) units.push({ scorer, versionId: s.versionId, repeat });
    }
    if (units.length === 0) return;
    const subject = await subjectOf(scope, row);
    const outcomes = await Promise.all(
      units.map(async (unit) => {
        try {
          return { unit, outcome: await runScorer(scope, unit.scorer, subject, PERMIT_WAIT_MS) };
        } catch (err) {
          if (err instanceof JudgeBusyError) return { unit, busy: err };
          throw err;
        }
      }),
    );
    const scored = outcomes.flatMap((o) =>
      "outcome" in o && o.outcome ? [{ unit: o.unit, outcome: o.outcome }] : [],
    );
    if (scored.length > 0) await commit(scope, run, row, scored);
    const busy = outcomes.find((o) => "busy" in o && o.busy);
    if (busy && "busy" in busy && busy.busy)
      throw new DeferJob(Math.max(1, Math.ceil(busy.busy.retryAfterMs / 1000)), busy.busy.message);
  },
});

/**
 * The rows of a batch's messages of one run, each with the units already scored ("version:repeat"):
 * two queries for the batch, whatever its size.
 */
async function rowsWithUnits(ctx: OrgJobContext, runId: string, rowKeys: string[]) {
  const keys = [...new Set(rowKeys)];
  const [rows, done] = await Promise.all([
    ctx.db
      .select()
      .from(evalRows)
      .where(and(eq(evalRows.runId, runId), inArray(evalRows.rowKey, keys))),
    ctx.db
      .select({ rowKey: evalItems.rowKey, versionId: evalItems.scorerVersionId, repeat: evalItems.repeat })
      .from(evalItems)
      .where(and(eq(evalItems.runId, runId), inArray(evalItems.rowKey, keys))),
  ]);
  const found = new Map(rows.map((row) => [row.rowKey, { row, isDone: new Set<string>() }]));
  for (const d of done) found.get(d.rowKey)?.isDone.add(`${d.versionId}:${d.repeat}`);
  return found;
}

async function commit(
  scope: ProjectScope,
  run: Run,
  row: typeof evalRows.$inferSelect,
  scored: { unit: Unit; outcome: Awaited<ReturnType<typeof runScorer>> }[],
) {
  const { db } = scope;
  const now = scope.services.clock.now();
  const target = row.traceId === null ? {} : { traceId: row.traceId };
  const items: (typeof evalItems.$inferInsert)[] = [];
  const assessmentRows = scored.flatMap(({ unit, outcome }) => {
    const { row: main, rows } = outcomeRows(scope, unit.scorer, target, outcome, {
      runId: run.id,
      metadata: { rowKey: row.rowKey, repeat: unit.repeat },
    });
    items.push({
      runId: run.id,
      rowKey: row.rowKey,
      scorerVersionId: unit.versionId,
      repeat: unit.repeat,
      assessmentId: main.id,
      errorCode: outcome.error?.code ?? null,
    });
    return rows;
  });
  const errors = items.filter((i) => i.errorCode !== null).length;
  const n = items.length;
  const statements: [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] = [
    // First: a twin delivery that committed these units makes this batch fail here.
    db.insert(evalItems).values(items),
    // Runs stay out of the production score rollups: no rollup delta.
    db.run(insertAssessments(scope, assessmentRows)),
    db
      .update(evalRuns)
      .set({
        done: sql`${evalRuns.done} + ${n}`,
        errors: sql`${evalRuns.errors} + ${errors}`,
        status: sql`case when ${evalRuns.status} = 'running' and ${evalRuns.open} = 0 and ${evalRuns.done} + ${n} >= ${evalRuns.total} then 'completed' else ${evalRuns.status} end`,
        finishedAt: sql`case when ${evalRuns.status} = 'running' and ${evalRuns.open} = 0 and ${evalRuns.done} + ${n} >= ${evalRuns.total} then ${now} else ${evalRuns.finishedAt} end`,
      })
      .where(eq(evalRuns.id, run.id)),
  ];
  try {
    await db.batch(statements);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
}
