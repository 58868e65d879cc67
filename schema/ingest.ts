import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { epochMs, epochUs } from "./columns";

/**
 * API keys that may no longer write, on the organization's side of the seam: OTLP ingest checks
 * its key against this table inside its write transaction (the key itself may come from an
 * isolate's cache, and `api_keys` lives in the control plane, possibly another database).
 * Written before the control plane marks the key revoked, so a revoked key never writes. Rows are
 * kept (a few bytes per revoked key): a key's cached copy may outlive its control-plane row.
 */
export const revokedKeys = sqliteTable("revoked_keys", {
  keyId: text("key_id").primaryKey(),
  revokedAt: epochMs("revoked_at").notNull(),
});

/**
 * Conversation messages that arrived as OTLP log records (GenAI events: `gen_ai.user.message`,
 * `gen_ai.choice` …), per span: merged into the span's inputs or outputs as soon as the span is
 * stored (workers/ingest/attach.ts). A merged row keeps its key (its content emptied), so a
 * client that sends the same records again adds nothing twice. Organization data, under
 * retention and project deletion like spans.
 */
export const pendingSpanMessages = sqliteTable(
  "pending_span_messages",
  {
    projectId: text("project_id").notNull(),
    orgId: text("org_id").notNull(),
    traceId: text("trace_id").notNull(),
    spanId: text("span_id").notNull(),
    /** `input` (system, user, assistant, tool messages) or `output` (the model's choices). */
    side: text("side", { enum: ["input", "output"] }).notNull(),
    /** The record's time (µs); with `seq`, its place in the conversation. */
    timeUs: epochUs("time_us").notNull(),
    /** A digest of the record's messages: with the time, what makes a record the same one sent again. */
    digest: text("digest").notNull(),
    /** The record's position in its export request (order among records of the same time). */
    seq: integer("seq").notNull(),
    /** JSON array of GenAI messages (`{ role, parts }`); `[]` once merged. */
    messages: text("messages").notNull(),
    /** The text the trace list would show of it (the user's question, the model's answer). */
    preview: text("preview"),
    /** 1 once merged into its span. */
    merged: integer("merged").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.traceId, t.spanId, t.side, t.timeUs, t.digest] })],
);
