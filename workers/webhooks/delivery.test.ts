/**
 * Deliveries end to end through the webhook queue (Miniflare) to the test receiver: signatures
 * checked by an implementation of the Standard Webhooks spec written here, retries and the DLQ,
 * refusals, turning an endpoint off after a run of failures, idempotency, test events, redelivery.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import worker from "../index";
import { JOBS_QUEUE, WEBHOOK_JOBS_QUEUE } from "../jobs/consumer";
import { projectUrl } from "../lib/urls";
import { asUser, type SignedUp, signUp } from "../test/accounts";
import { env, eventually } from "../test/helpers";
import { testOrgDb, testServices } from "../test/services";
import { createWebhook, received, receivedAtLeast, receiverUrl, webhooksPath } from "../test/webhooks";
import { FAILURES_BEFORE_DISABLE, webhookRetryDelaySeconds } from "./delivery";
import { enqueueWebhookEvent } from "./dispatch";
import type { AlertEventData } from "./events";
import type { DeliveryView, WebhookView } from "./schemas";

/** The organization's scope a cron or queue job has (no request): what alerts will send with. */
const jobScope = (o: SignedUp) => ({
  services: testServices(),
  db: testOrgDb(o.orgId),
  org: { id: o.orgId },
});

/** An alert's dashboard links as alerts (workers/alerts/links.ts) build them: its page, and traces. */
function alertLinks(publicUrl: string, projectId: string, alertId: string, traces: Record<string, string>) {
  return {
    alert: projectUrl(publicUrl, projectId, { page: "alert", alertId }),
    traces: projectUrl(publicUrl, projectId, { page: "traces", query: traces }),
  };
}

function alertData(o: SignedUp, alertId: string, state: "firing" | "resolved" = "firing"): AlertEventData {
  return {
    alert: {
      id: alertId,
      state,
      severity: "critical",
      firedAt: "2026-12-06T10:00:00.000Z",
      resolvedAt: null,
    },
    rule: {
      id: "rul_1",
      name: "Correctness pass rate",
      kind: "drop",
      metric: "pass_rate",
      assessmentName: "correctness",
      condition: "pass rate drops 10 points below the 7-day baseline (two-proportion test, p < 0.05)",
    },
    window: { start: "2026-12-06T09:00:00.000Z", end: "2026-12-06T10:00:00.000Z", minutes: 60 },
    numbers: {
      value: 0.62,
      threshold: null,
      baseline: 0.85,
      samples: 200,
      baselineSamples: 33_600,
      interval: [0.55, 0.68],
      pValue: 0.0001,
      effect: -0.23,
    },
    project: { id: o.projectId, name: "demo" },
    links: alertLinks(env.PUBLIC_URL ?? "http://localhost:8787", o.projectId, alertId, {
      assessment: "correctness",
    }),
    summary: "Correctness pass rate fell to 62% (baseline 85%, n=200)",
  };
}

function fire(o: SignedUp, alertId: string, type: "alert.fired" | "alert.resolved" = "alert.fired") {
  return enqueueWebhookEvent({
    ctx: jobScope(o),
    input: {
      projectId: o.projectId,
      event: {
        type,
        id: `${alertId}:${type}`,
        data: alertData(o, alertId, type === "alert.fired" ? "firing" : "resolved"),
      },
    },
  });
}

async function deliveries(o: SignedUp, webhookId: string): Promise<DeliveryView[]> {
  const res = await asUser(o.cookie, webhooksPath(o, `/${webhookId}/deliveries`));
  return ((await res.json()) as { deliveries: DeliveryView[] }).deliveries;
}

function settled(o: SignedUp, webhookId: string, count = 1): Promise<DeliveryView[]> {
  return eventually(
    async () => {
      const list = await deliveries(o, webhookId);
      const done = list.filter((d) => d.status === "succeeded" || d.status === "failed");
      return done.length >= count ? list : undefined;
    },
    { what: `${count} finished deliveries`, timeoutMs: 25_000 },
  );
}

async function webhook(o: SignedUp, id: string): Promise<WebhookView> {
  return (await (await asUser(o.cookie, webhooksPath(o, `/${id}`))).json()) as WebhookView;
}

