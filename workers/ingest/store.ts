import { type SQL, sql } from "drizzle-orm";
import { FACET, revokedKeys } from "../../schema";
import { LATENCY_BUCKETS } from "../../schema/traces";
import type { KeyContext } from "../auth/context";
import { clampToSafeInteger } from "../lib/db";
import { stringifyWellFormed } from "../lib/json-input";
import { writeBatch } from "../lib/statements";
import { type Pending, pendingRows, pendingStatement } from "../monitoring/schedule";
import type { ModelPrice } from "../prices/pricing";
import { linkStatements, type PromptRef, unlinkedStatement } from "../prompts/trace-links";
import { markedFeedback, markedRollupRows, markedSpans, marksTraces, PRODUCTION } from "./eval-traces";
import type { NormalisedSpan } from "./normalise";
import { BETTER_PREVIEW } from "./previews";
import {
  factsCte,
  factsOf,
  HEAVY,
  LIGHT,
  type Row,
  stagedValues,
  type TraceFacts,
  toRows,
  traceFacts,
} from "./rows";
import { bucketSums, coveredSpans, modelRollupRows, settleUsage, tracedUsage } from "./usage";

/**
 * True while the API key may still write: the request's key may come from a per-isolate cache
 * (auth/key-cache.ts), so the transaction checks it again, against the revocations kept on the
 * organization's side of the seam (schema/ingest.ts): a primary-key lookup, uncorrelated, so
 * evaluated once. Expiry needs no database: the key's expiry time never changes.
 */
export function keyStillValid(key: Pick<KeyCheck, "id">): SQL {
  return sql`not exists (select 1 from ${revokedKeys} where ${revokedKeys.keyId} = ${key.id})`;
}

/**
 * `temp.sl_new`: the rows of this request whose span is not stored yet, sent once and read by
 * every statement below: only spans not stored yet are staged, so each span counts once however
 * often it is re-sent (the spans are inserted first; the usage bookkeeping then reads them with the
 * stored ones, everything else reads the staging table). The table lives only inside this
 * batch. It stays empty when the key was revoked meanwhile, and so does everything read from it.
 */
function stageNewRows(projectId: string, rows: Row[], key: KeyCheck): SQL[] {
  // trace_prior, one look at the span's trace row: null when the trace had no spans stored before
  // (usage.ts walks only those that had), '' when it had and is no evaluation run's, else its run
  // (traceIs). It comes before the heavy columns, so reading it does not walk past the payload.
  const prior = sql`(select coalesce(t.run_id, '') from traces t where t.project_id = ${projectId} and t.trace_id = v.trace_id)`;
  return [
    sql.raw(`create temp table sl_new (${[...LIGHT, "trace_prior", ...HEAVY].join(", ")})`),
    sql`insert into temp.sl_new select ${sql.raw(LIGHT.join(", "))}, ${prior}, ${sql.raw(HEAVY.join(", "))}
from (select ${sql.raw(LIGHT.map((c, i) => `j ->> ${i} as ${c}`).join(", "))}, ${sql.raw(HEAVY.map((c, i) => `column${i + 2} as ${c}`).join(", "))}
  from (select column1 as j, * from (values ${stagedValues(rows)}))) v
where not exists (select 1 from spans s where s.project_id = ${projectId} and s.trace_id = v.trace_id and s.span_id = v.span_id)
  and ${keyStillValid(key)}`,
  ];
}

const n = sql.raw("temp.sl_new");

/**
 * Token sums saturate at 2^53 − 1: each span's counts are within it (ingest rejects others), but
 * totals of many could pass it, and the Worker reads integers as JavaScript numbers. `total()`
 * and an overflowing `+` turn to floating point instead of failing, so the clamp can cap them.
 */
const capped = (sum: SQL) => clampToSafeInteger(sum);

const bucketCols = Array.from({ length: LATENCY_BUCKETS }, (_, i) => `b${String(i).padStart(2, "0")}`);
const bucketUpdates = sql.raw(bucketCols.map((c) => `${c} = rollups.${c} + excluded.${c}`).join(", "));

/**
 * Facet rows (model, span type, tags, metadata) per trace, computed here and deduplicated
 * (`insert or ignore`). Like the traces upsert, they apply only to traces that get a new span in
 * this request: a batch sent again changes nothing, even when its tags changed. A tag or
 * metadata key sent again with another value replaces the trace's old value (as in
 * `traces.tags`), so the old value's row goes first. Rows point at the trace's row number, so
 * this runs after the traces upsert. Staging is empty when the key was revoked, and so is
 * what these statements write.
 */
