import { and, desc, eq, sql } from "drizzle-orm";
import { assessments, datasetRecords, datasets, evalItems, evalRows, evalRuns } from "../../schema";
import { actorRef, auditData, type ProjectContext, type ProjectScope } from "../auth/context";
import { validAt } from "../datasets/changes";
import { versionToRead } from "../datasets/record-service";
import { getDatasetInProject } from "../datasets/service";
import { ApiError } from "../lib/errors";
import { resolveScorer } from "../scorers/score";
import { checkCodeScorerNames } from "./code-scores";
import { collectTracesJob } from "./from-traces";
import { fanOutJob } from "./jobs";
import { getRunInProject } from "./lookup";
import { enqueueRows, NO_OUTPUTS, recordWrites, unitsPerRow } from "./run-rows";
import { MAX_DATASET_ROWS, type RunInput, type RunListQuery } from "./schemas";

export { getRunInProject, type RunRow } from "./lookup";
export { addRows } from "./run-rows";

/** The run's pinned scorers: each registered scorer's version (its latest for `{ scorerId }`), names unique. */
async function pinScorers(ctx: ProjectScope, refs: RunInput["scorers"]) {
  const pinned = await Promise.all(refs.map((ref) => resolveScorer(ctx, ref)));
  const names = new Set<string>();
  return pinned.map((s, i) => {
    if (s.scorerId === null || s.versionId === null) throw new Error("a registered scorer has ids");
    if (names.has(s.name))
      throw new ApiError(
        "INVALID_INPUT",
        `Invalid body. scorers.${i}: "${s.name}" is already in the run; give each scorer once.`,
      );
    names.add(s.name);
    return { scorerId: s.scorerId, versionId: s.versionId, name: s.name };
  });
}

/** Starts a run: its rows, then its scoring as queue jobs (a fan-out job for a dataset's rows). */
export async function startRun({ ctx, input }: { ctx: ProjectContext; input: RunInput }) {
  const scorers = await pinScorers(ctx, input.scorers);
  const { codeScorers } = input;
  checkCodeScorerNames(
    codeScorers,
    scorers.map((s) => s.name),
  );
  if (codeScorers.length > 0 && !("records" in input.data))
    throw new ApiError(
      "INVALID_INPUT",
      "Invalid body. codeScorers: only a run of records sent with their outputs (data.records) takes code scorers' results.",
    );
  if (scorers.length + codeScorers.length === 0)
    throw new ApiError(
      "INVALID_INPUT",
      "Invalid body. scorers: a run needs at least one scorer, registered (scorers) or code (codeScorers).",
    );
  const now = ctx.services.clock.now();
  const id = ctx.services.ids("evalRun");
  const base = {
    id,
    orgId: ctx.org.id,
    projectId: ctx.project.id,
    name: input.name ?? `Run ${new Date(now).toISOString().slice(0, 16).replace("T", " ")}`,
    status: "running",
    scorers,
    codeScorers,
    params: input.params ?? {},
    tags: input.tags ?? {},
    repeats: input.repeats,
    createdBy: actorRef(ctx),
    createdByLabel: ctx.actor.label,
    createdAt: now,
    finishedAt: null,
  };
  if ("dataset" in input.data && !("records" in input.data)) {
    const dataset = await getDatasetInProject(ctx, input.data.dataset.id);
    const version = versionToRead(dataset, input.data.dataset.version);
    const [count] = await ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(datasetRecords)
      .where(and(eq(datasetRecords.datasetId, dataset.id), validAt(version)));
    const n = count?.n ?? 0;
    if (n === 0)
      throw new ApiError(
        "INVALID_INPUT",
        `Invalid body. data.dataset: version ${version} of the dataset has no records.`,
      );
    if (n > MAX_DATASET_ROWS)
      throw new ApiError(
        "INVALID_INPUT",
        `Invalid body. data.dataset: ${n} records; a run takes at most ${MAX_DATASET_ROWS}.`,
      );
    await ctx.db.batch([
      ctx.db
        .insert(evalRuns)
        .values({ ...base, source: "dataset", datasetId: dataset.id, datasetVersion: version, open: 0 }),
      ctx.db.run(sql`insert into eval_rows (run_id, row_key, position, record_id, trace_id, inputs, outputs, expectations, latency_ms, error)
        select ${id}, record_id, row_number() over (order by record_id), record_id,
          case when source_type = 'trace' then source_id end, inputs, outputs, expectations, null,
          case when outputs is null then ${NO_OUTPUTS} end
        from dataset_records where dataset_id = ${dataset.id} and ${validAt(version)}`),
      ctx.db.run(sql`update eval_runs set rows = ${n},
        total = (select count(*) from eval_rows where run_id = ${id} and error is null) * ${unitsPerRow(base)},
        status = case when (select count(*) from eval_rows where run_id = ${id} and error is null) = 0 then 'completed' else status end,
        finished_at = case when (select count(*) from eval_rows where run_id = ${id} and error is null) = 0 then ${now} end
        where id = ${id}`),
      ctx.db.update(datasets).set({ lastUsedAt: now }).where(eq(datasets.id, dataset.id)),
    ]);
    await ctx.services.jobs.enqueue(fanOutJob, {
      orgId: ctx.org.id,
      projectId: ctx.project.id,
      runId: id,
      after: 0,
    });
    return getRunInProject(ctx, id);
  }
  if ("traces" in input.data) {
    await ctx.db
      .insert(evalRuns)
      .values({ ...base, source: "traces", datasetId: null, datasetVersion: null, open: 1 });
    await ctx.services.jobs.enqueue(collectTracesJob, {
      orgId: ctx.org.id,
      projectId: ctx.project.id,
      runId: id,
      filter: input.data.traces.filter,
      limit: input.data.traces.limit,
      seq: 0,
      cursor: null,
    });
    return getRunInProject(ctx, id);
  }
  const from = input.data.dataset;
  const dataset = from === undefined ? null : await getDatasetInProject(ctx, from.id);
  const datasetVersion = dataset === null ? null : versionToRead(dataset, from?.version);
  const { rows, scoredKeys, statements, counts } = await recordWrites(ctx, base, input.data.records, 1);
  const open = input.data.open;
  const done = !open && counts.done >= counts.total;
  await ctx.db.batch([
    ctx.db.insert(evalRuns).values({
      ...base,
      source: "records",
      datasetId: dataset?.id ?? null,
      datasetVersion,
      open: open ? 1 : 0,
      rows: rows.length,
      ...counts,
      ...(done ? { status: "completed", finishedAt: now } : {}),
    }),
    ...statements,
  ]);
  await enqueueRows(ctx, id, scoredKeys);
  return getRunInProject(ctx, id);
}

