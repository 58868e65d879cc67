import { and, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { z } from "zod";
import { projects, scoreJobItems, scoreJobs } from "../../schema";
import { actorFromRef, jobProjectScope, type ProjectScope } from "../auth/context";
import { DeferJob, defineOrgJob } from "../jobs/define";
import { JudgeBusyError } from "../judges/runner";
import { findFirst, isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { outcomeRows, type ResolvedScorer, resolveScorer, runScorer, storeRows } from "./score";
import { traceSubject } from "./subject";

/**
 * How long one job waits inside the organization's gate for a permit before it gives the message
 * back to the queue. Queue delays count in whole seconds while a judge call takes a fraction of
 * one, so a short wait keeps the permits busy; past it the job is deferred, never failed.
 */
const PERMIT_WAIT_MS = 5_000;

type ScoreJob = typeof scoreJobs.$inferSelect;

/** The job's result for one trace, the item that makes it count once, and the job's counters. */
function finishStatements(
  scope: ProjectScope,
  job: ScoreJob,
  traceId: string,
  item: { assessmentId: string | null; errorCode: string | null },
) {
  const { db } = scope;
  const now = scope.services.clock.now();
  return [
    // First: a redelivery whose twin already committed fails here, and the batch with it.
    db.insert(scoreJobItems).values({ jobId: job.id, traceId, ...item, createdAt: now }),
    db
      .update(scoreJobs)
      .set({
        done: sql`${scoreJobs.done} + 1`,
        errors: sql`${scoreJobs.errors} + ${item.errorCode === null ? 0 : 1}`,
        status: sql`case when ${scoreJobs.status} = 'running' and ${scoreJobs.done} + 1 >= ${scoreJobs.total} then 'completed' else ${scoreJobs.status} end`,
        finishedAt: sql`case when ${scoreJobs.done} + 1 >= ${scoreJobs.total} then ${now} else ${scoreJobs.finishedAt} end`,
      })
      .where(eq(scoreJobs.id, job.id)),
  ] as const;
}

/**
 * Scores one trace of a scoring job and stores the feedback, the item and the job's counters in
 * one transaction: a redelivered or retried message never counts twice, a cancelled job's
 * messages do nothing, and no permit in time sends the message back to wait.
 */
export const scoreTraceJob = defineOrgJob({
  type: "scorers.score_trace",
  queue: "judges",
  payload: z.object({ projectId: z.string(), scoreJobId: z.string(), traceId: z.string() }),
  async handle(ctx, message) {
    // The job's row, project and scorer once per batch: its messages come in hundreds.
    const job = await ctx.batch.once(`score_job:${message.scoreJobId}`, () =>
      findFirst(
        ctx.db,
        scoreJobs,
        and(eq(scoreJobs.id, message.scoreJobId), eq(scoreJobs.projectId, message.projectId)),
      ),
    );
    if (job?.status !== "running") return;
    // Whether a twin delivery scored the trace already: one query for the batch's traces.
    const seen = await ctx.batch.gather(`score_job_items:${job.id}`, message.traceId, async (traceIds) => {
      const rows = await ctx.db
        .select({ traceId: scoreJobItems.traceId })
        .from(scoreJobItems)
        .where(and(eq(scoreJobItems.jobId, job.id), inArray(scoreJobItems.traceId, [...new Set(traceIds)])));
      return new Map(rows.map((r) => [r.traceId, true]));
    });
    if (seen) return;
    const project = await ctx.batch.once(`project:${job.projectId}`, () =>
      findFirst(ctx.control, projects, and(eq(projects.id, job.projectId), eq(projects.orgId, ctx.org.id))),
    );
    // The project went (its purge deletes the job too): nothing left to score.
    if (!project) return;
    const scope = jobProjectScope(ctx, project, actorFromRef(job.createdBy, job.createdByLabel));
    const scorer = await ctx.batch.once(`scorer_version:${job.scorerVersionId}`, () =>
      resolveScorer(scope, { versionId: job.scorerVersionId }),
    );
    const statements = await scoreTrace(scope, job, scorer, message.traceId);
    try {
      await ctx.db.batch(statements);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  },
});

type Batch = [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]];

/**
 * Runs a scorer inside a queue job: a judge waits a few seconds for one of the organization's
 * permits, and none in time gives the message back to the queue for the gate's delay (DeferJob),
 * never a failure.
 */
export async function runScorerInJob(
  scope: ProjectScope,
  scorer: ResolvedScorer,
  subject: Parameters<typeof runScorer>[2],
): ReturnType<typeof runScorer> {
  try {
    return await runScorer(scope, scorer, subject, PERMIT_WAIT_MS);
  } catch (err) {
    if (err instanceof JudgeBusyError)
      throw new DeferJob(Math.max(1, Math.ceil(err.retryAfterMs / 1000)), err.message);
    throw err;
  }
}

async function scoreTrace(
  scope: ProjectScope,
  job: ScoreJob,
  scorer: ResolvedScorer,
  traceId: string,
): Promise<Batch> {
  let subject: Awaited<ReturnType<typeof traceSubject>>;
  try {
    subject = await traceSubject(scope, traceId);
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== "NOT_FOUND") throw err;
    return [...finishStatements(scope, job, traceId, { assessmentId: null, errorCode: "TRACE_NOT_FOUND" })];
  }
  const outcome = await runScorerInJob(scope, scorer, subject);
  const { row, rows } = outcomeRows(scope, scorer, subject, outcome);
  return [
    ...finishStatements(scope, job, traceId, {
      assessmentId: row.id,
      errorCode: outcome.error?.code ?? null,
    }),
    ...storeRows(scope, rows),
  ];
}