function facetStatements(projectId: string, rows: Row[], facts: Map<string, TraceFacts>): SQL[] {
  const facets = new Map<string, [string, string, string]>();
  const add = (traceId: string, facet: string, value: string) => {
    const key = `${traceId}\u0000${facet}\u0000${value}`;
    if (!facets.has(key)) facets.set(key, [traceId, facet, value]);
  };
  const seenTraces = new Set<string>();
  for (const { span } of rows) {
    add(span.traceId, FACET.spanType, span.spanType);
    if (span.model) add(span.traceId, FACET.model, span.model);
    if (seenTraces.has(span.traceId)) continue;
    seenTraces.add(span.traceId);
    const trace = factsOf(facts, span.traceId);
    for (const [k, v] of Object.entries(trace.tags)) add(span.traceId, `${FACET.tagPrefix}${k}`, v);
    for (const [k, v] of Object.entries(trace.metadata)) add(span.traceId, `${FACET.metadataPrefix}${k}`, v);
  }
  if (facets.size === 0) return [];
  const json = stringifyWellFormed([...facets.values()]);
  const keyed = stringifyWellFormed(
    [...facets.values()].filter(
      ([, facet]) => facet.startsWith(FACET.tagPrefix) || facet.startsWith(FACET.metadataPrefix),
    ),
  );
  const replaced = sql`delete from trace_facets where project_id = ${projectId} and (facet, value, trace_row) in (
  select f.facet, f.value, f.trace_row from json_each(${keyed}) j
  cross join traces t on t.project_id = ${projectId} and t.trace_id = j.value ->> 0
  cross join trace_facets f on f.trace_row = t.id and f.project_id = ${projectId} and f.facet = j.value ->> 1
  where f.value <> j.value ->> 2 and j.value ->> 0 in (select trace_id from ${n}))`;
  const insert = sql`insert or ignore into trace_facets (project_id, facet, value, trace_row)
select ${projectId}, j.value ->> 1, j.value ->> 2, t.id from json_each(${json}) j
cross join traces t on t.project_id = ${projectId} and t.trace_id = j.value ->> 0
where j.value ->> 0 in (select trace_id from ${n})`;
  return keyed === "[]" ? [insert] : [replaced, insert];
}

