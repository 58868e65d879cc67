/**
 * A project's webhooks: endpoints that alert events are sent to (Standard Webhooks, Slack,
 * PagerDuty), their delivery log, test events and redeliveries (docs/api-webhooks.md). The shapes
 * are the server's (type-only imports: nothing of the server is bundled).
 */
import type {
  WebhookView as Webhook,
  DeliveryView as WebhookDelivery,
  WebhookEventType,
  WebhookFormat,
  WebhookInput,
  WebhookPatch,
} from "../../../workers/webhooks/schemas";
import { api, type RequestOptions } from "./client";

export type { Webhook, WebhookDelivery, WebhookEventType, WebhookFormat, WebhookInput, WebhookPatch };
export type WebhookAttempt = WebhookDelivery["attemptLog"][number];
export type DeliveryStatus = WebhookDelivery["status"];
/** The events a person can subscribe an endpoint to (`webhook.test` is sent on request only). */
export type SubscribableEvent = Exclude<WebhookEventType, "webhook.test">;

const webhooks = (projectId: string) => `/api/v1/projects/${encodeURIComponent(projectId)}/webhooks`;
const webhook = (projectId: string, webhookId: string) =>
  `${webhooks(projectId)}/${encodeURIComponent(webhookId)}`;

/** Newest first (at most 100); destinations as hints, never whole. */
export async function listWebhooks(projectId: string, options?: RequestOptions): Promise<Webhook[]> {
  return (await api.get<{ webhooks: Webhook[] }>(webhooks(projectId), options)).webhooks;
}

/** 201 with `signingSecret` (standard format) this once; 422 names a refused URL (the SSRF guard). */
export function createWebhook(projectId: string, input: WebhookInput): Promise<Webhook> {
  return api.post<Webhook>(webhooks(projectId), input);
}

/** Changes what `patch` names; enabling clears the failure banner; `rotateSecret` answers the new secret once. */
export function updateWebhook(projectId: string, webhookId: string, patch: WebhookPatch): Promise<Webhook> {
  return api.patch<Webhook>(webhook(projectId, webhookId), patch);
}

/** Deletes the endpoint with its delivery log. */
export function deleteWebhook(projectId: string, webhookId: string): Promise<void> {
  return api.delete(webhook(projectId, webhookId));
}

/** Newest first, each with every attempt (newest first). */
export function listWebhookDeliveries(
  projectId: string,
  webhookId: string,
  query: { cursor?: string; limit?: number },
  options?: RequestOptions,
): Promise<{ deliveries: WebhookDelivery[]; nextCursor: string | null }> {
  return api.get(`${webhook(projectId, webhookId)}/deliveries`, { ...options, query });
}

/** Queues a `webhook.test` event to this endpoint, enabled or not. */
export function sendWebhookTest(
  projectId: string,
  webhookId: string,
): Promise<{ eventId: string; deliveryId: string }> {
  return api.post(`${webhook(projectId, webhookId)}/test`);
}

/** Sends a finished delivery again with the same `webhook-id`; 409 while it is still being tried. */
export function redeliverWebhookDelivery(
  projectId: string,
  webhookId: string,
  deliveryId: string,
): Promise<{ deliveryId: string; run: number }> {
  return api.post(`${webhook(projectId, webhookId)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`);
}
