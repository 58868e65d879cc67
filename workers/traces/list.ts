import { and, asc, desc, eq, gt, gte, isNotNull, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { traces } from "../../schema";
import type { ProjectContext, ProjectScope } from "../auth/context";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { ApiError } from "../lib/errors";
import { TRACE_COLUMNS } from "./columns";
import { type Plan, planQuery, selectTraces } from "./plan";
import type { SortOrder, TraceFilter, TraceSort, TraceSummary } from "./schemas";

export type TraceRow = typeof traces.$inferSelect;

/** Date's range is ±8.64e15 ms; a stored time beyond it shows as the range's end, not as a 500. */
const DATE_LIMIT_MS = 8.64e15;
export const isoFromUs = (us: number) =>
  new Date(
    Number.isFinite(us) ? Math.max(-DATE_LIMIT_MS, Math.min(DATE_LIMIT_MS, Math.floor(us / 1000))) : 0,
  ).toISOString();

export function toSummary(r: TraceRow): TraceSummary {
  return {
    traceId: r.traceId,
    name: r.name,
    startTime: isoFromUs(r.startUs),
    endTime: isoFromUs(r.endUs),
    durationMs: r.durationMs,
    status: r.status === "ERROR" ? "ERROR" : "OK",
    spanCount: r.spanCount,
    errorCount: r.errorCount,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    totalTokens: r.totalTokens,
    costUsd: r.costUsd,
    sessionId: r.sessionId,
    userId: r.userId,
    runId: r.runId,
    inputPreview: r.inputPreview,
    outputPreview: r.outputPreview,
    tags: r.tags,
    metadata: r.metadata,
    models: r.models,
  };
}

const SORT_COLUMNS = {
  time: traces.startUs,
  latency: traces.durationMs,
  tokens: traces.totalTokens,
  cost: traces.costUsd,
} as const;

/** Where a page ends: the last row's sort value (null for a trace without cost) and its id. */
type Position = { v: number | null; id: string };

/**
 * Opaque cursor: base64url JSON of the position and the sort it belongs to, so a cursor is
 * never applied to a different ordering.
 */
const cursorSchema = z.object({ s: z.string(), v: z.number().nullable(), id: z.string() });

function decodePosition(sortKey: string, text: string | undefined): Position | null {
  const parsed = decodeCursor(
    cursorSchema,
    text,
    "Invalid query. cursor: pass back the nextCursor of the previous page unchanged.",
  );
  if (!parsed) return null;
  if (parsed.s !== sortKey)
    throw new ApiError(
      "INVALID_INPUT",
      "Invalid query. cursor: it belongs to another sort or order; start again without a cursor.",
    );
  return { v: parsed.v, id: parsed.id };
}

/**
 * One contiguous run of the ordering. Sort columns are NOT NULL except cost; traces without a
 * cost sort as lowest, which is SQLite's own NULL order, so the ordering is two runs read one
 * after the other: each run is one index range, never an OR across them.
 */
type Run = {
  where: SQL | undefined;
  orderBy: SQL[];
  after: (p: Position) => SQL | undefined;
  nulls: boolean;
};

function runsFor(sort: TraceSort, order: SortOrder): Run[] {
  const column = SORT_COLUMNS[sort];
  const by = order === "desc" ? desc : asc;
  const beyond = order === "desc" ? lt : gt;
  const beyondOrAt = order === "desc" ? lte : gte;
  const valued: Run = {
    where: sort === "cost" ? isNotNull(column) : undefined,
    orderBy: [by(column), by(traces.traceId)],
    // (column, id) strictly past the position; `beyondOrAt` alone is a range on the sort index.
    after: (p) =>
      p.v === null
        ? undefined
        : and(beyondOrAt(column, p.v), or(beyond(column, p.v), beyond(traces.traceId, p.id))),
    nulls: false,
  };
  if (sort !== "cost") return [valued];
  const unvalued: Run = {
    where: isNull(column),
    orderBy: [by(traces.traceId)],
    after: (p) => (p.v === null ? beyond(traces.traceId, p.id) : undefined),
    nulls: true,
  };
  return order === "desc" ? [valued, unvalued] : [unvalued, valued];
}

/**
 * A page of traces under `filter`, ordered by `sort` then trace id, starting after `cursor`.
 * Reads at most `limit + 1` rows per run (the extra one tells whether there is a next page).
 */
export async function pageOfTraces({
  ctx,
  input: { filter, sort, order, limit, cursor },
  plan: planned,
}: {
  ctx: ProjectScope;
  input: TracePageInput;
  /** A plan from an earlier page of the same listing (the export reuses it). */
  plan?: Plan | undefined;
}): Promise<{ rows: TraceRow[]; nextCursor: string | null; plan: Plan }> {
  const projectId = ctx.project.id;
  const sortKey = `${sort}:${order}`;
  const position = decodePosition(sortKey, cursor);
  const runs = runsFor(sort, order);
  // A cursor inside the second run skips the first one entirely.
  const start = position !== null && runs.length > 1 && (position.v === null) !== runs[0]?.nulls ? 1 : 0;
  const plan = planned ?? (await planQuery(ctx.db, projectId, filter));
  const rows: TraceRow[] = [];
  for (const [i, run] of runs.entries()) {
    if (i < start || rows.length > limit) continue;
    const after = position && i === start ? run.after(position) : undefined;
    const where = and(run.where, after);
    rows.push(...(await selectTraces(ctx.db, projectId, plan, where, run.orderBy, limit + 1 - rows.length)));
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({ s: sortKey, v: sortValue(sort, last), id: last.traceId })
      : null;
  return { rows: page, nextCursor, plan };
}

function sortValue(sort: TraceSort, r: TraceRow): number | null {
  if (sort === "time") return r.startUs;
  if (sort === "latency") return r.durationMs;
  if (sort === "tokens") return r.totalTokens;
  return r.costUsd;
}

/** What a page of traces is asked for: filters, sort, page size and where the last page ended. */
export type TracePageInput = {
  filter: TraceFilter;
  sort: TraceSort;
  order: SortOrder;
  limit: number;
  cursor: string | undefined;
};

export async function listTraces({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: TracePageInput & { feedbackColumns?: string[] | undefined };
}) {
  const { rows, nextCursor } = await pageOfTraces({ ctx, input });
  const summaries = rows.map(toSummary);
  const names = input.feedbackColumns ?? [];
  if (names.length === 0 || summaries.length === 0) return { traces: summaries, nextCursor };
  const columns = await feedbackColumns(
    ctx,
    summaries.map((t) => t.traceId),
    names,
  );
  return {
    traces: summaries.map((t) => ({ ...t, feedback: columns.get(t.traceId) ?? {} })),
    nextCursor,
  };
}

type FeedbackCell = { value: unknown; score: number | null; passed: boolean | null; error: string | null };

/**
 * The current feedback of the page's traces under `names` (the newest per name), for the list's
 * feedback columns: one query over the assessments' trace index for the whole page.
 */
async function feedbackColumns(
  ctx: ProjectContext,
  traceIds: string[],
  names: string[],
): Promise<Map<string, Record<string, FeedbackCell>>> {
  const rows = await ctx.db.all<{
    trace_id: string;
    name: string;
    value: string | null;
    score: number | null;
    passed: number | null;
    error_code: string | null;
  }>(
    sql`select trace_id, name, value, score, passed, error_code from assessments
      where project_id = ${ctx.project.id} and trace_id in (select value from json_each(${JSON.stringify(traceIds)}))
        and name in (select value from json_each(${JSON.stringify(names)})) and valid = 1 and kind = 'feedback'
      order by created_at, id`,
  );
  const out = new Map<string, Record<string, FeedbackCell>>();
  for (const r of rows) {
    const cells = out.get(r.trace_id) ?? {};
    cells[r.name] = {
      value: r.value === null ? null : JSON.parse(r.value),
      score: r.score,
      passed: r.passed === null ? null : r.passed === 1,
      error: r.error_code,
    };
    out.set(r.trace_id, cells);
  }
  return out;
}

/** The project's trace `traceId` (any case), or NotFound (unknown ids and other projects' alike). */
export async function getTraceInProject(ctx: ProjectScope, traceId: string): Promise<TraceRow> {
  const [row] = await ctx.db
    .select(TRACE_COLUMNS)
    .from(traces)
    .where(and(eq(traces.projectId, ctx.project.id), eq(traces.traceId, normaliseTraceId(traceId))))
    .limit(1);
  if (!row) throw ApiError.notFound("Trace");
  return row;
}

/** OpenTelemetry ids are stored lower-case; people paste them in any case. */
export const normaliseTraceId = (traceId: string) => traceId.toLowerCase();
