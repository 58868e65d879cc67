import { roleAllows } from "../../../../../workers/auth/permissions";
import type { FieldErrors } from "../../../api/formErrors";
import type { Role } from "../../../api/types";
import type {
  SubscribableEvent,
  Webhook,
  WebhookFormat,
  WebhookInput,
  WebhookPatch,
} from "../../../api/webhooks";

/**
 * Who may add, change, test and delete webhooks: owners and admins (`webhooks:manage`), because a
 * webhook sends the project's data out of Sightline. Everyone else sees the list read-only. Kept
 * here, next to its only user, rather than in auth/permissions.ts's `can`, to keep this folder
 * self-contained until the Monitors page lands.
 */
export const canManageWebhooks = (role: Role | null): boolean =>
  role !== null && roleAllows(role, "webhooks:manage");

export interface WebhookDraft {
  name: string;
  format: WebhookFormat;
  /** The endpoint (standard), the incoming-webhook URL (slack), or the Events API URL (pagerduty, optional). */
  url: string;
  routingKey: string;
  events: SubscribableEvent[];
  enabled: boolean;
}

export type WebhookField = "name" | "url" | "routingKey" | "events";
/** The fields a 422 may name (the SSRF guard names `url`). */
export const WEBHOOK_FIELDS: readonly WebhookField[] = ["name", "url", "routingKey", "events"];

export const EMPTY_DRAFT: WebhookDraft = {
  name: "",
  format: "standard",
  url: "",
  routingKey: "",
  events: ["alert.fired", "alert.resolved"],
  enabled: true,
};

/** The draft of an existing endpoint: its URL and key are sealed and never come back, so they start empty. */
export const draftOf = (webhook: Webhook): WebhookDraft => ({
  ...EMPTY_DRAFT,
  name: webhook.name,
  format: webhook.format,
  events: webhook.events.filter((event): event is SubscribableEvent => event !== "webhook.test"),
  enabled: webhook.enabled,
});

/** What the browser can tell before asking the server; the server's own rules (the SSRF guard) stay its own. */
export function validateDraft(draft: WebhookDraft, editing: boolean): FieldErrors<WebhookField> {
  const errors: FieldErrors<WebhookField> = {};
  if (!draft.name.trim()) errors.name = "Give the webhook a name.";
  if (draft.events.length === 0) errors.events = "Choose at least one event.";
  if (editing) return errors;
  if (draft.format === "pagerduty") {
    if (!draft.routingKey.trim()) errors.routingKey = "Paste the integration's routing key.";
  } else if (!draft.url.trim()) {
    errors.url =
      draft.format === "slack" ? "Paste the Slack incoming-webhook URL." : "Where should events be sent?";
  }
  return errors;
}

export function inputFrom(draft: WebhookDraft): WebhookInput {
  const common = { name: draft.name.trim(), events: draft.events, enabled: draft.enabled };
  const url = draft.url.trim();
  switch (draft.format) {
    case "standard":
      return { ...common, format: "standard", url };
    case "slack":
      return { ...common, format: "slack", url };
    case "pagerduty":
      return { ...common, format: "pagerduty", routingKey: draft.routingKey.trim(), ...(url ? { url } : {}) };
  }
}

const sameEvents = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((event) => b.includes(event));

/** Only what changed; an empty URL or key keeps the stored one. */
export function patchFrom(draft: WebhookDraft, webhook: Webhook): WebhookPatch {
  const url = draft.url.trim();
  const routingKey = draft.routingKey.trim();
  return {
    ...(draft.name.trim() !== webhook.name ? { name: draft.name.trim() } : {}),
    ...(!sameEvents(draft.events, webhook.events) ? { events: draft.events } : {}),
    ...(draft.enabled !== webhook.enabled ? { enabled: draft.enabled } : {}),
    ...(url ? { url } : {}),
    ...(routingKey && webhook.format === "pagerduty" ? { routingKey } : {}),
  };
}
