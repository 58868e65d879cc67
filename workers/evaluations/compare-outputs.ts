import { sql } from "drizzle-orm";
import type { ProjectScope } from "../auth/context";
import type { RunRow } from "./lookup";
import { OUTPUT_CHARS, OUTPUT_RECORDS, RATIONALE_CHARS, type ResultView } from "./schemas";
import { rowScores } from "./views";

/**
 * The compared runs' outputs for the changed records, for the side-by-side diff: each run's
 * outputs as text (a string as is, other JSON indented), cut to OUTPUT_CHARS, for the first
 * OUTPUT_RECORDS records in the order the comparison lists them (regressions first). The
 * database cuts what it sends: a stored output is read whole only when it is small.
 */
const INPUT_CHARS = 1_000;
/** Stored JSON up to this length is read whole and indented; longer, its compact text is cut. */
const INDENT_UP_TO = 64_000;

type Stored = {
  rowKey: string;
  inputs: string;
  text: string | null;
  json: string | null;
  raw: string | null;
  length: number | null;
  traceId: string | null;
  error: string | null;
};

export type RunOutput = {
  text: string;
  truncated: boolean;
  traceId: string | null;
  error: string | null;
  scores: ResultView["scores"];
};

function cut(text: string, longer: boolean): { text: string; truncated: boolean } {
  return text.length > OUTPUT_CHARS || longer
    ? { text: text.slice(0, OUTPUT_CHARS), truncated: true }
    : { text, truncated: false };
}

function outputOf(row: Stored, scores: ResultView["scores"]): RunOutput {
  const base = { traceId: row.traceId, error: row.error, scores };
  if (row.text !== null) return { ...cut(row.text, false), ...base };
  if (row.json !== null)
    return { ...cut(JSON.stringify(JSON.parse(row.json) as unknown, null, 2), false), ...base };
  if (row.raw !== null) return { ...cut(row.raw, (row.length ?? 0) > row.raw.length), ...base };
  return { text: "", truncated: false, ...base };
}

/** rowKey → the run's output, for `rowKeys` of run `runId`. */
async function outputsOf(ctx: ProjectScope, runId: string, rowKeys: string[]) {
  const keys = JSON.stringify(rowKeys);
  // eval_rows has no project column: the run (already found in the project) scopes it.
  const rows =
    (await ctx.db.all(sql`select r.row_key as rowKey, substr(r.inputs, 1, ${INPUT_CHARS}) as inputs,
      case when json_type(r.outputs) = 'text' then substr(r.outputs ->> '$', 1, ${OUTPUT_CHARS + 1}) end as text,
      case when json_type(r.outputs) <> 'text' and length(r.outputs) <= ${INDENT_UP_TO} then r.outputs end as json,
      case when json_type(r.outputs) <> 'text' and length(r.outputs) > ${INDENT_UP_TO} then substr(r.outputs, 1, ${OUTPUT_CHARS}) end as raw,
      length(r.outputs) as length, r.trace_id as traceId, substr(r.error, 1, 2000) as error
    from eval_rows r join eval_runs e on e.id = r.run_id
    where r.run_id = ${runId} and e.project_id = ${ctx.project.id}
      and r.row_key in (select value from json_each(${keys}))`)) as Stored[];
  return new Map(rows.map((r) => [r.rowKey, r]));
}

type ComparedRun = Pick<RunRow, "id" | "scorers">;

/**
 * Both runs' outputs for the first OUTPUT_RECORDS distinct row keys of `rowKeys` (in order), each
 * with its scores (rationales cut to RATIONALE_CHARS), so the page says why a verdict changed.
 */
export async function comparedOutputs(
  ctx: ProjectScope,
  runs: { baseline: ComparedRun; candidate: ComparedRun },
  rowKeys: string[],
) {
  const wanted = [...new Set(rowKeys)].slice(0, OUTPUT_RECORDS);
  if (wanted.length === 0) return [];
  const [before, after, beforeScores, afterScores] = await Promise.all([
    outputsOf(ctx, runs.baseline.id, wanted),
    outputsOf(ctx, runs.candidate.id, wanted),
    rowScores(ctx, runs.baseline, wanted, RATIONALE_CHARS),
    rowScores(ctx, runs.candidate, wanted, RATIONALE_CHARS),
  ]);
  return wanted.map((rowKey) => {
    const b = before.get(rowKey);
    const c = after.get(rowKey);
    return {
      rowKey,
      inputs: b?.inputs ?? c?.inputs ?? "",
      baseline: b ? outputOf(b, beforeScores.get(rowKey) ?? []) : null,
      candidate: c ? outputOf(c, afterScores.get(rowKey) ?? []) : null,
    };
  });
}
