import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { orgs } from "./accounts";
import { epochMs, epochUs } from "./columns";

/*
 * The organization's data (traces, spans, facets, sessions, rollups, and the search text in
 * search.ts) carries org_id and project_id but no foreign key to the control plane (orgs,
 * projects): the two sides may live in different databases (DESIGN.md, scale-out). Deleting a
 * project deletes its data explicitly (workers/traces/purge.ts).
 */

/**
 * One row per trace, kept correct as its spans arrive (in any order, over several requests):
 * ingest adds each new span's contribution once, so a re-sent batch changes nothing.
 * Span times (`start_us`, `end_us`) are microseconds since the epoch, row times (`created_at`,
 * `updated_at`) milliseconds: see schema/columns.ts.
 */
export const traces = sqliteTable(
  "traces",
  {
    /**
     * The row's number (the rowid): facet and text rows point at it. AUTOINCREMENT, so a deleted
     * trace's number is never given to another trace.
     */
    id: integer("id").primaryKey({ autoIncrement: true }),
    projectId: text("project_id").notNull(),
    orgId: text("org_id").notNull(),
    /** OpenTelemetry trace id, 32 lower-case hex characters. */
    traceId: text("trace_id").notNull(),
    /** The root span's name once it has arrived, else the earliest span's. */
    name: text("name").notNull(),
    rootSpanId: text("root_span_id"),
    startUs: epochUs("start_us").notNull(),
    endUs: epochUs("end_us").notNull(),
    durationMs: real("duration_ms").notNull(),
    /** OK, ERROR or UNSET: ERROR when any span failed. */
    status: text("status").notNull(),
    spanCount: integer("span_count").notNull(),
    errorCount: integer("error_count").notNull(),
    inputTokens: integer("input_tokens").notNull(),
    outputTokens: integer("output_tokens").notNull(),
    totalTokens: integer("total_tokens").notNull(),
    /** Null until a span with a known model price arrives. */
    costUsd: real("cost_usd"),
    sessionId: text("session_id"),
    userId: text("user_id"),
    /**
     * The evaluation run the trace was made by (`sightline.run_id` on any of its spans, the first
     * one seen): its spans stay out of `rollups`, its feedback out of `score_rollups`.
     */
    runId: text("run_id"),
    /**
     * Short text of the inputs and outputs of the span that best tells the trace's story, for
     * lists and text search: the root span's, else the earliest agent or chain span's, else the
     * earliest model call's, else the earliest span's with any (workers/ingest/previews.ts).
     */
    inputPreview: text("input_preview"),
    outputPreview: text("output_preview"),
    /** How good the previews' span is (0 root … 3 any other) and its start: a better one replaces them. */
    previewRank: integer("preview_rank"),
    previewStartUs: epochUs("preview_start_us"),
    tags: text("tags", { mode: "json" }).$type<Record<string, string>>().notNull().default(sql`'{}'`),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, string>>().notNull().default(sql`'{}'`),
    /** Distinct models used by the trace's spans (JSON array). */
    models: text("models", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    createdAt: epochMs("created_at").notNull(),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("traces_project_trace_uq").on(t.projectId, t.traceId),
    index("traces_project_start_idx").on(t.projectId, t.startUs),
    index("traces_project_duration_idx").on(t.projectId, t.durationMs),
    index("traces_project_tokens_idx").on(t.projectId, t.totalTokens),
    index("traces_project_cost_idx").on(t.projectId, t.costUsd),
    index("traces_project_status_idx").on(t.projectId, t.status, t.startUs),
    index("traces_project_name_idx").on(t.projectId, t.name, t.startUs),
    index("traces_project_session_idx").on(t.projectId, t.sessionId, t.startUs),
    index("traces_project_user_idx").on(t.projectId, t.userId, t.startUs),
    index("traces_project_run_idx").on(t.projectId, t.runId, t.startUs).where(sql`run_id is not null`),
    index("traces_org_idx").on(t.orgId),
  ],
);

export const spans = sqliteTable(
  "spans",
  {
    projectId: text("project_id").notNull(),
    orgId: text("org_id").notNull(),
    traceId: text("trace_id").notNull(),
    spanId: text("span_id").notNull(),
    parentSpanId: text("parent_span_id"),
    name: text("name").notNull(),
    /** MLflow span type (LLM, CHAT_MODEL, TOOL, …) or a custom string. */
    spanType: text("span_type").notNull(),
    kind: integer("kind").notNull(),
    startUs: epochUs("start_us").notNull(),
    endUs: epochUs("end_us").notNull(),
    status: text("status").notNull(),
    statusMessage: text("status_message"),
    /** JSON text, whole up to the documented cap, else truncated with a marker. */
    inputs: text("inputs"),
    outputs: text("outputs"),
    /** Every attribute as received (span and resource), JSON object. */
    attributes: text("attributes").notNull(),
    events: text("events").notNull(),
    model: text("model"),
    provider: text("provider"),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
    totalTokens: integer("total_tokens"),
    cacheReadTokens: integer("cache_read_tokens"),
    cacheWriteTokens: integer("cache_write_tokens"),
    costUsd: real("cost_usd"),
    /**
     * Whether the span's usage counts toward its trace's totals and the rollups: null for a span
     * with no model and no usage; 1 when none of its descendants has either; 0 when one does (a
     * wrapper repeating its children's usage). Kept by ingest whatever order spans arrive in
     * (workers/ingest/usage.ts).
     */
    counted: integer("counted"),
  },
  (t) => [
    // The usage rule reads a trace's spans by this key too: a second index on spans (even a
    // partial one, of the metered spans) cost about 5 % of ingest throughput as the table grew.
    primaryKey({ columns: [t.projectId, t.traceId, t.spanId] }),
  ],
);

/**
 * The names in `trace_facets.facet`: the span types and models a trace's spans have, and each
 * tag and metadata key as its prefix followed by the key (`tag:env`, `meta:customer`).
 */
export const FACET = {
  spanType: "span_type",
  model: "model",
  tagPrefix: "tag:",
  metadataPrefix: "meta:",
} as const;

/**
 * Indexable facts about a trace for filters that are not columns of `traces` (names in `FACET`):
 * `tag:<key>`, `meta:<key>`, `model`, `span_type`. One row per (trace, facet, value), keyed by
 * the trace's row number, which only grows: new rows land at the end of each facet value's
 * range instead of all over it, so a batch of traces touches a few pages, not one per row.
 * Migration 0005 creates it WITHOUT ROWID (drizzle cannot declare that): the primary key is
 * the table.
 */
export const traceFacets = sqliteTable(
  "trace_facets",
  {
    projectId: text("project_id").notNull(),
    facet: text("facet").notNull(),
    value: text("value").notNull(),
    /** `traces.id` of the trace. */
    traceRow: integer("trace_row").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.facet, t.value, t.traceRow] }),
    index("trace_facets_row_idx").on(t.traceRow),
  ],
);

