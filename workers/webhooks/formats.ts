import { Webhook } from "standardwebhooks";
import type { AlertEventData, WebhookEvent } from "./events";

/** An endpoint's sealed destination, opened only to deliver. */
export type Destination =
  | { format: "standard"; url: string; signingSecret: string }
  | { format: "slack"; url: string }
  | { format: "pagerduty"; url: string; routingKey: string };

export type OutgoingRequest = { url: string; headers: Record<string, string>; body: string };

const USER_AGENT = "Sightline-Webhooks/1.0";

/**
 * The request for one delivery. The Standard Webhooks headers are signed by the spec's own
 * `standardwebhooks` package (pure JavaScript: runs in workerd as is): `webhook-id` is the
 * delivery's id, stable across retries and redeliveries, so a receiver can dedupe.
 */
export function buildRequest(
  destination: Destination,
  delivery: { id: string; timestampSeconds: number },
  event: WebhookEvent,
): OutgoingRequest {
  const base = { "content-type": "application/json", "user-agent": USER_AGENT };
  switch (destination.format) {
    case "standard": {
      const body = JSON.stringify(event);
      const signature = new Webhook(destination.signingSecret).sign(
        delivery.id,
        new Date(delivery.timestampSeconds * 1000),
        body,
      );
      return {
        url: destination.url,
        headers: {
          ...base,
          "webhook-id": delivery.id,
          "webhook-timestamp": String(delivery.timestampSeconds),
          "webhook-signature": signature,
        },
        body,
      };
    }
    case "slack":
      return { url: destination.url, headers: base, body: JSON.stringify(slackMessage(event)) };
    case "pagerduty":
      return {
        url: destination.url,
        headers: base,
        body: JSON.stringify(pagerDutyEvent(destination.routingKey, event)),
      };
  }
}

const fmt = (n: number | null | undefined) =>
  n === null || n === undefined ? "—" : Number.isInteger(n) ? String(n) : n.toFixed(3).replace(/0+$/, "");

function alertFields(data: AlertEventData): [string, string][] {
  const { numbers, rule, window } = data;
  const fields: [string, string][] = [
    ["Metric", rule.assessmentName ? `${rule.metric} of ${rule.assessmentName}` : rule.metric],
    ["Value", fmt(numbers.value)],
    ["Samples", String(numbers.samples)],
    ["Window", `${window.minutes} min to ${window.end}`],
  ];
  if (numbers.threshold !== null) fields.push(["Threshold", fmt(numbers.threshold)]);
  if (numbers.baseline !== null)
    fields.push(["Baseline", `${fmt(numbers.baseline)} (n=${numbers.baselineSamples ?? "?"})`]);
  if (numbers.interval)
    fields.push(["95% interval", `${fmt(numbers.interval[0])}–${fmt(numbers.interval[1])}`]);
  if (numbers.pValue !== null) fields.push(["p-value", fmt(numbers.pValue)]);
  return fields.slice(0, 10); // Block Kit's limit on a section's fields
}

const button = (text: string, url: string) => ({
  type: "button",
  text: { type: "plain_text", text },
  url,
});

/** A Block Kit message for a Slack incoming webhook: header, the numbers, links to the alert and traces. */
export function slackMessage(event: WebhookEvent): Record<string, unknown> {
  if (event.type === "webhook.test") {
    const { data } = event;
    return {
      text: data.message,
      blocks: [
        { type: "header", text: { type: "plain_text", text: "Sightline test event" } },
        {
          type: "section",
          text: { type: "mrkdwn", text: `${data.message}\nProject *${data.project.name}*` },
        },
        { type: "actions", elements: [button("Open project", data.links.project)] },
      ],
    };
  }
  const { data } = event;
  const fired = event.type === "alert.fired";
  const title = `${fired ? "🔴 Alert firing" : "✅ Alert resolved"}: ${data.rule.name}`.slice(0, 150);
  return {
    text: data.summary,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title } },
      {
        type: "section",
        text: { type: "mrkdwn", text: `${data.summary}\n_${data.rule.condition}_` },
        fields: alertFields(data).map(([k, v]) => ({ type: "mrkdwn", text: `*${k}*\n${v}` })),
      },
      {
        type: "context",
        elements: [
          { type: "mrkdwn", text: `Project ${data.project.name} · severity ${data.alert.severity}` },
        ],
      },
      {
        type: "actions",
        elements: [button("Open alert", data.links.alert), button("Matching traces", data.links.traces)],
      },
    ],
  };
}

/**
 * A PagerDuty Events API v2 event. `alert.fired` triggers and `alert.resolved` resolves with the
 * alert's id as `dedup_key`, so the resolve closes the incident the trigger opened. The test event
 * resolves a key no incident has: PagerDuty checks the routing key and opens nothing.
 */
export function pagerDutyEvent(routingKey: string, event: WebhookEvent): Record<string, unknown> {
  if (event.type === "webhook.test")
    return { routing_key: routingKey, event_action: "resolve", dedup_key: `sightline-test-${event.id}` };
  const { data } = event;
  if (event.type === "alert.resolved")
    return { routing_key: routingKey, event_action: "resolve", dedup_key: data.alert.id };
  return {
    routing_key: routingKey,
    event_action: "trigger",
    dedup_key: data.alert.id,
    payload: {
      summary: data.summary,
      severity: data.alert.severity,
      source: `sightline/${data.project.name}`,
      component: data.rule.name,
      group: data.project.id,
      class: data.rule.metric,
      timestamp: data.alert.firedAt,
      custom_details: { ...Object.fromEntries(alertFields(data)), condition: data.rule.condition },
    },
    client: "Sightline",
    client_url: data.links.alert,
    links: [
      { href: data.links.alert, text: "Alert in Sightline" },
      { href: data.links.traces, text: "Matching traces" },
    ],
  };
}

/** What the dashboard shows of a destination: its host and the last 4 characters of the credential. */
export function targetHint(destination: Destination): string {
  const host = new URL(destination.url).host;
  const credential = destination.format === "pagerduty" ? destination.routingKey : destination.url;
  return `${host} …${credential.slice(-4)}`;
}
