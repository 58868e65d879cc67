import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { defineOrgJob } from "../jobs/define";
import { beatsStoredPreview, MISSING_SIDE, previewRankSql } from "./previews";

const P = sql.raw("pending_span_messages");

/** The pending messages of the span row `spans` on one side, in conversation order (JSON values). */
const pendingValues = (side: "input" | "output", extra = "") =>
  sql.raw(`select ${extra}j.value as value from pending_span_messages p, json_each(p.messages) j
    where p.project_id = spans.project_id and p.trace_id = spans.trace_id and p.span_id = spans.span_id and p.side = '${side}' and p.merged = 0`);

/**
 * A span's inputs (or outputs) with its pending messages merged in: the messages themselves when
 * it had none, appended when it had a message list, untouched when it had something else (the
 * span's own attributes said more).
 */
function merged(column: "inputs" | "outputs", side: "input" | "output"): SQL {
  const col = sql.raw(`spans.${column}`);
  return sql`case
  when ${col} is null then nullif((select json_group_array(json(value)) from (${pendingValues(side, "p.time_us, p.seq, j.key, ")} order by 1, 2, 3)), '[]')
  when json_valid(${col}) and json_type(${col}) = 'array' then (select json_group_array(json(value)) from (
    select 0 as g, 0 as t, 0 as s, e.key as k, e.value as value from json_each(${col}) e
    union all ${pendingValues(side, "1, p.time_us, p.seq, j.key, ")} order by 1, 2, 3, 4))
  else ${col} end`;
}

const RANK = sql.raw(previewRankSql("a"));
const MISSING = sql.raw(String(MISSING_SIDE));

const latestPreview = (projectId: string, side: "input" | "output") =>
  sql`(select p.preview from ${P} p where p.project_id = ${projectId} and p.trace_id = a.trace_id and p.span_id = a.span_id
    and p.side = ${side} and p.merged = 0 and p.preview is not null order by p.time_us desc, p.seq desc limit 1)`;

/**
 * Statements that merge the pending messages (schema/ingest.ts) of the spans `touched` selects
 * (`select trace_id, span_id …`) into those of them that are stored, let them move their trace's
 * previews (and text row) when they tell its story better (previews.ts), and mark what was
 * merged. Run by OTLP log ingest, for messages that arrive after their span, and by the queued
 * `ingest.attach_pending` job for those that arrive before it (below): span ingest, the hot path,
 * does nothing for them.
 */
export function attachPendingMessages(projectId: string, touched: SQL): SQL[] {
  const won = sql`select t.id from temp.sl_attach_preview c join traces t on t.project_id = ${projectId} and t.trace_id = c.trace_id
  where t.preview_rank = c.rank and t.preview_start_us = c.start_us`;
  return [
    sql`create temp table sl_attach as select s.trace_id, s.span_id, s.parent_span_id, s.span_type, s.start_us
from (${touched}) x cross join spans s
where s.project_id = ${projectId} and s.trace_id = x.trace_id and s.span_id = x.span_id
  and exists (select 1 from ${P} p where p.project_id = ${projectId} and p.trace_id = s.trace_id and p.span_id = s.span_id and p.merged = 0)`,
    sql`update spans set inputs = ${merged("inputs", "input")}, outputs = ${merged("outputs", "output")}
where project_id = ${projectId} and (trace_id, span_id) in (select trace_id, span_id from temp.sl_attach)`,
    sql`create temp table sl_attach_preview as
select trace_id, start_us, rank + (case when ip is null then ${MISSING} else 0 end) + (case when op is null then ${MISSING} else 0 end) as rank, ip, op from (
  select a.trace_id, a.start_us, ${RANK} as rank, ${latestPreview(projectId, "input")} as ip, ${latestPreview(projectId, "output")} as op
  from temp.sl_attach a)
where ip is not null or op is not null`,
    // Driven by the candidates' traces (each found by its unique index), never by the project's rows.
    sql`update traces set (input_preview, output_preview, preview_rank, preview_start_us) = (
  select c.ip, c.op, c.rank, c.start_us from temp.sl_attach_preview c where c.trace_id = traces.trace_id
  order by c.rank, c.start_us limit 1)
where project_id = ${projectId} and trace_id in (select trace_id from temp.sl_attach_preview)
  and exists (select 1 from temp.sl_attach_preview c where c.trace_id = traces.trace_id and ${sql.raw(
    beatsStoredPreview("c.rank", "c.start_us"),
  )})`,
    sql`insert or replace into trace_text (rowid, text, project_id, trace_id)
select t.id, trim(coalesce(t.input_preview, '') || ' ' || coalesce(t.output_preview, '')), ${projectId}, t.trace_id
from traces t where t.id in (${won})`,
    // Merged rows keep their key, emptied: the same records sent again are then ignored.
    sql`update ${P} set merged = 1, messages = '[]', preview = null
where project_id = ${projectId} and (trace_id, span_id) in (select trace_id, span_id from temp.sl_attach) and merged = 0`,
    sql.raw("drop table temp.sl_attach"),
    sql.raw("drop table temp.sl_attach_preview"),
  ];
}

/** Spans one job follows: a log export with more waiting spans queues more jobs. */
export const SPANS_PER_JOB = 500;
/** Runs before giving up on a span that never comes (retention deletes its messages later). */
const MAX_RUNS = 8;

/** The spans (`[traceId, spanId]`) among `spans` (JSON text of such pairs) that still have messages waiting. */
export function stillWaiting(projectId: string, spans: SQL): SQL {
  return sql`select json_group_array(json_array(trace_id, span_id)) as waiting from (
  select distinct trace_id, span_id from ${P} where project_id = ${projectId} and merged = 0
    and (trace_id, span_id) in (select value ->> 0, value ->> 1 from json_each(${spans})))`;
}

const SpanKeys = z
  .array(z.tuple([z.string().max(64), z.string().max(64)]))
  .min(1)
  .max(SPANS_PER_JOB);
export type SpanKeys = z.infer<typeof SpanKeys>;

/**
 * Merges messages that came (as OTLP log records) before their span, once the span is there.
 * Queued by log ingest for the spans its records found missing, after a delay (the span's own
 * export is usually seconds behind); runs again for those still missing with a doubled delay, at
 * most MAX_RUNS times. Idempotent: a second run finds nothing left to merge.
 */
export const attachPendingJob = defineOrgJob({
  type: "ingest.attach_pending",
  payload: z.object({
    projectId: z.string().startsWith("prj_"),
    spans: SpanKeys,
    run: z.number().int().min(1).default(1),
  }),
  async handle({ db, services, org }, { projectId, spans, run }) {
    const json = JSON.stringify(spans);
    const statements = [
      ...attachPendingMessages(
        projectId,
        sql`select value ->> 0 as trace_id, value ->> 1 as span_id from json_each(${json})`,
      ),
      stillWaiting(projectId, sql`${json}`),
    ].map((s) => db.run(s));
    const results = await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
    const left = SpanKeys.safeParse(JSON.parse(String(results.at(-1)?.rows[0]?.waiting ?? "[]")));
    if (left.success && run < MAX_RUNS)
      await services.jobs.enqueue(
        attachPendingJob,
        { orgId: org.id, projectId, spans: left.data, run: run + 1 },
        { delaySeconds: services.env.PENDING_ATTACH_DELAY_SECONDS * 2 ** run },
      );
  },
});
