import { type SQL, sql } from "drizzle-orm";
import { LATENCY_BUCKETS } from "../../schema/traces";
import { clampToSafeInteger } from "../lib/db";
import type { NormalisedSpan } from "./normalise";

/**
 * Usage counts where it was spent. A span is *metered* when it has a model or usage; it *counts*
 * toward its trace's totals and the model rollups only when none of its descendants is metered
 * (`spans.counted`: null, 1 or 0). A wrapper that repeats its children's usage (an agent span
 * summing its model calls, the AI SDK's `ai.generateText` around `doGenerate`) so adds nothing of
 * its own, and the totals equal the sum of the model calls.
 *
 * Spans arrive in any order, across requests. Each ingest batch works out its own spans' flags
 * among themselves (countedInBatch); then, for traces that had spans stored before, it walks up
 * from their metered spans to find the counted ones that now have a metered descendant
 * (`temp.sl_covered`), takes those stored earlier back out of the rollups and marks them
 * uncounted; the traces upsert that follows reads the touched traces' totals from their counted
 * spans. A span only ever goes from counted to uncounted (spans are not removed but with their
 * whole trace), so every order ends in the same totals and rollups.
 */
export const isMetered = (s: NormalisedSpan): boolean =>
  s.model !== null ||
  s.inputTokens !== null ||
  s.outputTokens !== null ||
  s.totalTokens !== null ||
  s.reportedCostUsd !== null;

/**
 * Each span's `counted` as far as its own batch can tell (null, 1 or 0): a metered span with a
 * metered descendant among the batch's spans is 0. For a trace with nothing stored yet (most
 * batches) that is the whole answer, so the walk in SQL (coveredSpans) starts only from traces
 * that had spans stored before.
 */
export function countedInBatch(spans: NormalisedSpan[]): Map<NormalisedSpan, number | null> {
  const byId = new Map(spans.map((s) => [`${s.traceId}:${s.spanId}`, s]));
  const covered = new Set<NormalisedSpan>();
  for (const s of spans) {
    if (!isMetered(s)) continue;
    const seen = new Set<string>();
    for (let parent = s.parentSpanId; parent !== null; ) {
      const key = `${s.traceId}:${parent}`;
      if (seen.has(key)) break; // a cycle in hostile input
      seen.add(key);
      const up = byId.get(key);
      if (!up) break;
      if (isMetered(up)) covered.add(up);
      parent = up.parentSpanId;
    }
  }
  return new Map(spans.map((s) => [s, isMetered(s) ? (covered.has(s) ? 0 : 1) : null]));
}

const capped = (sum: SQL) => clampToSafeInteger(sum);

/** `latencyBucket` of rows.ts in SQL, for spans read back from the table: ⌊log2(ms)⌋ in 0 … 23. */
const bucketOf = (ms: string) =>
  `case ${Array.from({ length: LATENCY_BUCKETS - 1 }, (_, i) => `when ${ms} < ${2 ** (i + 1)} then ${i}`).join(" ")} else ${LATENCY_BUCKETS - 1} end`;

/**
 * What a stored span `s` adds to the rollups, as the columns the batch's own rows have in
 * `temp.sl_new`: its trace and span ids, model, hour, error, usage, duration and latency bucket.
 */
export const STORED_SPAN_ROLLUP_COLUMNS =
  sql.raw(`s.trace_id, s.span_id, s.model, (s.start_us / 3600000000) * 3600000 as hour,
  case when s.status = 'ERROR' then 1 else 0 end as is_error, s.input_tokens, s.output_tokens, s.cost_usd,
  (s.end_us - s.start_us) / 1000.0 as duration_ms,
  ${bucketOf("(s.end_us - s.start_us) / 1000.0")} as latency_bucket`);

/**
 * `temp.sl_covered`: the counted spans of the touched traces that have a metered descendant, with
 * what their rollup rows hold of them, and whether they came in this batch (`fresh`: never added
 * to the rollups). The walk reads the metered spans and their ancestors (by the spans' key),
 * of the traces that had spans stored before this batch (`trace_prior`, store.ts): within the batch,
 * countedInBatch already knows.
 */
