import canonicalize from "canonicalize";
import { eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { evalItems, evalRows, evalRuns } from "../../schema";
import { insertAssessments } from "../assessments/rows";
import type { ProjectContext, ProjectScope } from "../auth/context";
import { sha256Hex } from "../lib/crypto";
import { isNotNullViolation, isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { stringifyWellFormed } from "../lib/json-input";
import { codeScoreWrites } from "./code-scores";
import { rowMessages, scoreRowJob } from "./jobs";
import { getRunInProject, type RunRow } from "./lookup";
import type { RowInput, RowsInput } from "./schemas";

/**
 * A run's records as the SDK sends them: rows keyed by their dataset record id, else their
 * inputs' hash, each with its code scorers' results, written in one batch with the run's
 * counters. `…/rows` batches carry a `seq`: the run keeps the last one taken and its body's hash,
 * so a retried batch is answered again, never stored twice.
 */
const NO_OUTPUTS =
  "The record has no recorded outputs; run the application on it (the SDK's evaluate()) to score it.";

export { NO_OUTPUTS };

/** Rows of records sent by the SDK: keyed by their dataset record id, else their inputs' hash. */
async function rowsOf(runId: string, records: RowInput[], firstPosition: number) {
  const rows = await Promise.all(
    records.map(async (r, i) => ({
      runId,
      rowKey: r.recordId ?? `h_${(await sha256Hex(canonicalize(r.inputs) ?? "{}")).slice(0, 32)}`,
      position: firstPosition + i,
      recordId: r.recordId ?? null,
      traceId: r.traceId ?? null,
      inputs: stringifyWellFormed(r.inputs),
      outputs: r.outputs === undefined || r.outputs === null ? null : stringifyWellFormed(r.outputs),
      expectations: stringifyWellFormed(r.expectations ?? {}),
      latencyMs: r.latencyMs ?? null,
      error: r.error ?? (r.outputs === undefined ? NO_OUTPUTS : null),
    })),
  );
  const seen = new Map<string, number>();
  for (const [i, row] of rows.entries()) {
    const before = seen.get(row.rowKey);
    if (before !== undefined)
      throw new ApiError(
        "INVALID_INPUT",
        `Invalid body. records.${i}: the same record as records.${before} (same ${row.recordId ? "recordId" : "inputs"}); a run scores each record once (use repeats to score it again).`,
      );
    seen.set(row.rowKey, i);
  }
  return rows;
}

const CHUNK = 100;
const chunked = <T>(rows: T[], size = CHUNK) =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

/** Scoring units per scored row: the registered scorers' repeats, and each code scorer once. */
export const unitsPerRow = (run: Pick<RunRow, "scorers" | "codeScorers" | "repeats">) =>
  run.scorers.length * run.repeats + run.codeScorers.length;

/**
 * The records' rows and code-scorer results, checked (422 before anything is written), as
 * statements for the caller's batch, with the counts they add to the run: `total` units, `done`
 * at once (the code scorers' results), `errors` among those.
 */
export async function recordWrites(
  ctx: ProjectScope,
  run: Pick<RunRow, "id" | "scorers" | "codeScorers" | "repeats">,
  records: RowInput[],
  firstPosition: number,
) {
  const rows = await rowsOf(run.id, records, firstPosition);
  const code = codeScoreWrites(ctx, run, rows, records);
  const scored = rows.filter((r) => r.error === null);
  const statements: BatchItem<"sqlite">[] = [
    ...chunked(rows).map((part) => ctx.db.insert(evalRows).values(part)),
    ...chunked(code.items).map((part) => ctx.db.insert(evalItems).values(part)),
    // Run results stay out of the production score rollups, as judges' do.
    ...chunked(code.assessments, 500).map((part) => ctx.db.run(insertAssessments(ctx, part))),
  ];
  return {
    rows,
    scoredKeys: scored.map((r) => r.rowKey),
    statements,
    counts: { total: scored.length * unitsPerRow(run), done: code.items.length, errors: code.errors },
  };
}

/** Queues the server's scoring of rows (nothing when the run has only code scorers). */
export async function enqueueRows(ctx: ProjectScope, runId: string, rowKeys: string[]) {
  if (rowKeys.length === 0) return;
  const run = await getRunInProject(ctx, runId);
  if (run.scorers.length === 0) return;
  await ctx.services.jobs.enqueueMany(
    scoreRowJob,
    rowMessages(ctx.services.env.EVAL_JOB_GRAIN, run, ctx.org.id, rowKeys),
  );
}

const conflict = (message: string) => new ApiError("CONFLICT", message);

/** A batch numbered `seq` against the run's last: a replay of the last (answered as is), new, or 409. */
function batchState(run: RunRow, seq: number | undefined, hash: string): "replay" | "new" {
  if (seq === undefined || seq === run.rowsSeq + 1) return "new";
  if (seq === run.rowsSeq && hash === run.rowsHash) return "replay";
  if (seq <= run.rowsSeq)
    throw conflict(
      `Batch ${seq} of run ${run.id} was already taken${seq === run.rowsSeq ? " with another body" : ""}; the next batch is ${run.rowsSeq + 1}.`,
    );
  throw conflict(`Run ${run.id} has taken batches up to ${run.rowsSeq}; batch ${seq} would leave a gap.`);
}

/** Adds records to an open run (the SDK sends them as its application answers); `last` closes it. */
export async function addRows({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { runId: string; rows: RowsInput };
}) {
  const run = await getRunInProject(ctx, input.runId);
  const { seq, last } = input.rows;
  const hash = await sha256Hex(canonicalize(input.rows) ?? "");
  if (batchState(run, seq, hash) === "replay") return run;
  if (run.open !== 1 || run.status !== "running")
    throw conflict(`Run ${run.id} takes no more records (it is ${run.open ? run.status : "closed"}).`);
  const { scoredKeys, statements, counts } = await recordWrites(ctx, run, input.rows.records, run.rows + 1);
  const rows = input.rows.records.length;
  const now = ctx.services.clock.now();
  const complete = sql`${evalRuns.done} + ${counts.done} >= ${evalRuns.total} + ${counts.total}`;
  // First, the guard: the batch fails (NOT NULL) unless the run is still open at the batch number read.
  const guard = ctx.db
    .update(evalRuns)
    .set({
      rowsSeq: sql`case when ${evalRuns.open} = 1 and ${evalRuns.status} = 'running' and ${evalRuns.rowsSeq} = ${run.rowsSeq} then ${seq ?? run.rowsSeq} end`,
      ...(seq === undefined ? {} : { rowsHash: hash }),
      rows: sql`${evalRuns.rows} + ${rows}`,
      total: sql`${evalRuns.total} + ${counts.total}`,
      done: sql`${evalRuns.done} + ${counts.done}`,
      errors: sql`${evalRuns.errors} + ${counts.errors}`,
      open: last ? 0 : 1,
      ...(last
        ? {
            status: sql`case when ${complete} then 'completed' else ${evalRuns.status} end`,
            finishedAt: sql`case when ${complete} then ${now} end`,
          }
        : {}),
    })
    .where(eq(evalRuns.id, run.id));
  try {
    await ctx.db.batch([guard, ...statements]);
  } catch (err) {
    if (isUniqueViolation(err))
      throw conflict(
        "A record of this request is already in the run (same recordId or inputs); each record is scored once.",
      );
    if (isNotNullViolation(err, "eval_runs.rows_seq")) {
      const latest = await getRunInProject(ctx, run.id);
      if (batchState(latest, seq, hash) === "replay") return latest;
      throw conflict(
        `Run ${run.id} changed while this batch was written (closed, or another batch came first).`,
      );
    }
    throw err;
  }
  await enqueueRows(ctx, run.id, scoredKeys);
  return getRunInProject(ctx, run.id);
}
