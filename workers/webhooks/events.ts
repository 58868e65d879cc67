import { z } from "zod";

/**
 * What the events carry (docs/api-webhooks.md). Alerts (workers/alerts/, later) build an
 * `AlertEventData` and call `enqueueWebhookEvent`; the formats (formats.ts) turn it into a signed
 * JSON event, a Slack message or a PagerDuty event.
 */
export const AlertEventData = z.object({
  alert: z.object({
    /** The alert event's id: fired and resolved share it (PagerDuty's `dedup_key`). */
    id: z.string().min(1).max(255),
    state: z.enum(["firing", "resolved"]),
    severity: z.enum(["critical", "error", "warning", "info"]),
    firedAt: z.string(),
    resolvedAt: z.string().nullable(),
  }),
  rule: z.object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(["threshold", "drop"]),
    /** `pass_rate`, `mean`, `error_rate`, `latency_p95`, `cost`, `tokens`, `trace_volume`. */
    metric: z.string(),
    /** The assessment (feedback name) a score metric reads; null for the others. */
    assessmentName: z.string().nullable(),
    /** The rule in words, e.g. "pass rate below 0.80 (Wilson lower bound), at least 50 samples". */
    condition: z.string(),
  }),
  window: z.object({ start: z.string(), end: z.string(), minutes: z.number().int().positive() }),
  /** The numbers that made it fire (or resolve). */
  numbers: z.object({
    value: z.number(),
    threshold: z.number().nullable(),
    /** The trailing baseline's value (drop rules). */
    baseline: z.number().nullable(),
    samples: z.number().int().nonnegative(),
    baselineSamples: z.number().int().nonnegative().nullable(),
    /** The 95 % interval of `value` (Wilson for rates). */
    interval: z.tuple([z.number(), z.number()]).nullable(),
    pValue: z.number().nullable(),
    /** value − baseline, in the metric's unit (points for rates). */
    effect: z.number().nullable(),
  }),
  project: z.object({ id: z.string(), name: z.string() }),
  /** Dashboard links (PUBLIC_URL): the alert, and the traces of the window that matched the rule. */
  links: z.object({ alert: z.string(), traces: z.string() }),
  /** One line a person reads first (Slack's fallback text, PagerDuty's summary). */
  summary: z.string().max(1024),
});
export type AlertEventData = z.infer<typeof AlertEventData>;

/** What "send test event" sends. */
export const TestEventData = z.object({
  message: z.string(),
  webhook: z.object({ id: z.string(), name: z.string() }),
  project: z.object({ id: z.string(), name: z.string() }),
  links: z.object({ project: z.string() }),
});
export type TestEventData = z.infer<typeof TestEventData>;

export type WebhookEvent =
  | { type: "alert.fired" | "alert.resolved"; id: string; timestamp: string; data: AlertEventData }
  | { type: "webhook.test"; id: string; timestamp: string; data: TestEventData };

/** Parses a stored event back into its type (a row written by this code; zod keeps a bad one out). */
export function parseEvent(raw: unknown): WebhookEvent {
  const envelope = z
    .object({ type: z.string(), id: z.string(), timestamp: z.string(), data: z.unknown() })
    .parse(raw);
  if (envelope.type === "webhook.test")
    return { ...envelope, type: "webhook.test", data: TestEventData.parse(envelope.data) };
  if (envelope.type === "alert.fired" || envelope.type === "alert.resolved")
    return { ...envelope, type: envelope.type, data: AlertEventData.parse(envelope.data) };
  throw new Error(`unknown webhook event type "${envelope.type}"`);
}