export function coveredSpans(projectId: string): SQL[] {
  return [
    sql`create temp table sl_covered as
with recursive up(trace_id, span_id) as (
  select s.trace_id, s.parent_span_id from (select distinct trace_id from temp.sl_new where trace_prior is not null) n
  cross join spans s
  where s.project_id = ${projectId} and s.trace_id = n.trace_id and s.counted is not null and s.parent_span_id is not null
  union
  select p.trace_id, p.parent_span_id from up cross join spans p
  where p.project_id = ${projectId} and p.trace_id = up.trace_id and p.span_id = up.span_id and p.parent_span_id is not null
)
select ${STORED_SPAN_ROLLUP_COLUMNS},
  exists (select 1 from temp.sl_new x where x.trace_id = s.trace_id and x.span_id = s.span_id) as fresh
from up cross join spans s
where s.project_id = ${projectId} and s.trace_id = up.trace_id and s.span_id = up.span_id and s.counted = 1`,
  ];
}

/** Latency-bucket counts of a group, as the rollups' b00 … b23 columns, with `sign`. */
export function bucketSums(sign: "" | "-"): SQL {
  return sql.raw(
    Array.from({ length: LATENCY_BUCKETS }, (_, i) => `${sign}sum(latency_bucket = ${i})`).join(", "),
  );
}

/**
 * Rollup rows taking out `table`'s model calls (grouped by hour and model; the table has the
 * columns of `temp.sl_covered`): negative counts.
 */
export function modelRowsTakenOut(projectId: string, table: string, where: string): SQL {
  return sql`select ${projectId}, hour, model, 0, 0, -count(*), -sum(is_error), -${capped(sql`total(input_tokens)`)}, -${capped(sql`total(output_tokens)`)},
  -coalesce(sum(cost_usd), 0), -sum(duration_ms), ${bucketSums("-")}
from ${sql.raw(table)} where ${sql.raw(where)} and model is not null group by hour, model`;
}

/**
 * The model rows' share of a batch's rollup upsert: its new spans that count, added; and the spans
 * stored earlier that stop counting now, taken out (negative counts). Only of `production`
 * traces: evaluation runs' have neither (eval-traces.ts).
 */
export function modelRollupRows(projectId: string, production: string): SQL {
  return sql`select ${projectId}, hour, model, 0, 0, count(*), sum(is_error), ${capped(sql`total(input_tokens)`)}, ${capped(sql`total(output_tokens)`)},
  coalesce(sum(cost_usd), 0), sum(duration_ms), ${bucketSums("")}
from temp.sl_new n where model is not null and counted = 1 and ${sql.raw(production)}
  and not exists (select 1 from temp.sl_covered c where c.trace_id = n.trace_id and c.span_id = n.span_id)
group by hour, model
union all
${modelRowsTakenOut(projectId, "temp.sl_covered", `fresh = 0 and trace_id not in (select trace_id from temp.sl_new where not ${production})`)}`;
}

/** Marks the covered spans uncounted (the traces' totals are then read from counted spans: `tracedUsage`). */
export function settleUsage(projectId: string): SQL[] {
  return [
    sql`update spans set counted = 0 where project_id = ${projectId} and counted = 1
  and (trace_id, span_id) in (select trace_id, span_id from temp.sl_covered)`,
    sql.raw("drop table temp.sl_covered"),
  ];
}

/**
 * A trace's totals, from its counted spans (for the traces upsert, grouped by `n.trace_id` over
 * the staged rows): input, output and total tokens, and cost. A trace with nothing stored before
 * has all its spans in the batch, whose `counted` is final (countedInBatch), so its totals are
 * the staged rows' sums; only a trace seen before reads its stored counted spans (a range of the
 * spans' key).
 */
export function tracedUsage(projectId: string): SQL {
  // `agg` over the trace's counted spans; `of` names a column of both tables.
  const over = (agg: "total" | "sum", of: (t: string) => string) =>
    sql`case when max(n.trace_prior) is null then ${sql.raw(`${agg}(case when n.counted = 1 then ${of("n")} end)`)}
  else (select ${sql.raw(`${agg}(${of("s")})`)} from spans s where s.project_id = ${projectId} and s.trace_id = n.trace_id and s.counted = 1) end`;
  return sql`${capped(over("total", (t) => `${t}.input_tokens`))}, ${capped(over("total", (t) => `${t}.output_tokens`))},
  ${capped(over("total", (t) => `coalesce(${t}.total_tokens, coalesce(${t}.input_tokens, 0) + coalesce(${t}.output_tokens, 0))`))},
  ${over("sum", (t) => `${t}.cost_usd`)}`;
}
