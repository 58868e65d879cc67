import { type SQL, sql } from "drizzle-orm";
import { actorRef, type ProjectScope } from "../auth/context";
import type { Db } from "../lib/db";
import { stringifyWellFormed } from "../lib/json-input";
import { FIVE_MINUTES_MS, HOUR_MS } from "../lib/time";
import { type FeedbackValue, projectValue } from "./values";

/** Who an assessment comes from, as stored. */
export type Source = { type: "HUMAN" | "LLM_JUDGE" | "CODE"; id: string | null };

/** What a new assessment row holds before the database adds its bucket hour. */
export type NewAssessment = {
  id: string;
  traceId: string | null;
  spanId: string | null;
  sessionId: string | null;
  kind: "feedback" | "expectation";
  name: string;
  value: string | null;
  valueText: string | null;
  score: number | null;
  passed: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  rationale: string | null;
  sourceType: Source["type"];
  sourceId: string | null;
  scorerVersionId: string | null;
  runId: string | null;
  monitorId: string | null;
  metadata: string;
  overrides: string | null;
};

type Draft = {
  traceId?: string | null | undefined;
  spanId?: string | null | undefined;
  sessionId?: string | null | undefined;
  kind: "feedback" | "expectation";
  name: string;
  value?: unknown;
  error?: { code: string; message: string } | undefined;
  rationale?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
};

/** A checked draft as the row to insert, with the value's projections for aggregates. */
export function newAssessment(
  ctx: ProjectScope,
  draft: Draft,
  source: Source,
  extra: {
    scorerVersionId?: string | null;
    runId?: string | null;
    monitorId?: string | null;
    overrides?: string | null;
  } = {},
): NewAssessment {
  const hasValue = draft.value !== undefined && draft.value !== null;
  const projected =
    draft.kind === "feedback" && hasValue
      ? projectValue(draft.value as FeedbackValue)
      : { score: null, passed: null, valueText: null };
  return {
    id: ctx.services.ids("assessment"),
    traceId: draft.traceId ?? null,
    spanId: draft.spanId ?? null,
    sessionId: draft.sessionId ?? null,
    kind: draft.kind,
    name: draft.name,
    value: hasValue ? stringifyWellFormed(draft.value) : null,
    ...projected,
    errorCode: draft.error?.code ?? null,
    errorMessage: draft.error ? draft.error.message : null,
    rationale: draft.rationale ?? null,
    sourceType: source.type,
    sourceId: source.id,
    scorerVersionId: extra.scorerVersionId ?? null,
    runId: extra.runId ?? null,
    monitorId: extra.monitorId ?? null,
    metadata: stringifyWellFormed(draft.metadata ?? {}),
    overrides: extra.overrides ?? null,
  };
}

const COLUMNS = Object.keys({
  id: 0,
  traceId: 0,
  spanId: 0,
  sessionId: 0,
  kind: 0,
  name: 0,
  value: 0,
  valueText: 0,
  score: 0,
  passed: 0,
  errorCode: 0,
  errorMessage: 0,
  rationale: 0,
  sourceType: 0,
  sourceId: 0,
  scorerVersionId: 0,
  runId: 0,
  monitorId: 0,
  metadata: 0,
  overrides: 0,
} satisfies Record<keyof NewAssessment, 0>) as (keyof NewAssessment)[];
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * One statement inserting `rows` (sent as one JSON parameter, so a batch of 1,000 is one
 * statement). Each row counts in the hour its trace started, or its session's first trace
 * started, when the database has them; else in the hour it was written (feedback may come
 * before its trace's spans). `onlyIf` makes the insert conditional (an override's race check).
 */
