import { and, desc, eq } from "drizzle-orm";
import { scoreJobs } from "../../schema";
import { actorRef, type ProjectContext } from "../auth/context";
import { findFirst } from "../lib/db";
import { ApiError } from "../lib/errors";
import { isoTime } from "../lib/time";
import type { ScoreJobInput, ScoreJobView } from "./job-schemas";
import { scoreTraceJob } from "./jobs";
import { resolveScorer } from "./score";

type Row = typeof scoreJobs.$inferSelect;

function view(row: Row): ScoreJobView {
  return {
    id: row.id,
    scorerId: row.scorerId,
    scorerVersionId: row.scorerVersionId,
    name: row.name,
    status: row.status as ScoreJobView["status"],
    total: row.total,
    done: row.done,
    errors: row.errors,
    createdBy: row.createdByLabel,
    createdAt: isoTime(row.createdAt),
    finishedAt: row.finishedAt === null ? null : isoTime(row.finishedAt),
  };
}

async function getRow(ctx: ProjectContext, jobId: string): Promise<Row> {
  const row = await findFirst(
    ctx.db,
    scoreJobs,
    and(eq(scoreJobs.id, jobId), eq(scoreJobs.projectId, ctx.project.id)),
  );
  if (!row) throw ApiError.notFound("Scoring job");
  return row;
}

/**
 * Starts scoring a set of the project's traces with one registered scorer version: the job's row
 * first, then one queue message per trace on the judges' queue. Feedback lands on each trace as
 * its message is handled (workers/scorers/jobs.ts); progress is the job's counters.
 */
export async function startScoreJob({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: ScoreJobInput;
}): Promise<ScoreJobView> {
  const scorer = await resolveScorer(ctx, input.scorer);
  // The input admits registered scorers only, which always have both ids.
  if (scorer.scorerId === null || scorer.versionId === null) throw new Error("a registered scorer has ids");
  const now = ctx.services.clock.now();
  const row: Row = {
    id: ctx.services.ids("scoreJob"),
    orgId: ctx.org.id,
    projectId: ctx.project.id,
    scorerId: scorer.scorerId,
    scorerVersionId: scorer.versionId,
    name: scorer.name,
    total: input.traceIds.length,
    done: 0,
    errors: 0,
    status: "running",
    createdBy: actorRef(ctx),
    createdByLabel: ctx.actor.label,
    createdAt: now,
    finishedAt: null,
  };
  await ctx.db.insert(scoreJobs).values(row);
  try {
    await ctx.services.jobs.enqueueMany(
      scoreTraceJob,
      input.traceIds.map((traceId) => ({
        orgId: ctx.org.id,
        projectId: ctx.project.id,
        scoreJobId: row.id,
        traceId,
      })),
    );
  } catch (err) {
    // Messages already sent find no job and do nothing.
    await ctx.db.delete(scoreJobs).where(eq(scoreJobs.id, row.id));
    throw err;
  }
  return view(row);
}

export async function getScoreJob({ ctx, input }: { ctx: ProjectContext; input: { jobId: string } }) {
  return view(await getRow(ctx, input.jobId));
}

/** The project's scoring jobs, newest first (the last 50). */
export async function listScoreJobs({ ctx }: { ctx: ProjectContext }): Promise<{ jobs: ScoreJobView[] }> {
  const rows = await ctx.db
    .select()
    .from(scoreJobs)
    .where(eq(scoreJobs.projectId, ctx.project.id))
    .orderBy(desc(scoreJobs.createdAt), desc(scoreJobs.id))
    .limit(50);
  return { jobs: rows.map(view) };
}

/** Stops a running job: its messages not yet handled do nothing; feedback already written stays. */
export async function cancelScoreJob({ ctx, input }: { ctx: ProjectContext; input: { jobId: string } }) {
  const row = await getRow(ctx, input.jobId);
  if (row.status !== "running") return view(row);
  const now = ctx.services.clock.now();
  await ctx.db
    .update(scoreJobs)
    .set({ status: "cancelled", finishedAt: now })
    .where(and(eq(scoreJobs.id, row.id), eq(scoreJobs.status, "running")));
  return view(await getRow(ctx, row.id));
}