/** The project's runs, newest first, by name, dataset and status when asked. */
export async function listRuns({ ctx, input }: { ctx: ProjectContext; input: RunListQuery }) {
  return ctx.db
    .select()
    .from(evalRuns)
    .where(
      and(
        eq(evalRuns.projectId, ctx.project.id),
        input.name === undefined ? undefined : eq(evalRuns.name, input.name),
        input.datasetId === undefined ? undefined : eq(evalRuns.datasetId, input.datasetId),
        input.status === undefined ? undefined : eq(evalRuns.status, input.status),
      ),
    )
    .orderBy(desc(evalRuns.createdAt), desc(evalRuns.id))
    .limit(input.limit);
}

/** Cancels a running run: jobs not yet done skip; scores written stay. */
export async function cancelRun({ ctx, input }: { ctx: ProjectContext; input: { runId: string } }) {
  const run = await getRunInProject(ctx, input.runId);
  if (run.status === "running")
    await ctx.db
      .update(evalRuns)
      .set({ status: "cancelled", open: 0, finishedAt: ctx.services.clock.now() })
      .where(and(eq(evalRuns.id, run.id), eq(evalRuns.status, "running")));
  return getRunInProject(ctx, run.id);
}

/** Resumes a cancelled run: it runs again, and its rows' jobs skip the units already scored. */
export async function resumeRun({ ctx, input }: { ctx: ProjectContext; input: { runId: string } }) {
  const run = await getRunInProject(ctx, input.runId);
  if (run.status !== "cancelled")
    throw new ApiError("CONFLICT", `Run ${run.id} is ${run.status}; only a cancelled run resumes.`);
  await ctx.db
    .update(evalRuns)
    .set({
      status: sql`case when ${evalRuns.done} >= ${evalRuns.total} then 'completed' else 'running' end`,
      finishedAt: sql`case when ${evalRuns.done} >= ${evalRuns.total} then ${ctx.services.clock.now()} end`,
    })
    .where(eq(evalRuns.id, run.id));
  await ctx.services.jobs.enqueue(fanOutJob, {
    orgId: ctx.org.id,
    projectId: ctx.project.id,
    runId: run.id,
    after: 0,
  });
  return getRunInProject(ctx, run.id);
}

/**
 * Deletes a run: its rows, scored units and scores (its assessments) in one transaction, audited.
 * A running run's queued jobs then find no run and do nothing. Its traces stay (they are the
 * project's traces, marked with the run: they never counted in the rollups).
 */
export async function deleteRun({ ctx, input }: { ctx: ProjectContext; input: { runId: string } }) {
  const run = await getRunInProject(ctx, input.runId);
  await ctx.db.batch([
    ctx.db
      .delete(assessments)
      .where(and(eq(assessments.projectId, ctx.project.id), eq(assessments.runId, run.id))),
    ctx.db.delete(evalItems).where(eq(evalItems.runId, run.id)),
    ctx.db.delete(evalRows).where(eq(evalRows.runId, run.id)),
    ctx.db.delete(evalRuns).where(and(eq(evalRuns.id, run.id), eq(evalRuns.projectId, ctx.project.id))),
    auditData(
      ctx,
      "evaluation.delete",
      { type: "evaluation", id: run.id, label: run.name },
      { status: run.status, rows: run.rows, datasetId: run.datasetId },
    ),
  ]);
}