/**
 * One row per session (the traces sharing a session id): when its first turn started and its
 * last turn ended. Ingest keeps it with min/max (so re-sent spans change nothing) and trace
 * deletion recomputes it from the traces left. The sessions list pages through it in order of
 * last activity and sums turns, tokens and cost of each page's sessions from their traces.
 * Migration 0006 creates it WITHOUT ROWID: it is read by its keys.
 */
export const traceSessions = sqliteTable(
  "trace_sessions",
  {
    projectId: text("project_id").notNull(),
    sessionId: text("session_id").notNull(),
    firstUs: epochUs("first_us").notNull(),
    lastUs: epochUs("last_us").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.sessionId] }),
    index("trace_sessions_last_idx").on(t.projectId, t.lastUs, t.sessionId),
  ],
);

/** Number of latency histogram buckets in `rollups` (see latencyBucket in workers/ingest/rows.ts). */
export const LATENCY_BUCKETS = 24;

const histogram = Object.fromEntries(
  Array.from({ length: LATENCY_BUCKETS }, (_, i) => {
    const name = `b${String(i).padStart(2, "0")}`;
    return [name, integer(name).notNull().default(0)];
  }),
) as Record<`b${string}`, ReturnType<typeof integer>>;

/**
 * Per project and hour, maintained on ingest so dashboards never scan spans. Rows with
 * model = '' count traces (by their root span); rows with a model count that model's calls.
 */
export const rollups = sqliteTable(
  "rollups",
  {
    projectId: text("project_id").notNull(),
    /** Start of the hour, ms since the epoch (the spans' µs times, rounded down). */
    hour: epochMs("hour").notNull(),
    model: text("model").notNull(),
    traces: integer("traces").notNull().default(0),
    errorTraces: integer("error_traces").notNull().default(0),
    latencySumMs: real("latency_sum_ms").notNull().default(0),
    calls: integer("calls").notNull().default(0),
    errorCalls: integer("error_calls").notNull().default(0),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    costUsd: real("cost_usd").notNull().default(0),
    ...histogram,
  },
  (t) => [primaryKey({ columns: [t.projectId, t.hour, t.model] })],
);

/** Per-organisation model prices, overriding the defaults in workers/prices/pricing.ts. */
export const modelPrices = sqliteTable(
  "model_prices",
  {
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    /** Matched as a prefix of the span's model name; the longest match wins. */
    model: text("model").notNull(),
    inputPerMillion: real("input_per_million").notNull(),
    outputPerMillion: real("output_per_million").notNull(),
    cacheReadPerMillion: real("cache_read_per_million"),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.model] })],
);
