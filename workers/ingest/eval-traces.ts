import { type SQL, sql } from "drizzle-orm";
import { rollupDelta } from "../assessments/rows";
import type { Row } from "./rows";
import { bucketSums, modelRowsTakenOut, STORED_SPAN_ROLLUP_COLUMNS } from "./usage";

/**
 * Evaluation runs' traces (`sightline.run_id` on any span, `traces.run_id`) stay out of the
 * production rollups: the trace and model rows of `rollups`, and the feedback of `score_rollups`.
 * The marker usually comes last: the SDK sets it on a record's root span, which ends (and is
 * exported) after the model calls under it. So when a batch marks a trace that had spans stored
 * before, it takes out what those spans added (`sl_marked`), and its feedback's scores.
 *
 * In `temp.sl_new`, `run_id` is the run any span of the row's trace names in this batch, and
 * `trace_prior` what the trace row said before it (store.ts).
 */

/** A staged row of a production trace: unmarked in this batch and before (SQL, over `temp.sl_new`). */
export const PRODUCTION = "(run_id is null and coalesce(trace_prior, '') = '')";

/** A staged row whose trace this batch marks: unmarked before, or unknown. */
const MARKED = "run_id is not null and coalesce(trace_prior, '') = ''";

/** Whether a batch marks any trace: only then do the statements below run. */
export const marksTraces = (rows: Row[]): boolean => rows.some((r) => r.runId !== null);

/**
 * `temp.sl_marked`: the spans stored before this batch of the traces it marks, with what they
 * added to the rollups (the columns of `temp.sl_covered`), before settleUsage changes `counted`.
 */
export function markedSpans(projectId: string): SQL {
  return sql`create temp table sl_marked as
select s.parent_span_id is null as is_root, s.counted, ${STORED_SPAN_ROLLUP_COLUMNS}
from (select distinct trace_id from temp.sl_new where ${sql.raw(MARKED)} and trace_prior is not null) m
cross join spans s
where s.project_id = ${projectId} and s.trace_id = m.trace_id
  and not exists (select 1 from temp.sl_new x where x.trace_id = s.trace_id and x.span_id = s.span_id)`;
}

/** Rollup rows taking out the marked spans' share: their root spans' trace rows, their counted model calls. */
export function markedRollupRows(projectId: string): SQL {
  return sql`select ${projectId}, hour, '', -count(*), -sum(is_error), 0, 0, 0, 0, 0, -sum(duration_ms), ${bucketSums("-")}
from temp.sl_marked where is_root = 1 group by hour
union all
${modelRowsTakenOut(projectId, "temp.sl_marked", "counted = 1")}`;
}

/**
 * Takes the feedback on the traces this batch marks out of the score rollups. It runs before the
 * traces upsert marks them: rollupDelta counts feedback only on traces not marked yet, for adding
 * and taking out alike, so every order of feedback and spans ends in the same rollups.
 */
export function markedFeedback(projectId: string): SQL[] {
  return rollupDelta(
    projectId,
    sql`select id from assessments where project_id = ${projectId}
  and trace_id in (select trace_id from temp.sl_new where ${sql.raw(MARKED)})`,
    "-",
  );
}
