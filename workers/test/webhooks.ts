import type { ReceivedRequest } from "../../scripts/webhook-receiver.ts";
import type { WebhookView } from "../webhooks/schemas";
import { asUser, type SignedUp } from "./accounts";
import { env, eventually } from "./helpers";

/** A fresh name on the test receiver (scripts/webhook-receiver.ts), answering `statuses` in turn. */
export function receiverUrl(statuses = "200"): { url: string; name: string } {
  const name = `r${crypto.randomUUID().replaceAll("-", "")}`;
  return { url: `${env.TEST_WEBHOOK_URL}/hooks/${name}/${statuses}`, name };
}

/** What the receiver got under `name`. */
export async function received(name: string): Promise<ReceivedRequest[]> {
  return (await (await fetch(`${env.TEST_WEBHOOK_URL}/received/${name}`)).json()) as ReceivedRequest[];
}

/** Waits until the receiver has `count` requests under `name`. */
export function receivedAtLeast(name: string, count: number, timeoutMs = 20_000): Promise<ReceivedRequest[]> {
  return eventually(
    async () => {
      const got = await received(name);
      return got.length >= count ? got : undefined;
    },
    { what: `${count} webhook requests at the receiver`, timeoutMs },
  );
}

export const webhooksPath = (o: SignedUp, rest = "") => `/api/v1/projects/${o.projectId}/webhooks${rest}`;

/** Creates a webhook as the owner; the answer (with `signingSecret` for the standard format). */
export async function createWebhook(o: SignedUp, body: Record<string, unknown>): Promise<WebhookView> {
  const res = await asUser(o.cookie, webhooksPath(o), { method: "POST", json: { name: "hook", ...body } });
  if (res.status !== 201) throw new Error(`webhook not created: ${res.status} ${await res.text()}`);
  return (await res.json()) as WebhookView;
}

/**
 * A webhook with a finished delivery (its test event, answered 200), for the security sweep's
 * `{webhookId}` and `{deliveryId}`: finished, so no background attempt writes while the sweep
 * compares the tenant's rows.
 */
export async function webhookFixture(o: SignedUp): Promise<{ webhookId: string; deliveryId: string }> {
  const { url, name } = receiverUrl("200");
  const webhook = await createWebhook(o, { format: "standard", url });
  const sent = await asUser(o.cookie, webhooksPath(o, `/${webhook.id}/test`), { method: "POST" });
  const { deliveryId } = (await sent.json()) as { deliveryId: string };
  await receivedAtLeast(name, 1);
  await eventually(
    async () => {
      const res = await asUser(o.cookie, webhooksPath(o, `/${webhook.id}/deliveries`));
      const { deliveries } = (await res.json()) as { deliveries: { status: string }[] };
      return deliveries[0]?.status === "succeeded" ? true : undefined;
    },
    { what: "the fixture's test delivery to succeed" },
  );
  return { webhookId: webhook.id, deliveryId };
}
