/**
 * The rows one ingest batch writes, worked out in the Worker: per span (cost, hour, latency
 * bucket, the staging table's values) and per trace (the facts merged over its spans). The
 * statements that write them are in store.ts.
 */
import { type SQL, sql } from "drizzle-orm";
import { LATENCY_BUCKETS } from "../../schema/traces";
import { stringifyWellFormed } from "../lib/json-input";
import { HOUR_MS } from "../lib/time";
import { costOf, findPrice, type ModelPrice } from "../prices/pricing";
import type { NormalisedSpan } from "./normalise";
import { MAX_ATTRIBUTES_CHARS, storePayload } from "./payload";
import { bestPreview } from "./previews";
import { countedInBatch } from "./usage";

/** Latency bucket i holds durations in [2^i, 2^(i+1)) ms; bucket 0 also holds anything below 2 ms. */
export function latencyBucket(durationMs: number): number {
  if (!(durationMs >= 2)) return 0;
  return Math.min(LATENCY_BUCKETS - 1, Math.floor(Math.log2(durationMs)));
}

export type Row = {
  span: NormalisedSpan;
  /** 1 or 0, as SQL sums and compares it. */
  isRoot: number;
  isError: number;
  costUsd: number | null;
  /** Start of the span's hour, ms since the epoch (the rollup row it counts in). */
  hour: number;
  latencyBucket: number;
  durationMs: number;
  /** The span's `counted` as far as its batch can tell (usage.ts countedInBatch). */
  counted: number | null;
  /** 1 when the span is its trace's preview candidate in this batch (previews.ts), with its rank. */
  previewRank: number | null;
  isPreview: number;
  /** The evaluation run the span's trace belongs to, as far as this batch tells (TraceFacts.runId). */
  runId: string | null;
};

/** Trace-level facts merged over every span of the trace in this request (idempotent). */
export type TraceFacts = {
  name: string | null;
  /** The evaluation run any of the trace's spans in this request names. */
  runId: string | null;
  sessionId: string | null;
  userId: string | null;
  tags: Record<string, string>;
  metadata: Record<string, string>;
  /** JSON text of the three above, as the statements read them. */
  tagsJson: string;
  metadataJson: string;
  models: string;
  inputPreview: string | null;
  outputPreview: string | null;
  /** The batch's best preview candidate (previews.ts): its rank, start and span. */
  previewRank: number | null;
  previewStartUs: number | null;
  previewSpanId: string | null;
};

export function traceFacts(spans: NormalisedSpan[]): Map<string, TraceFacts> {
  const facts = new Map<string, TraceFacts>();
  const byTrace = new Map<string, NormalisedSpan[]>();
  for (const s of spans) {
    const group = byTrace.get(s.traceId);
    if (group) group.push(s);
    else byTrace.set(s.traceId, [s]);
  }
  for (const [traceId, group] of byTrace) {
    const root = group.find((s) => s.parentSpanId === null) ?? null;
    const preview = bestPreview(group);
    const tags: Record<string, string> = {};
    const metadata: Record<string, string> = {};
    for (const s of group) {
      Object.assign(tags, s.tags);
      Object.assign(metadata, s.metadata);
    }
    facts.set(traceId, {
      name: root?.name ?? null,
      runId: group.find((s) => s.runId !== null)?.runId ?? null,
      sessionId: root?.sessionId ?? group.find((s) => s.sessionId)?.sessionId ?? null,
      userId: root?.userId ?? group.find((s) => s.userId)?.userId ?? null,
      tags,
      metadata,
      tagsJson: stringifyWellFormed(tags),
      metadataJson: stringifyWellFormed(metadata),
      models: stringifyWellFormed([
        ...new Set(group.map((s) => s.model).filter((m): m is string => m !== null)),
      ]),
      inputPreview: preview?.input ?? null,
      outputPreview: preview?.output ?? null,
      previewRank: preview?.rank ?? null,
      previewStartUs: preview?.startUs ?? null,
      previewSpanId: preview?.spanId ?? null,
    });
  }
  return facts;
}

export function factsOf(facts: Map<string, TraceFacts>, traceId: string): TraceFacts {
  const found = facts.get(traceId);
  if (!found) throw new Error(`no trace facts for ${traceId}: traceFacts covers every span's trace`);
  return found;
}

export function toRows(spans: NormalisedSpan[], prices: ModelPrice[]): Row[] {
  const counted = countedInBatch(spans);
  return spans.map((span) => {
    const price = span.model ? findPrice(span.model, prices) : null;
    const durationMs = (span.endUs - span.startUs) / 1000;
    return {
      span,
      isRoot: span.parentSpanId === null ? 1 : 0,
      isError: span.status === "ERROR" ? 1 : 0,
      costUsd:
        span.reportedCostUsd ??
        (price && (span.inputTokens !== null || span.outputTokens !== null)
          ? costOf(price, {
              input: span.inputTokens,
              output: span.outputTokens,
              cacheRead: span.cacheReadTokens,
            })
          : null),
      hour: Math.floor(span.startUs / 1000 / HOUR_MS) * HOUR_MS,
      latencyBucket: latencyBucket(durationMs),
      durationMs,
      previewRank: null,
      isPreview: 0,
      runId: null,
      counted: counted.get(span) ?? null,
    };
  });
}

