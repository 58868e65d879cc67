import { and, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { z } from "zod";
import { monitorBackfills, monitorResults, monitors, projects } from "../../schema";
import { rollupRuns } from "../assessments/rows";
import { actorFromRef, actorRef, jobProjectScope, type ProjectScope } from "../auth/context";
import { defineOrgJob } from "../jobs/define";
import { findFirst, isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { runScorerInJob } from "../scorers/jobs";
import { outcomeRows, type ResolvedScorer, resolveScorer, storeRows } from "../scorers/score";
import { sessionSubject, traceSubject } from "../scorers/subject";

type Message = {
  projectId: string;
  monitorId: string;
  kind: "trace" | "session";
  subjectId: string;
  round: number;
  backfillId?: string | undefined;
};

/**
 * The statements retiring what the monitor said of the subject before (a session's earlier round,
 * a backfill with a changed scorer): its rollup share out while still current, then marked
 * replaced by `successor`. Nothing for a first scoring.
 */
function supersede(scope: ProjectScope, m: Message, successor: string) {
  const target =
    m.kind === "trace"
      ? sql`trace_id = ${m.subjectId}`
      : sql`session_id = ${m.subjectId} and trace_id is null`;
  const old = sql`select id from assessments where project_id = ${scope.project.id} and ${target}
    and monitor_id = ${m.monitorId} and valid = 1 and kind = 'feedback' and id <> ${successor}`;
  const now = scope.services.clock.now();
  return [
    ...rollupRuns(scope.db, scope.project.id, old, "-"),
    scope.db.run(sql`update assessments set valid = 0, superseded_by = ${successor}, updated_by = ${actorRef(scope)}, updated_at = ${now}
      where id in (${old})`),
  ];
}

/** The result row (the job's idempotency key) and, for a backfill, its counters. */
function bookkeeping(
  scope: ProjectScope,
  m: Message,
  scorerVersionId: string,
  result: { assessmentId: string | null; errorCode: string | null; costUsd: number | null },
) {
  const now = scope.services.clock.now();
  const key = {
    monitorId: m.monitorId,
    subjectId: m.subjectId,
    round: m.round,
    projectId: scope.project.id,
    scorerVersionId,
    backfillId: m.backfillId ?? null,
    createdAt: now,
    ...result,
  };
  const failed = result.errorCode === null ? 0 : 1;
  return [
    // First: a redelivery whose twin already committed fails here, and its batch with it.
    scope.db.insert(monitorResults).values(key),
    ...(m.backfillId
      ? [
          scope.db
            .update(monitorBackfills)
            .set({
              done: sql`${monitorBackfills.done} + 1`,
              errors: sql`${monitorBackfills.errors} + ${failed}`,
              costUsd: sql`${monitorBackfills.costUsd} + ${result.costUsd ?? 0}`,
              status: sql`case when ${monitorBackfills.status} = 'running' and ${monitorBackfills.done} + 1 >= ${monitorBackfills.total} then 'completed' else ${monitorBackfills.status} end`,
              finishedAt: sql`case when ${monitorBackfills.status} = 'running' and ${monitorBackfills.done} + 1 >= ${monitorBackfills.total} then ${now} else ${monitorBackfills.finishedAt} end`,
            })
            .where(eq(monitorBackfills.id, m.backfillId)),
        ]
      : []),
  ] as const;
}

type Batch = [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]];

async function scoreSubject(scope: ProjectScope, m: Message, scorer: ResolvedScorer): Promise<Batch> {
  const versionId = scorer.versionId ?? "";
  let subject: Awaited<ReturnType<typeof traceSubject>> | Awaited<ReturnType<typeof sessionSubject>>;
  try {
    subject =
      m.kind === "trace" ? await traceSubject(scope, m.subjectId) : await sessionSubject(scope, m.subjectId);
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== "NOT_FOUND") throw err;
    const errorCode = m.kind === "trace" ? "TRACE_NOT_FOUND" : "SESSION_NOT_FOUND";
    return [...bookkeeping(scope, m, versionId, { assessmentId: null, errorCode, costUsd: null })];
  }
  const outcome = await runScorerInJob(scope, scorer, subject);
  const { row, rows } = outcomeRows(scope, scorer, subject, outcome, null, m.monitorId);
  return [
    ...bookkeeping(scope, m, versionId, {
      assessmentId: row.id,
      errorCode: outcome.error?.code ?? null,
      costUsd: outcome.usage?.costUsd ?? null,
    }),
    // Round 1 is a subject's first result: only later rounds (a session's new turns, a backfill
    // with a changed scorer) have an older one to retire.
    ...(m.round > 1 ? supersede(scope, m, row.id) : []),
    ...storeRows(scope, rows),
  ];
}

/**
 * Scores one (monitor, subject, round) through the scoring engine's runner (LLM judges and rules;
 * never user code) and stores the feedback, marked with the monitor, in one transaction with its
 * score rollups and its result row: a redelivered message stores nothing twice, a new round
 * replaces the old one's feedback and rollup share, a paused or deleted monitor's queued jobs do
 * nothing (a backfill's still run: someone asked for them).
 */
export const scoreSubjectJob = defineOrgJob({
  type: "monitoring.score",
  queue: "judges",
  payload: z.object({
    projectId: z.string(),
    monitorId: z.string(),
    kind: z.enum(["trace", "session"]),
    subjectId: z.string(),
    round: z.number().int().min(1),
    backfillId: z.string().optional(),
  }),
  async handle(ctx, message) {
    const monitor = await ctx.batch.once(`monitor:${message.monitorId}`, () =>
      findFirst(
        ctx.db,
        monitors,
        and(eq(monitors.id, message.monitorId), eq(monitors.projectId, message.projectId)),
      ),
    );
    if (!monitor || (monitor.status !== "active" && message.backfillId === undefined)) return;
    const { backfillId } = message;
    if (backfillId !== undefined) {
      const backfill = await ctx.batch.once(`monitor_backfill:${backfillId}`, () =>
        findFirst(ctx.db, monitorBackfills, eq(monitorBackfills.id, backfillId)),
      );
      if (!backfill || backfill.status === "cancelled") return;
    }
    const key = `${message.subjectId}\u0000${message.round}`;
    const seen = await ctx.batch.gather(`monitor_results:${monitor.id}`, key, async (keys) => {
      const subjects = [...new Set(keys.map((k) => k.split("\u0000")[0] ?? ""))];
      const rows = await ctx.db
        .select({ subjectId: monitorResults.subjectId, round: monitorResults.round })
        .from(monitorResults)
        .where(and(eq(monitorResults.monitorId, monitor.id), inArray(monitorResults.subjectId, subjects)));
      return new Map(rows.map((r) => [`${r.subjectId}\u0000${r.round}`, true]));
    });
    if (seen) return;
    const project = await ctx.batch.once(`project:${monitor.projectId}`, () =>
      findFirst(
        ctx.control,
        projects,
        and(eq(projects.id, monitor.projectId), eq(projects.orgId, ctx.org.id)),
      ),
    );
    if (!project || project.deletedAt !== null) return;
    const scope = jobProjectScope(ctx, project, actorFromRef(monitor.createdBy, `monitor ${monitor.name}`));
    const scorer = await ctx.batch.once(`scorer_version:${monitor.scorerVersionId}`, () =>
      resolveScorer(scope, { versionId: monitor.scorerVersionId }),
    );
    const statements = await scoreSubject(scope, message, scorer);
    try {
      await ctx.db.batch(statements);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  },
});
