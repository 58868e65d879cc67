/**
 * The rows one ingest batch writes, worked out in the Worker: per span (cost, hour, latency
 * bucket, the staging table's values) and per trace (the facts merged over its spans). The
 * statements that write them are in store.ts.
 */
import { type SQL, sql } from "drizzle-orm";
import { LATENCY_BUCKETS } from "../../schema/traces";
import { stringifyWellFormed } from "../lib/json-input";
import type { NormalisedSpan } from "./normalise";
import { MAX_ATTRIBUTES_CHARS, previewOf, storePayload } from "./payload";
import { costOf, findPrice, type ModelPrice } from "./prices";

const HOUR_MS = 3_600_000;

/** Latency bucket i holds durations in [2^i, 2^(i+1)) ms; bucket 0 also holds anything below 2 ms. */
export function latencyBucket(durationMs: number): number {
  if (!(durationMs >= 2)) return 0;
  return Math.min(LATENCY_BUCKETS - 1, Math.floor(Math.log2(durationMs)));
}

export type Row = {
  span: NormalisedSpan;
  isRoot: number;
  err: number;
  cost: number | null;
  hour: number;
  bucket: number;
  durationMs: number;
};

/** Trace-level facts merged over every span of the trace in this request (idempotent). */
export type TraceFacts = {
  name: string | null;
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
    const tags: Record<string, string> = {};
    const metadata: Record<string, string> = {};
    for (const s of group) {
      Object.assign(tags, s.tags);
      Object.assign(metadata, s.metadata);
    }
    facts.set(traceId, {
      name: root?.name ?? null,
      sessionId: root?.sessionId ?? group.find((s) => s.sessionId)?.sessionId ?? null,
      userId: root?.userId ?? group.find((s) => s.userId)?.userId ?? null,
      tags,
      metadata,
      tagsJson: stringifyWellFormed(tags),
      metadataJson: stringifyWellFormed(metadata),
      models: stringifyWellFormed([
        ...new Set(group.map((s) => s.model).filter((m): m is string => m !== null)),
      ]),
      inputPreview: root ? previewOf(root.inputs, "input") : null,
      outputPreview: root ? previewOf(root.outputs, "output") : null,
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
  return spans.map((span) => {
    const price = span.model ? findPrice(span.model, prices) : null;
    const durationMs = (span.endUs - span.startUs) / 1000;
    return {
      span,
      isRoot: span.parentSpanId === null ? 1 : 0,
      err: span.status === "ERROR" ? 1 : 0,
      cost:
        price && (span.inputTokens !== null || span.outputTokens !== null)
          ? costOf(price, {
              input: span.inputTokens,
              output: span.outputTokens,
              cacheRead: span.cacheReadTokens,
            })
          : null,
      hour: Math.floor(span.startUs / 1000 / HOUR_MS) * HOUR_MS,
      bucket: latencyBucket(durationMs),
      durationMs,
    };
  });
}

/**
 * Light columns of `temp.sl_new`, in the order of each row's JSON array. Each row travels as
 * one short JSON text plus its four large texts (inputs, outputs, attributes, events), not as
 * a parameter per value: building, encoding and preparing thousands of parameters cost more
 * than storing the rows. The large texts stay parameters because extracting them from JSON
 * would parse each row's whole text once per column.
 */
export const LIGHT = [
  "trace_id",
  "span_id",
  "parent_span_id",
  "name",
  "span_type",
  "kind",
  "start_us",
  "end_us",
  "status",
  "status_message",
  "model",
  "provider",
  "it",
  "ot",
  "tt",
  "crt",
  "cwt",
  "cost",
  "is_root",
  "err",
  "hour",
  "bucket",
  "dur",
] as const;
export const HEAVY = ["inputs", "outputs", "attributes", "events"] as const;

export function stagedValues(rows: Row[]): SQL {
  return sql.join(
    rows.map(({ span: s, ...r }) => {
      const light = stringifyWellFormed([
        s.traceId,
        s.spanId,
        s.parentSpanId,
        s.name,
        s.spanType,
        s.kind,
        s.startUs,
        s.endUs,
        s.status,
        s.statusMessage,
        s.model,
        s.provider,
        s.inputTokens,
        s.outputTokens,
        s.totalTokens,
        s.cacheReadTokens,
        s.cacheWriteTokens,
        r.cost,
        r.isRoot,
        r.err,
        r.hour,
        r.bucket,
        r.durationMs,
      ]);
      const attributes = storePayload(s.attributes, MAX_ATTRIBUTES_CHARS).text ?? "{}";
      return sql`(${light}, ${storePayload(s.inputs).text}, ${storePayload(s.outputs).text}, ${attributes}, ${storePayload(s.events, MAX_ATTRIBUTES_CHARS).text ?? "[]"})`;
    }),
    sql`, `,
  );
}

/** Trace-level facts as a materialised CTE `f`, read from one JSON text (one array per trace). */
export function factsCte(facts: Map<string, TraceFacts>): SQL {
  const json = stringifyWellFormed(
    [...facts].map(([traceId, f]) => [
      traceId,
      f.name,
      f.sessionId,
      f.userId,
      f.tagsJson,
      f.metadataJson,
      f.models,
      f.inputPreview,
      f.outputPreview,
    ]),
  );
  return sql`with f as materialized (select value ->> 0 as trace_id, value ->> 1 as trace_name, value ->> 2 as session_id, value ->> 3 as user_id,
  value ->> 4 as tags, value ->> 5 as metadata, value ->> 6 as models, value ->> 7 as ip, value ->> 8 as op from json_each(${json}))`;
}