function statementsFor(projectId: string, orgId: string, rows: Row[], key: KeyCheck): SQL[] {
  const now = key.now;
  const links = promptLinksOf(rows.map((r) => r.span));
  const facts = traceFacts(rows.map((r) => r.span));
  for (const r of rows) {
    const f = facts.get(r.span.traceId);
    r.isPreview = f?.previewSpanId === r.span.spanId ? 1 : 0;
    r.previewRank = r.isPreview ? (f?.previewRank ?? null) : null;
    r.runId = f?.runId ?? null;
  }
  const better = sql.raw(BETTER_PREVIEW);
  const upsertTraces = sql`${factsCte(facts)}
insert into traces (project_id, org_id, trace_id, name, root_span_id, start_us, end_us, duration_ms, status, span_count, error_count,
  input_tokens, output_tokens, total_tokens, cost_usd, session_id, run_id, user_id, input_preview, output_preview, preview_rank, preview_start_us, tags, metadata, models, created_at, updated_at)
select ${projectId}, ${orgId}, n.trace_id, coalesce(f.trace_name, min(n.name)), max(case when is_root = 1 then span_id end),
  min(start_us), max(end_us), (max(end_us) - min(start_us)) / 1000.0, case when sum(is_error) > 0 then 'ERROR' else 'OK' end,
  count(*), sum(is_error), ${tracedUsage(projectId)},
  f.session_id, f.run_id, f.user_id, f.input_preview, f.output_preview, f.preview_rank, f.preview_start_us, f.tags, f.metadata, f.models, ${now}, ${now}
from ${n} n join f on f.trace_id = n.trace_id where true group by n.trace_id
on conflict (project_id, trace_id) do update set
  name = case when excluded.root_span_id is not null then excluded.name else traces.name end,
  root_span_id = coalesce(excluded.root_span_id, traces.root_span_id),
  start_us = min(traces.start_us, excluded.start_us),
  end_us = max(traces.end_us, excluded.end_us),
  duration_ms = (max(traces.end_us, excluded.end_us) - min(traces.start_us, excluded.start_us)) / 1000.0,
  status = case when traces.status = 'ERROR' or excluded.status = 'ERROR' then 'ERROR' else 'OK' end,
  input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, total_tokens = excluded.total_tokens,
  cost_usd = excluded.cost_usd,
  span_count = traces.span_count + excluded.span_count,
  error_count = traces.error_count + excluded.error_count,
  session_id = coalesce(excluded.session_id, traces.session_id),
  run_id = coalesce(traces.run_id, excluded.run_id),
  user_id = coalesce(excluded.user_id, traces.user_id),
  input_preview = case when ${better} then excluded.input_preview else traces.input_preview end,
  output_preview = case when ${better} then excluded.output_preview else traces.output_preview end,
  preview_rank = case when ${better} then excluded.preview_rank else traces.preview_rank end,
  preview_start_us = case when ${better} then excluded.preview_start_us else traces.preview_start_us end,
  tags = json_patch(traces.tags, excluded.tags),
  metadata = json_patch(traces.metadata, excluded.metadata),
  models = (select json_group_array(value) from (select value from json_each(traces.models) union select value from json_each(excluded.models))),
  updated_at = excluded.updated_at`;

  // The sessions of the traces this request added to, from the trace rows just upserted: min and
  // max, so a span counted twice would change nothing.
  const sessions = sql`insert into trace_sessions (project_id, session_id, first_us, last_us)
select ${projectId}, t.session_id, min(t.start_us), max(t.end_us)
from (select distinct trace_id from ${n}) n cross join traces t indexed by traces_project_trace_uq
where t.project_id = ${projectId} and t.trace_id = n.trace_id and t.session_id is not null
group by t.session_id
on conflict (project_id, session_id) do update set first_us = min(trace_sessions.first_us, excluded.first_us),
  last_us = max(trace_sessions.last_us, excluded.last_us)`;

  // Evaluation runs' traces stay out of the rollups (eval-traces.ts).
  const marking = marksTraces(rows);
  const production = sql.raw(PRODUCTION);
  // Trace rows (model '') count root spans; model rows count the model calls whose usage counts
  // (usage.ts), taking out those that stopped counting. One statement, so one upsert clause:
  // each side adds zeros to the other's columns.
  const rollup = sql`insert into rollups (project_id, hour, model, traces, error_traces, calls, error_calls, input_tokens, output_tokens, cost_usd, latency_sum_ms, ${sql.raw(bucketCols.join(", "))})
select ${projectId}, hour, '', count(*), sum(is_error), 0, 0, 0, 0, 0, sum(duration_ms), ${bucketSums("")} from ${n} where is_root = 1 and ${production} group by hour
union all
${modelRollupRows(projectId, PRODUCTION)}${
  marking
    ? sql`
union all
${markedRollupRows(projectId)}`
    : sql``
}
on conflict (project_id, hour, model) do update set traces = rollups.traces + excluded.traces,
  error_traces = rollups.error_traces + excluded.error_traces, calls = rollups.calls + excluded.calls, error_calls = rollups.error_calls + excluded.error_calls,
  input_tokens = ${capped(sql`rollups.input_tokens + excluded.input_tokens`)}, output_tokens = ${capped(sql`rollups.output_tokens + excluded.output_tokens`)},
  cost_usd = rollups.cost_usd + excluded.cost_usd, latency_sum_ms = rollups.latency_sum_ms + excluded.latency_sum_ms, ${bucketUpdates}`;

  // A text row's rowid is its trace's row number, so deletes find it by rowid (see traces/purge.ts).
  // Its text is the trace's previews, written (or replaced) when this batch's candidate won (previews.ts).
  const text = sql`insert or replace into trace_text (rowid, text, project_id, trace_id)
select t.id, trim(coalesce(t.input_preview, '') || ' ' || coalesce(t.output_preview, '')), ${projectId}, n.trace_id
from ${n} n join traces t on t.project_id = ${projectId} and t.trace_id = n.trace_id
where n.is_preview = 1 and t.preview_rank = n.preview_rank and t.preview_start_us = n.start_us`;

  const facets = facetStatements(projectId, rows, facts);

  const insertSpans = sql`insert into spans (project_id, org_id, trace_id, span_id, parent_span_id, name, span_type, kind, start_us, end_us, status, status_message,
  inputs, outputs, attributes, events, model, provider, input_tokens, output_tokens, total_tokens, cache_read_tokens, cache_write_tokens, cost_usd, counted)
select ${projectId}, ${orgId}, trace_id, span_id, parent_span_id, name, span_type, kind, start_us, end_us, status, status_message,
  inputs, outputs, attributes, events, model, provider, input_tokens, output_tokens, total_tokens, cache_read_tokens, cache_write_tokens, cost_usd,
  counted
from ${n} where true on conflict do nothing`;

  return [
    ...stageNewRows(projectId, rows, key),
    insertSpans,
    // Usage where it was spent (usage.ts): after the spans are in, whatever order they came in;
    // the traces upsert then reads each touched trace's totals from its counted spans.
    ...coveredSpans(projectId),
    ...(marking ? [markedSpans(projectId)] : []),
    rollup,
    ...settleUsage(projectId),
    ...(marking ? [sql.raw("drop table temp.sl_marked"), ...markedFeedback(projectId)] : []),
    upsertTraces,
    sessions,
    text,
    ...facets,
    // Prompt links (prompts/trace-links.ts) only in batches whose spans name prompts.
    ...(links.length > 0 ? linkStatements(projectId, links, now) : []),
    // Traces and sessions to score once they settle (monitoring/schedule.ts): its rows come back.
    pendingStatement(
      projectId,
      [...facts].map(([traceId, f]) => ({ traceId, sessionId: f.sessionId })),
      now,
    ),
    sql.raw("drop table temp.sl_new"),
    ...(links.length > 0 ? [unlinkedStatement(projectId, links)] : []),
    sql`select ${keyStillValid(key)} as key_ok`,
  ];
}