export function insertAssessments(ctx: ProjectScope, rows: NewAssessment[], onlyIf?: SQL): SQL {
  const now = ctx.services.clock.now();
  const projectId = ctx.project.id;
  const json = stringifyWellFormed(rows.map((r) => COLUMNS.map((c) => r[c])));
  const picks = COLUMNS.map((_, i) => `j.value ->> ${i}`).join(", ");
  const { label } = ctx.actor;
  const by = actorRef(ctx);
  const at = (column: keyof NewAssessment) => sql.raw(`j.value ->> ${COLUMNS.indexOf(column)}`);
  // The time the row counts at, ms: its trace's start, else its session's first trace's, else now.
  const countsAt = sql`coalesce((select t.start_us / 1000 from traces t where t.project_id = ${projectId} and t.trace_id = ${at("traceId")}),
    (select s.first_us / 1000 from trace_sessions s where s.project_id = ${projectId} and s.session_id = ${at("sessionId")}),
    ${now})`;
  return sql`insert into assessments (${sql.raw(COLUMNS.map(snake).join(", "))}, org_id, project_id, bucket_hour, bucket_5m,
  created_by, created_by_label, created_at, updated_by, updated_at)
select ${sql.raw(picks)}, ${ctx.org.id}, ${projectId}, j.at - j.at % ${HOUR_MS}, j.at - j.at % ${FIVE_MINUTES_MS},
  ${by}, ${label}, ${now}, ${by}, ${now}
from (select j.value, ${countsAt} as at from json_each(${json}) j) j where ${onlyIf ?? sql`true`}`;
}

/**
 * The score rollups' share of the feedback `ids` picks (a subquery of ids), per name, monitor
 * ('' for any other source) and hour, and per 5 minutes for alerts, added (`+`) or taken out
 * (`-`): an override or delete takes out exactly what its old row added. Two statements (one per
 * table), for the same batch. Evaluation runs' scores and feedback on their traces are not
 * production's: neither counts (an ingest batch that marks a trace takes its feedback out,
 * ingest/eval-traces.ts).
 */
export function rollupDelta(projectId: string, ids: SQL, sign: "+" | "-"): [SQL, SQL] {
  return [
    rollupStatement("score_rollups", "hour", "bucket_hour", projectId, ids, sign),
    rollupStatement("score_rollups_5m", "start", "coalesce(bucket_5m, bucket_hour)", projectId, ids, sign),
  ];
}

/** rollupDelta's two statements, ready for a batch of `db`'s. */
export function rollupRuns(db: Db, projectId: string, ids: SQL, sign: "+" | "-") {
  const [hourly, fine] = rollupDelta(projectId, ids, sign);
  return [db.run(hourly), db.run(fine)] as const;
}

function rollupStatement(
  table: string,
  time: string,
  bucket: string,
  projectId: string,
  ids: SQL,
  sign: "+" | "-",
): SQL {
  const s = sql.raw(sign === "+" ? "" : "-");
  const t = sql.raw(table);
  const b = sql.raw(bucket);
  const key = sql.raw(time);
  return sql`insert into ${t} (project_id, name, monitor_id, ${key}, count, scored, sum, sum_squares, judged, passes, errors)
select project_id, name, coalesce(monitor_id, ''), ${b}, ${s}count(*), ${s}count(score), ${s}total(score), ${s}total(score * score),
  ${s}count(passed), ${s}total(passed), ${s}count(error_code)
from assessments where project_id = ${projectId} and id in (${ids}) and kind = 'feedback' and valid = 1
  and run_id is null and not exists (select 1 from traces t
    where t.project_id = ${projectId} and t.trace_id = assessments.trace_id and t.run_id is not null)
group by name, monitor_id, ${b}
on conflict (project_id, name, monitor_id, ${key}) do update set count = ${t}.count + excluded.count,
  scored = ${t}.scored + excluded.scored, sum = ${t}.sum + excluded.sum,
  sum_squares = ${t}.sum_squares + excluded.sum_squares, judged = ${t}.judged + excluded.judged,
  passes = ${t}.passes + excluded.passes, errors = ${t}.errors + excluded.errors`;
}

/** The ids in `rows`, as a subquery for rollupDelta. */
export function idsOf(rows: NewAssessment[]): SQL {
  return sql`select value from json_each(${JSON.stringify(rows.map((r) => r.id))})`;
}
