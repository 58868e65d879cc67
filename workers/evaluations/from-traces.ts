import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { z } from "zod";
import { evalRows, evalRuns } from "../../schema";
import { recordsOfTraces } from "../datasets/from-traces";
import { defineOrgJob } from "../jobs/define";
import { stringifyWellFormed } from "../lib/json-input";
import { pageOfTraces } from "../traces/list";
import type { TraceFilter } from "../traces/schemas";
import { rowMessages, runScope, scoreRowJob } from "./jobs";

/** Traces per collecting job. */
const PAGE = 100;

/**
 * A run over the project's traces: each job takes the next page of the trace list under the
 * run's filter (newest first), adds the traces as rows (their inputs and outputs by the preview
 * rule, their expectations; keyed by trace id, so runs over the same traces pair), queues their
 * scoring, and queues the next page or closes the run. The run's counts are recounted from its
 * rows, so a redelivered job changes nothing.
 */
export const collectTracesJob = defineOrgJob({
  type: "evaluations.collect_traces",
  payload: z.object({
    projectId: z.string(),
    runId: z.string(),
    /** The trace-list filter as the route checked it (TraceFilterSchema's output). */
    filter: z.custom<TraceFilter>((v) => typeof v === "object" && v !== null && !Array.isArray(v)),
    limit: z.number().int().min(1),
    seq: z.number().int().min(0),
    cursor: z.string().nullable(),
  }),
  async handle(ctx, message) {
    const found = await runScope(ctx, message.projectId, message.runId);
    if (!found) return;
    const { run, scope } = found;
    const done = message.seq * PAGE;
    const page = await pageOfTraces({
      ctx: scope,
      input: {
        filter: message.filter,
        sort: "time",
        order: "desc",
        limit: Math.min(PAGE, message.limit - done),
        cursor: message.cursor ?? undefined,
      },
    });
    const ids = page.rows.map((r) => r.traceId);
    const records = await recordsOfTraces(scope, ids, done + 1);
    const rows = records.map((r, i) => ({
      runId: run.id,
      rowKey: ids[i] ?? "",
      position: done + i + 1,
      recordId: null,
      traceId: ids[i] ?? null,
      inputs: stringifyWellFormed(r.record?.inputs ?? {}),
      outputs: r.record?.outputs === undefined ? null : stringifyWellFormed(r.record.outputs),
      expectations: stringifyWellFormed(r.record?.expectations ?? {}),
      latencyMs: null,
      error: r.error ?? (r.record?.outputs === undefined ? "The trace has no outputs to score." : null),
    }));
    const more = page.nextCursor !== null && done + ids.length < message.limit;
    const units = run.scorers.length * run.repeats;
    const now = scope.services.clock.now();
    const scoredRows = sql`(select count(*) from eval_rows where run_id = ${run.id} and error is null)`;
    const statements: BatchItem<"sqlite">[] = [];
    if (rows.length > 0) statements.push(ctx.db.insert(evalRows).values(rows).onConflictDoNothing());
    statements.push(
      ctx.db
        .update(evalRuns)
        .set({
          rows: sql`(select count(*) from eval_rows where run_id = ${run.id})`,
          total: sql`${scoredRows} * ${units}`,
          ...(more
            ? {}
            : {
                open: 0,
                status: sql`case when ${evalRuns.status} = 'running' and ${evalRuns.done} >= ${scoredRows} * ${units} then 'completed' else ${evalRuns.status} end`,
                finishedAt: sql`case when ${evalRuns.status} = 'running' and ${evalRuns.done} >= ${scoredRows} * ${units} then ${now} else ${evalRuns.finishedAt} end`,
              }),
        })
        .where(and(eq(evalRuns.id, run.id), eq(evalRuns.open, 1))),
    );
    await ctx.db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    const scorable = rows.filter((r) => r.error === null).map((r) => r.rowKey);
    if (scorable.length > 0)
      await ctx.services.jobs.enqueueMany(
        scoreRowJob,
        rowMessages(ctx.services.env.EVAL_JOB_GRAIN, run, ctx.org.id, scorable),
      );
    if (more) {
      const { type: _type, jobId: _jobId, ...payload } = message;
      await ctx.services.jobs.enqueue(collectTracesJob, {
        ...payload,
        orgId: ctx.org.id,
        seq: message.seq + 1,
        cursor: page.nextCursor,
      });
    }
  },
});