/** Where, from the end, the pending statement's result is in a batch (before the drop, the unlinked check, the key check). */
const pendingFromEnd = (linked: boolean) => (linked ? 4 : 3);

/** The prompt references of a batch's spans, each with its trace, once per trace. */
export function promptLinksOf(spans: NormalisedSpan[]): [string, ...PromptRef][] {
  const out = new Map<string, [string, ...PromptRef]>();
  for (const span of spans) {
    for (const ref of span.promptRefs ?? [])
      out.set(`${span.traceId}\u0000${ref[3]}`, [span.traceId, ...ref]);
  }
  return [...out.values()];
}

/** Whether the request's API key has expired (its expiry never changes, so no database is needed). */
export function keyExpired(ctx: KeyContext, now = ctx.services.clock.now()): boolean {
  const { expiresAt } = ctx.principal;
  return expiresAt !== null && expiresAt <= now;
}

/** The API key a write is made with (checked again inside the write's transaction), and its time. */
export type KeyCheck = { id: string; now: number };

/** The statements one ingest batch runs, in order (exported for EXPLAIN QUERY PLAN). */
export function storeStatements(
  project: { id: string; orgId: string },
  spans: NormalisedSpan[],
  prices: ModelPrice[],
  key: KeyCheck,
): SQL[] {
  const unique = [...new Map(spans.map((s) => [`${s.traceId}:${s.spanId}`, s])).values()];
  return unique.length > 0
    ? statementsFor(project.id, project.orgId, toRows(unique, prices), key)
    : [sql`select ${keyStillValid(key)} as key_ok`];
}

/**
 * Stores spans in one database round trip (one batch, one transaction): trace rows, session
 * rows, rollups, facets, text index and the spans themselves. Idempotent on (project, trace id,
 * span id). Returns whether the key could still write: when it was revoked or expired
 * meanwhile, nothing was written.
 */
export async function storeSpans({
  ctx,
  spans,
  prices,
}: {
  ctx: KeyContext;
  spans: NormalisedSpan[];
  prices: ModelPrice[];
}): Promise<{ keyValid: boolean; promptsUnlinked: string[]; pending: Pending[] }> {
  const now = ctx.services.clock.now();
  if (keyExpired(ctx, now)) return { keyValid: false, promptsUnlinked: [], pending: [] };
  const { keyId } = ctx.principal;
  const statements = storeStatements(ctx.project, spans, prices, { id: keyId, now });
  const results = await writeBatch(ctx.db, statements);
  // The last statement is the key check; before it, when spans named prompts, the ones not linked.
  const unlinked = results.length > 1 ? results.at(-2)?.rows[0]?.unlinked : undefined;
  const linked = typeof unlinked === "string";
  return {
    keyValid: Number(results.at(-1)?.rows[0]?.key_ok) === 1,
    promptsUnlinked: linked ? (JSON.parse(unlinked) as string[]) : [],
    pending: results.length > 1 ? pendingRows(results.at(-pendingFromEnd(linked))?.rows) : [],
  };
}
