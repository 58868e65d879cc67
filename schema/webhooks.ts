import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, epochMs, idColumn } from "./columns";

/**
 * A project's webhook endpoints (organization data, workers/webhooks/): where alert events are
 * sent, in one of three formats. The destination (URL, signing secret, Slack URL, PagerDuty
 * routing key) is sealed at rest like judge providers' keys; only `target_hint` is ever shown.
 */
export const webhooks = sqliteTable(
  "webhooks",
  {
    id: idColumn(),
    orgId: text("org_id").notNull(),
    projectId: text("project_id").notNull(),
    name: text("name").notNull(),
    /** `standard` (Standard Webhooks), `slack` (incoming webhook) or `pagerduty` (Events API v2). */
    format: text("format").notNull(),
    /** A JSON list of the event types it receives. */
    events: text("events", { mode: "json" }).$type<string[]>().notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
    /** The sealed destination (lib/secrets.ts), bound to the webhook's id. */
    secret: text("secret").notNull(),
    /** What the dashboard shows of the destination: host and the last 4 characters. */
    targetHint: text("target_hint").notNull(),
    /** Deliveries in a row that failed for good; a success resets it. */
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    /** Why it was turned off by the platform (`failures`), for the dashboard's banner; null otherwise. */
    disabledReason: text("disabled_reason"),
    disabledAt: epochMs("disabled_at"),
    createdBy: text("created_by").notNull(),
    createdByLabel: text("created_by_label").notNull(),
    createdAt: createdAt(),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [index("webhooks_project_idx").on(t.projectId, t.createdAt)],
);

/**
 * One event for one endpoint: its id is the `webhook-id` the receiver sees (stable across retries
 * and redeliveries, so it can dedupe). `run` counts redeliveries: a queue message of an older run
 * sends nothing.
 */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: idColumn(),
    orgId: text("org_id").notNull(),
    projectId: text("project_id").notNull(),
    webhookId: text("webhook_id").notNull(),
    eventType: text("event_type").notNull(),
    /** The producer's idempotent event id: one delivery per endpoint and event. */
    eventId: text("event_id").notNull(),
    /** The event as sent: `{ type, id, timestamp, data }`. */
    event: text("event", { mode: "json" }).$type<unknown>().notNull(),
    /** `pending`, `retrying`, `succeeded` or `failed` (retries exhausted). */
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    run: integer("run").notNull().default(1),
    lastHttpStatus: integer("last_http_status"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    updatedAt: epochMs("updated_at").notNull(),
    completedAt: epochMs("completed_at"),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_uq").on(t.webhookId, t.eventId),
    index("webhook_deliveries_webhook_idx").on(t.webhookId, t.createdAt),
    index("webhook_deliveries_project_idx").on(t.projectId, t.createdAt),
    // The sweep's question: deliveries never tried (their queue send was lost), oldest first.
    index("webhook_deliveries_unsent_idx").on(t.createdAt).where(sql`status = 'pending' and attempts = 0`),
  ],
);

/** Every HTTP attempt of a delivery: what the receiver answered and how long it took. */
export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    id: idColumn(),
    orgId: text("org_id").notNull(),
    projectId: text("project_id").notNull(),
    webhookId: text("webhook_id").notNull(),
    deliveryId: text("delivery_id").notNull(),
    /** The delivery's run (redeliveries start a new one). */
    run: integer("run").notNull(),
    /** The HTTP status; null when no answer came (refused, timed out, blocked by the SSRF guard). */
    httpStatus: integer("http_status"),
    latencyMs: integer("latency_ms").notNull(),
    /** The start of the answer's body, at most 1 KB. */
    responseExcerpt: text("response_excerpt"),
    error: text("error"),
    succeeded: integer("succeeded", { mode: "boolean" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("webhook_attempts_delivery_idx").on(t.deliveryId, t.createdAt),
    index("webhook_attempts_project_idx").on(t.projectId, t.createdAt),
  ],
);