type StagedValue = string | number | null;

/**
 * The columns of `temp.sl_new` (store.ts), each with the value a row gives it. Each row travels
 * as one short JSON array of the light columns, in this order, plus its four heavy texts as
 * parameters, in theirs: building, encoding and preparing a parameter per value cost more than
 * storing the rows, and extracting the large texts from JSON would parse each row's whole text
 * once per column. Names and positions both come from these two lists, so they cannot drift.
 */
const LIGHT_COLUMNS = {
  trace_id: (r) => r.span.traceId,
  span_id: (r) => r.span.spanId,
  parent_span_id: (r) => r.span.parentSpanId,
  name: (r) => r.span.name,
  span_type: (r) => r.span.spanType,
  kind: (r) => r.span.kind,
  start_us: (r) => r.span.startUs,
  end_us: (r) => r.span.endUs,
  status: (r) => r.span.status,
  status_message: (r) => r.span.statusMessage,
  model: (r) => r.span.model,
  provider: (r) => r.span.provider,
  input_tokens: (r) => r.span.inputTokens,
  output_tokens: (r) => r.span.outputTokens,
  total_tokens: (r) => r.span.totalTokens,
  cache_read_tokens: (r) => r.span.cacheReadTokens,
  cache_write_tokens: (r) => r.span.cacheWriteTokens,
  cost_usd: (r) => r.costUsd,
  is_root: (r) => r.isRoot,
  counted: (r) => r.counted,
  preview_rank: (r) => r.previewRank,
  is_preview: (r) => r.isPreview,
  is_error: (r) => r.isError,
  run_id: (r) => r.runId,
  hour: (r) => r.hour,
  latency_bucket: (r) => r.latencyBucket,
  duration_ms: (r) => r.durationMs,
} satisfies Record<string, (row: Row) => StagedValue>;

const HEAVY_COLUMNS = {
  inputs: (r) => storePayload(r.span.inputs).text,
  outputs: (r) => storePayload(r.span.outputs).text,
  attributes: (r) => storePayload(r.span.attributes, MAX_ATTRIBUTES_CHARS).text ?? "{}",
  events: (r) => storePayload(r.span.events, MAX_ATTRIBUTES_CHARS).text ?? "[]",
} satisfies Record<string, (row: Row) => StagedValue>;

/** Names of the light columns, in the order of each row's JSON array. */
export const LIGHT = Object.keys(LIGHT_COLUMNS) as (keyof typeof LIGHT_COLUMNS)[];
/** Names of the heavy columns, in the order of each row's parameters after the JSON array. */
export const HEAVY = Object.keys(HEAVY_COLUMNS) as (keyof typeof HEAVY_COLUMNS)[];
const lightValues = Object.values(LIGHT_COLUMNS);
const heavyValues = Object.values(HEAVY_COLUMNS);

/** The rows as `values` tuples: `(light JSON array, inputs, outputs, attributes, events), …`. */
export function stagedValues(rows: Row[]): SQL {
  return sql.join(
    rows.map((row) => {
      const light = stringifyWellFormed(lightValues.map((value) => value(row)));
      // drizzle writes an array as a parenthesised list of parameters.
      return sql`${[light, ...heavyValues.map((value) => value(row))]}`;
    }),
    sql`, `,
  );
}

/** The columns of the trace-facts CTE `f`, each with its value, in the order of each trace's JSON array. */
const FACT_COLUMNS = {
  trace_id: (traceId) => traceId,
  trace_name: (_, f) => f.name,
  run_id: (_, f) => f.runId,
  session_id: (_, f) => f.sessionId,
  user_id: (_, f) => f.userId,
  tags: (_, f) => f.tagsJson,
  metadata: (_, f) => f.metadataJson,
  models: (_, f) => f.models,
  input_preview: (_, f) => f.inputPreview,
  output_preview: (_, f) => f.outputPreview,
  preview_rank: (_, f) => f.previewRank,
  preview_start_us: (_, f) => f.previewStartUs,
} satisfies Record<string, (traceId: string, facts: TraceFacts) => StagedValue>;

const factValues = Object.values(FACT_COLUMNS);
const factColumns = sql.raw(
  Object.keys(FACT_COLUMNS)
    .map((name, i) => `value ->> ${i} as ${name}`)
    .join(", "),
);

/** Trace-level facts as a materialised CTE `f`, read from one JSON text (one array per trace). */
export function factsCte(facts: Map<string, TraceFacts>): SQL {
  const json = stringifyWellFormed(
    [...facts].map(([traceId, f]) => factValues.map((value) => value(traceId, f))),
  );
  return sql`with f as materialized (select ${factColumns} from json_each(${json}))`;
}
