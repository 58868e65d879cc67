import type {
  DeliveryStatus,
  SubscribableEvent,
  Webhook,
  WebhookAttempt,
  WebhookDelivery,
  WebhookFormat,
} from "../../../api/webhooks";
import { formatRelative } from "../../../app/format";
import { formatDuration } from "../../../app/numbers";
import type { Tone } from "../../../ui/Badge";

/** Words for the webhooks section: labels, the failure banner and the delivery log (pure, tested). */

export const FORMAT_LABEL: Readonly<Record<WebhookFormat, string>> = {
  standard: "Standard Webhooks",
  slack: "Slack",
  pagerduty: "PagerDuty",
};

export const SUBSCRIBABLE_EVENTS: readonly SubscribableEvent[] = ["alert.fired", "alert.resolved"];

const EVENT_LABEL: Readonly<Record<string, string>> = {
  "alert.fired": "Alert fired",
  "alert.resolved": "Alert resolved",
  "webhook.test": "Test event",
};

/** An event type in words; a type this dashboard does not know yet shows as the API names it. */
export const eventLabel = (type: string): string => EVENT_LABEL[type] ?? type;

export const DELIVERY_STATUS: Readonly<Record<DeliveryStatus, { label: string; tone: Tone }>> = {
  pending: { label: "Pending", tone: "neutral" },
  retrying: { label: "Retrying", tone: "warning" },
  succeeded: { label: "Succeeded", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
};

/** Finished deliveries are the ones that can be sent again (the API answers 409 otherwise). */
export const isFinished = (status: DeliveryStatus): boolean => status === "succeeded" || status === "failed";

/**
 * The endpoints the platform turned off after a run of failures: the banner. One turned off by
 * hand is not in it (someone meant it), nor one enabled again since (enabling clears the reason).
 */
export const turnedOffByFailures = (webhooks: readonly Webhook[]): Webhook[] =>
  webhooks.filter((webhook) => !webhook.enabled && webhook.disabledReason === "failures");

export function bannerTitle(off: readonly Webhook[]): string {
  const [only] = off;
  if (off.length === 1 && only) return `Webhook “${only.name}” was turned off after repeated failures`;
  return `${off.length} webhooks were turned off after repeated failures`;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** Why one endpoint is off and since when: "Turned off 2 hours ago after 10 failed deliveries in a row." */
export function turnedOffSentence(webhook: Webhook, now: number = Date.now()): string {
  const when = webhook.disabledAt ? ` ${formatRelative(webhook.disabledAt, now)}` : "";
  const failures = plural(webhook.consecutiveFailures, "failed delivery", "failed deliveries");
  return `Turned off${when} after ${failures} in a row; alerts are not sent to it until it is turned back on.`;
}

/** What the receiver answered: "HTTP 500", or "No answer" when the request got none. */
export const answerOf = (attempt: Pick<WebhookAttempt, "httpStatus">): string =>
  attempt.httpStatus === null ? "No answer" : `HTTP ${attempt.httpStatus}`;

/** An attempt's error when it says more than its status does ("HTTP 500" beside "HTTP 500" says nothing). */
export const attemptError = (attempt: Pick<WebhookAttempt, "httpStatus" | "error">): string | null =>
  attempt.error && attempt.error !== answerOf(attempt) ? attempt.error : null;

/** One attempt on one line: "HTTP 500 · 12 ms". */
export const attemptSummary = (attempt: Pick<WebhookAttempt, "httpStatus" | "latencyMs">): string =>
  `${answerOf(attempt)} · ${formatDuration(attempt.latencyMs)}`;

/** The start of a receiver's answer, whitespace collapsed, cut at `max` characters with an ellipsis. */
export function excerptPreview(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** "Send test event"'s answer in words, from its delivery as the log has it now. */
export function testResultText(delivery: WebhookDelivery | null): string {
  const latest = delivery?.attemptLog[0];
  if (!delivery || !latest) return "Sending the test event…";
  const answer = attemptSummary(latest);
  switch (delivery.status) {
    case "succeeded":
      return `Test event delivered: ${answer}.`;
    case "failed":
      return `Test event failed: ${answer}${delivery.lastError ? ` (${delivery.lastError})` : ""}.`;
    default:
      return `Attempt ${delivery.attempts} failed: ${answer}. Retrying…`;
  }
}

/**
 * A fresh first page laid over the loaded list: its rows replace their older copies and new rows go
 * on top, the rows of later pages stay (so a refresh does not fold up what "Load more" opened).
 */
export function mergeFirstPage<T>(fresh: readonly T[], loaded: readonly T[], idOf: (item: T) => string): T[] {
  const seen = new Set(fresh.map(idOf));
  return [...fresh, ...loaded.filter((item) => !seen.has(idOf(item)))];
}