/** The Standard Webhooks signature, computed as the spec says, independently of the package. */
async function specSignature(secret: string, id: string, timestamp: string, body: string): Promise<string> {
  const raw = Uint8Array.from(atob(secret.replace(/^whsec_/, "")), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
  return btoa(String.fromCharCode(...new Uint8Array(mac)));
}

async function verifiedBySpec(
  secret: string,
  headers: Record<string, string>,
  body: string,
): Promise<boolean> {
  const expected = await specSignature(
    secret,
    headers["webhook-id"] ?? "",
    headers["webhook-timestamp"] ?? "",
    body,
  );
  return (headers["webhook-signature"] ?? "").split(" ").some((s) => s === `v1,${expected}`);
}

describe("webhook delivery", () => {
  it("signs per Standard Webhooks: the spec checked here and the package both verify, a tampered body fails", async () => {
    const o = await signUp();
    const { url, name } = receiverUrl("200");
    const hook = await createWebhook(o, { format: "standard", url });
    const secret = hook.signingSecret ?? "";
    const { deliveryIds } = await fire(o, "alr_sig");
    expect(deliveryIds).toHaveLength(1);
    const [got] = await receivedAtLeast(name, 1);
    if (!got) throw new Error("nothing received");
    expect(got.headers["webhook-id"]).toBe(deliveryIds[0]);
    expect(Math.abs(Number(got.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    expect(await verifiedBySpec(secret, got.headers, got.body)).toBe(true);
    expect(await verifiedBySpec(secret, got.headers, got.body.replace("0.62", "0.92"))).toBe(false);
    expect(await verifiedBySpec(`whsec_${btoa("another secret of 24 bytes!!")}`, got.headers, got.body)).toBe(
      false,
    );
    // The README's receiver snippet.
    const event = new Webhook(secret).verify(got.body, got.headers) as {
      type: string;
      id: string;
      data: unknown;
    };
    expect(event).toMatchObject({
      type: "alert.fired",
      id: "alr_sig:alert.fired",
      data: alertData(o, "alr_sig"),
    });
    expect(() => new Webhook(secret).verify(`${got.body} `, got.headers)).toThrow();

    // The same event again sends nothing new.
    expect((await fire(o, "alr_sig")).deliveryIds).toEqual([]);
    const [done] = await settled(o, hook.id);
    expect(done).toMatchObject({ status: "succeeded", attempts: 1, lastHttpStatus: 200 });
    expect(await received(name)).toHaveLength(1);
  });

  it("retries a 500 with the same webhook-id and succeeds on the 200, logging each attempt", async () => {
    const o = await signUp();
    const { url, name } = receiverUrl("500,200");
    const hook = await createWebhook(o, { format: "standard", url });
    await fire(o, "alr_retry");
    const got = await receivedAtLeast(name, 2);
    expect(new Set(got.map((r) => r.headers["webhook-id"])).size).toBe(1);
    const [delivery] = await settled(o, hook.id);
    expect(delivery).toMatchObject({
      status: "succeeded",
      attempts: 2,
      lastHttpStatus: 200,
      lastError: null,
    });
    expect(delivery?.attemptLog.map((a) => [a.httpStatus, a.succeeded])).toEqual([
      [200, true],
      [500, false],
    ]);
    expect(delivery?.attemptLog[1]?.responseExcerpt).toBe(`answered 500 to request 1 of ${name}`);
    expect(delivery?.attemptLog[1]?.error).toBe("HTTP 500");
    expect((await webhook(o, hook.id)).consecutiveFailures).toBe(0);
  });

  it("after its retries, a delivery goes to the DLQ: failed, counted against the endpoint, recorded dead", async () => {
    const o = await signUp();
    const { url, name } = receiverUrl("503");
    const hook = await createWebhook(o, { format: "standard", url });
    await fire(o, "alr_dead");
    const [delivery] = await settled(o, hook.id);
    // wrangler.toml's local max_retries = 3: the first attempt and three retries.
    expect(await received(name)).toHaveLength(4);
    expect(delivery).toMatchObject({ status: "failed", attempts: 4, lastHttpStatus: 503 });
    expect(delivery?.lastError).toMatch(/^retries used up; last: HTTP 503/);
    expect((await webhook(o, hook.id)).consecutiveFailures).toBe(1);
    const dead = await testServices().db.all<{ status: string }>(
      sql`select status from job_failures where type = 'webhooks.deliver' and body like ${`%${delivery?.id}%`}`,
    );
    expect(dead.map((d) => d.status)).toContain("dead");
  });

  it("does not retry a refusal (4xx but 408/429) or a redirect's target; a redirect is a failed attempt", async () => {
    const o = await signUp();
    const gone = receiverUrl("410");
    const goneHook = await createWebhook(o, { format: "standard", url: gone.url });
    const moved = receiverUrl("302,200");
    const movedHook = await createWebhook(o, { format: "standard", url: moved.url, enabled: false });
    await fire(o, "alr_410");
    const [refused] = await settled(o, goneHook.id);
    expect(refused).toMatchObject({
      status: "failed",
      attempts: 1,
      lastHttpStatus: 410,
      lastError: "HTTP 410",
    });
    expect(await received(gone.name)).toHaveLength(1);

    const test = await asUser(o.cookie, webhooksPath(o, `/${movedHook.id}/test`), { method: "POST" });
    expect(test.status).toBe(202);
    const [delivery] = await settled(o, movedHook.id);
    expect(delivery?.status).toBe("succeeded");
    expect(delivery?.attemptLog[1]).toMatchObject({ httpStatus: 302, succeeded: false });
    expect(delivery?.attemptLog[1]?.error).toMatch(/redirected to http:\/\/127\.0\.0\.1:1\/elsewhere/);
    // The redirect's target was never asked: only the receiver's two answers.
    expect(await received(moved.name)).toHaveLength(2);
  });

  it(`turns an endpoint off after ${FAILURES_BEFORE_DISABLE} deliveries in a row failed for good, audited once, until enabled again`, async () => {
    const o = await signUp();
    const { url, name } = receiverUrl("404");
    const hook = await createWebhook(o, { format: "standard", url });
    await Promise.all(Array.from({ length: FAILURES_BEFORE_DISABLE + 2 }, (_, i) => fire(o, `alr_off_${i}`)));
    await settled(o, hook.id, FAILURES_BEFORE_DISABLE + 2);
    const off = await webhook(o, hook.id);
    expect(off).toMatchObject({ enabled: false, disabledReason: "failures" });
    expect(off.consecutiveFailures).toBeGreaterThanOrEqual(FAILURES_BEFORE_DISABLE);
    expect(off.disabledAt).not.toBeNull();
    const audit = await testOrgDb(o.orgId).all<{ action: string; actor_label: string }>(
      sql`select action, actor_label from data_audit_log where target_id = ${hook.id} and action = 'webhook.disabled'`,
    );
    expect(audit).toEqual([{ action: "webhook.disabled", actor_label: "Sightline webhook delivery" }]);
    // A disabled endpoint gets no new events.
    const before = (await received(name)).length;
    expect((await fire(o, "alr_off_later")).deliveryIds).toEqual([]);
    expect(await received(name)).toHaveLength(before);
    // Enabled again: the banner and the count are gone.
    const on = await asUser(o.cookie, webhooksPath(o, `/${hook.id}`), {
      method: "PATCH",
      json: { enabled: true },
    });
    expect(await on.json()).toMatchObject({ enabled: true, disabledReason: null, consecutiveFailures: 0 });
  });

  it("redelivers a finished delivery with the same webhook-id; a stale queue message sends nothing", async () => {
    const o = await signUp();
    const { url, name } = receiverUrl("200");
    const hook = await createWebhook(o, { format: "standard", url });
    const sent = await asUser(o.cookie, webhooksPath(o, `/${hook.id}/test`), { method: "POST" });
    const { deliveryId } = (await sent.json()) as { deliveryId: string };
    await settled(o, hook.id);
    const again = await asUser(o.cookie, webhooksPath(o, `/${hook.id}/deliveries/${deliveryId}/redeliver`), {
      method: "POST",
    });
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ deliveryId, run: 2 });
    const got = await receivedAtLeast(name, 2);
    expect(got.map((r) => r.headers["webhook-id"])).toEqual([deliveryId, deliveryId]);
    expect(JSON.parse(got[0]?.body ?? "{}")).toMatchObject({
      type: "webhook.test",
      data: { webhook: { id: hook.id } },
    });
    await eventually(async () =>
      (await deliveries(o, hook.id))[0]?.attemptLog.length === 2 ? true : undefined,
    );

    // Run 1's message, redelivered by the queue, and run 2's again: the delivery succeeded, nothing is sent.
    const batch = createMessageBatch(
      WEBHOOK_JOBS_QUEUE,
      [1, 2].map((run) => ({
        id: `m-${run}`,
        timestamp: new Date(),
        attempts: 2,
        body: {
          type: "webhooks.deliver",
          jobId: `job_${run}`,
          orgId: o.orgId,
          deliveryId,
          run,
          manual: false,
        },
      })),
    );
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks.sort()).toEqual(["m-1", "m-2"]);
    expect(await received(name)).toHaveLength(2);
    const audit = await testOrgDb(o.orgId).all<{ action: string }>(
      sql`select action from data_audit_log where target_id = ${hook.id} order by created_at, id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      "webhook.created",
      "webhook.test_sent",
      "webhook.redelivered",
    ]);
  });

  it("sends Slack a Block Kit message and PagerDuty a trigger and a resolve with the alert's dedup_key", async () => {
    const o = await signUp();
    const slack = receiverUrl("200");
    const pd = receiverUrl("202");
    await createWebhook(o, { format: "slack", url: slack.url });
    await createWebhook(o, {
      format: "pagerduty",
      routingKey: "R0UT1NGK3Y00000000000000000000ab",
      url: pd.url,
    });
    await fire(o, "alr_fmt");
    await fire(o, "alr_fmt", "alert.resolved");
    const links = alertLinks(env.PUBLIC_URL ?? "http://localhost:8787", o.projectId, "alr_fmt", {
      assessment: "correctness",
    });
    const messages = (await receivedAtLeast(slack.name, 2)).map((r) => JSON.parse(r.body));
    const firing = messages.find((m) => String(m.blocks[0].text.text).startsWith("🔴"));
    expect(firing).toMatchObject({
      text: "Correctness pass rate fell to 62% (baseline 85%, n=200)",
      blocks: [
        { type: "header", text: { type: "plain_text", text: "🔴 Alert firing: Correctness pass rate" } },
        { type: "section", text: { type: "mrkdwn" } },
        { type: "context" },
        {
          type: "actions",
          elements: [
            { type: "button", url: links.alert },
            { type: "button", url: links.traces },
          ],
        },
      ],
    });
    expect(JSON.stringify(firing.blocks[1].fields)).toContain("*Baseline*\\n0.85 (n=33600)");
    expect(links.traces).toBe(`http://localhost:8787/p/${o.projectId}/traces?assessment=correctness`);
    expect(links.alert).toBe(`http://localhost:8787/p/${o.projectId}/monitors/alerts/alr_fmt`);

    const events = (await receivedAtLeast(pd.name, 2)).map((r) => JSON.parse(r.body));
    const trigger = events.find((e) => e.event_action === "trigger");
    expect(trigger).toMatchObject({
      routing_key: "R0UT1NGK3Y00000000000000000000ab",
      dedup_key: "alr_fmt",
      payload: {
        summary: "Correctness pass rate fell to 62% (baseline 85%, n=200)",
        severity: "critical",
        source: "sightline/demo",
        component: "Correctness pass rate",
        custom_details: { Value: "0.62", Samples: "200" },
      },
      links: [{ href: links.alert }, { href: links.traces }],
    });
    expect(events.find((e) => e.event_action === "resolve")).toEqual({
      routing_key: "R0UT1NGK3Y00000000000000000000ab",
      event_action: "resolve",
      dedup_key: "alr_fmt",
    });
  });

  it("spreads retries over about a day, no delay over the 12-hour Queues limit", () => {
    const delays = Array.from({ length: 8 }, (_, i) => webhookRetryDelaySeconds(i + 1, 10));
    expect(delays).toEqual([10, 40, 160, 640, 2560, 10240, 40960, 43200]);
    const hours = delays.reduce((a, b) => a + b, 0) / 3600;
    expect(hours).toBeGreaterThan(24);
    expect(hours).toBeLessThan(30);
    expect(webhookRetryDelaySeconds(3, 0)).toBe(0);
  });
});

describe("deliveries whose queue send was lost", () => {
  it("are sent by the sweep, once written and never tried for five minutes", async () => {
    const o = await signUp();
    const { url, name } = receiverUrl("200");
    await createWebhook(o, { format: "standard", url });
    // The delivery rows are written, then the send fails (a cron tick cut short).
    const services = testServices();
    services.jobs.enqueueMany = async () => {
      throw new Error("the queue is unreachable");
    };
    await expect(
      enqueueWebhookEvent({
        ctx: { services, db: testOrgDb(o.orgId), org: { id: o.orgId } },
        input: {
          projectId: o.projectId,
          event: { type: "alert.fired", id: "alr_lost:alert.fired", data: alertData(o, "alr_lost") },
        },
      }),
    ).rejects.toThrow("unreachable");
    const sweep = (id: string) => {
      const body = { type: "webhooks.sweep_unsent", jobId: testServices().ids("job"), orgId: o.orgId };
      return createMessageBatch(JOBS_QUEUE, [{ id, timestamp: new Date(), attempts: 1, body }]);
    };
    // Too recent for the sweep: its job may only be late.
    const early = sweep("early");
    await worker.queue(early, env, createExecutionContext());
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await received(name)).toEqual([]);
    await testOrgDb(o.orgId).run(sql`update webhook_deliveries set created_at = created_at - 600000,
      updated_at = updated_at - 600000 where project_id = ${o.projectId}`);
    const late = sweep("late");
    const ctx = createExecutionContext();
    await worker.queue(late, env, ctx);
    expect((await getQueueResult(late, ctx)).explicitAcks).toEqual(["late"]);
    const [got] = await receivedAtLeast(name, 1);
    expect(JSON.parse(got?.body ?? "{}")).toMatchObject({
      type: "alert.fired",
      data: { alert: { id: "alr_lost" } },
    });
  });
});
