import { and, asc, eq, gt, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { evalRows } from "../../schema";
import type { ProjectScope } from "../auth/context";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { readStoredJson } from "../lib/json-input";
import { isoTime } from "../lib/time";
import { isCodeItem } from "./code-scores";
import type { RunRow } from "./lookup";
import { runMetrics } from "./metrics";
import type { ResultView, RunView } from "./schemas";

/** A run as the API answers it, metrics included (computed from its assessments). */
export async function runView(ctx: ProjectScope, run: RunRow): Promise<RunView> {
  return {
    id: run.id,
    name: run.name,
    status: run.status as RunView["status"],
    source: run.source as RunView["source"],
    dataset:
      run.datasetId === null || run.datasetVersion === null
        ? null
        : { id: run.datasetId, version: run.datasetVersion },
    scorers: run.scorers,
    codeScorers: run.codeScorers,
    params: run.params,
    tags: run.tags,
    repeats: run.repeats,
    open: run.open === 1,
    rows: run.rows,
    progress: { total: run.total, done: run.done, errors: run.errors },
    ...(await runMetrics(ctx, run)),
    createdBy: run.createdByLabel,
    createdAt: isoTime(run.createdAt),
    finishedAt: run.finishedAt === null ? null : isoTime(run.finishedAt),
  };
}

/**
 * The prompt versions a run's traces are linked to, with how many of its traces used each: from
 * the rows' trace ids, through the traces' rows and their prompt links (each by its key).
 */
export async function runPrompts(
  ctx: ProjectScope,
  runId: string,
): Promise<{ name: string; version: number; traces: number }[]> {
  const rows =
    (await ctx.db.all(sql`select p.name as name, tp.version as version, count(distinct t.id) as traces
    from eval_rows r
    cross join traces t on t.project_id = ${ctx.project.id} and t.trace_id = r.trace_id
    cross join trace_prompts tp on tp.trace_row = t.id and tp.project_id = ${ctx.project.id}
    cross join prompts p on p.id = tp.prompt_id
    where r.run_id = ${runId} and r.trace_id is not null
    group by p.name, tp.version order by p.name, tp.version`)) as {
      name: string;
      version: number;
      traces: number;
    }[];
  return rows.map((r) => ({ name: r.name, version: Number(r.version), traces: Number(r.traces) }));
}

type ScoreRow = {
  row_key: string;
  scorer_version_id: string;
  repeat: number;
  assessment_id: string | null;
  name: string | null;
  value: string | null;
  passed: number | null;
  rationale: string | null;
  error_code: string | null;
  error_message: string | null;
  cost: number | null;
};

/**
 * Every scorer's results (each repeat) on the rows `rowKeys` of a run, by row key: registered
 * scorers first, in version order, then code scorers. Rationales are cut at `rationaleChars`.
 */
export async function rowScores(
  ctx: ProjectScope,
  run: Pick<RunRow, "id" | "scorers">,
  rowKeys: string[],
  rationaleChars = 100_000,
): Promise<Map<string, ResultView["scores"]>> {
  const found = new Map<string, ResultView["scores"]>();
  if (rowKeys.length === 0) return found;
  const scores =
    (await ctx.db.all(sql`select i.row_key, i.scorer_version_id, i.repeat, i.assessment_id, a.name, a.value,
      a.passed, substr(a.rationale, 1, ${rationaleChars}) as rationale, a.error_code, a.error_message,
      json_extract(a.metadata, '$.costUsd') as cost
    from eval_items i left join assessments a on a.id = i.assessment_id
    where i.run_id = ${run.id} and i.row_key in (select value from json_each(${JSON.stringify(rowKeys)}))
    order by i.row_key, i.scorer_version_id like 'code:%', i.scorer_version_id, i.repeat`)) as ScoreRow[];
  const names = new Map(run.scorers.map((s) => [s.versionId, s.name]));
  for (const s of scores) {
    const list = found.get(s.row_key) ?? [];
    list.push({
      scorer: s.name ?? names.get(s.scorer_version_id) ?? "",
      scorerVersionId: isCodeItem(s.scorer_version_id) ? null : s.scorer_version_id,
      repeat: s.repeat,
      value: readStoredJson(s.value) ?? null,
      passed: s.passed === null ? null : s.passed === 1,
      rationale: s.rationale,
      error: s.error_code === null ? null : { code: s.error_code, message: s.error_message ?? "" },
      costUsd: s.cost,
      assessmentId: s.assessment_id,
    });
    found.set(s.row_key, list);
  }
  return found;
}

/** A page of a run's rows in order, each with every scorer's result. */
type ResultsFilter = { show: "all" | "failures" | "errors"; scorer?: string | undefined };

/**
 * The rows `show` keeps, as a condition on `eval_rows` (each row's units by the items' key, their
 * results by the assessments' key): failures are pass/fail results that did not pass; errors, a
 * row not scored or a result that is an error. With `scorer`, only that scorer's results count.
 */
function shownOnly(runId: string, { show, scorer }: ResultsFilter): SQL | undefined {
  if (show === "all") return undefined;
  const named = scorer === undefined ? sql`` : sql` and a.name = ${scorer}`;
  const result = (
    condition: SQL,
  ) => sql`exists (select 1 from eval_items i cross join assessments a on a.id = i.assessment_id
    where i.run_id = ${runId} and i.row_key = ${evalRows.rowKey} and ${condition}${named})`;
  return show === "failures"
    ? result(sql`a.passed = 0 and a.error_code is null`)
    : sql`(${evalRows.error} is not null or ${result(sql`a.error_code is not null`)})`;
}

export async function runResults(
  ctx: ProjectScope,
  run: RunRow,
  query: ResultsFilter & { cursor?: string | undefined; limit: number },
): Promise<{ results: ResultView[]; nextCursor: string | null }> {
  const after = decodeCursor(z.object({ p: z.number().int() }), query.cursor);
  const rows = await ctx.db
    .select()
    .from(evalRows)
    .where(
      and(
        eq(evalRows.runId, run.id),
        after ? gt(evalRows.position, after.p) : undefined,
        shownOnly(run.id, query),
      ),
    )
    .orderBy(asc(evalRows.position))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const scores = await rowScores(
    ctx,
    run,
    page.map((r) => r.rowKey),
  );
  const last = page.at(-1);
  return {
    results: page.map((r) => ({
      rowKey: r.rowKey,
      position: r.position,
      recordId: r.recordId,
      traceId: r.traceId,
      inputs: readStoredJson(r.inputs),
      outputs: readStoredJson(r.outputs) ?? null,
      expectations: (readStoredJson(r.expectations) ?? {}) as Record<string, unknown>,
      latencyMs: r.latencyMs,
      error: r.error,
      scores: scores.get(r.rowKey) ?? [],
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ p: last.position }) : null,
  };
}
