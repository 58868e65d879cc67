/**
 * Webhook endpoints through the API: create, list, get, change, rotate, delete; destinations
 * sealed and never answered whole; who may manage them; another tenant's id; the SSRF guard at the API.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { webhookDeliveries } from "../../schema";
import { addMember, asKey, asUser, createKey, signUp } from "../test/accounts";
import { expectError } from "../test/helpers";
import { testOrgDb } from "../test/services";
import { createWebhook, receiverUrl, webhooksPath } from "../test/webhooks";
import type { WebhookView } from "./schemas";

const SLACK = "https://hooks.slack.com/services/T0001/B0002/slackSecretTokenAbcd";
const ROUTING_KEY = "R0UT1NGK3YSECRET00000000000000wxyz";

describe("webhook endpoints", () => {
  it("creates each format, shows the signing secret once, and never answers or stores a destination whole", async () => {
    const o = await signUp();
    const { url } = receiverUrl();
    const standard = await createWebhook(o, { name: "signed", format: "standard", url });
    expect(standard).toMatchObject({
      name: "signed",
      format: "standard",
      events: ["alert.fired", "alert.resolved"],
      enabled: true,
      consecutiveFailures: 0,
      disabledReason: null,
    });
    expect(standard.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(standard.targetHint).toBe(`${new URL(url).host} …${url.slice(-4)}`);

    const slack = await createWebhook(o, {
      name: "slack",
      format: "slack",
      url: SLACK,
      events: ["alert.fired"],
    });
    expect(slack).toMatchObject({
      format: "slack",
      events: ["alert.fired"],
      targetHint: "hooks.slack.com …Abcd",
    });
    expect(slack.signingSecret).toBeUndefined();
    const pd = await createWebhook(o, { name: "pd", format: "pagerduty", routingKey: ROUTING_KEY });
    expect(pd.targetHint).toBe("events.pagerduty.com …wxyz");

    const listed = await asUser(o.cookie, webhooksPath(o));
    const text = await listed.text();
    expect((JSON.parse(text) as { webhooks: WebhookView[] }).webhooks.map((w) => w.name)).toEqual([
      "pd",
      "slack",
      "signed",
    ]);
    const got = await asUser(o.cookie, webhooksPath(o, `/${standard.id}`));
    const gotText = await got.text();
    for (const secret of [
      standard.signingSecret ?? "?",
      "slackSecretToken",
      ROUTING_KEY,
      new URL(url).pathname,
    ]) {
      expect(text).not.toContain(secret);
      expect(gotText).not.toContain(secret);
    }
    expect(JSON.parse(gotText)).not.toHaveProperty("signingSecret");
    const stored = await testOrgDb(o.orgId).all<{ secret: string }>(
      sql`select secret from webhooks where project_id = ${o.projectId}`,
    );
    expect(stored).toHaveLength(3);
    for (const row of stored) {
      expect(row.secret).toMatch(/^sl1\./);
      for (const secret of [standard.signingSecret ?? "?", "slackSecretToken", ROUTING_KEY])
        expect(row.secret).not.toContain(secret);
    }
  });

  it("renames, resubscribes, disables, rotates the secret (shown once) and deletes, each audited", async () => {
    const o = await signUp();
    const hook = await createWebhook(o, { format: "standard", url: receiverUrl().url });
    const patch = (json: unknown) =>
      asUser(o.cookie, webhooksPath(o, `/${hook.id}`), { method: "PATCH", json });
    const renamed = await patch({ name: "renamed", events: ["alert.resolved"], enabled: false });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({
      name: "renamed",
      events: ["alert.resolved"],
      enabled: false,
    });
    const rotated = (await (await patch({ rotateSecret: true })).json()) as WebhookView;
    expect(rotated.signingSecret).toMatch(/^whsec_/);
    expect(rotated.signingSecret).not.toBe(hook.signingSecret);
    await expectError(await patch({ routingKey: ROUTING_KEY }), 422, "INVALID_INPUT");
    await expectError(await patch({ url: "https://10.0.0.1/x" }), 422, "INVALID_INPUT");

    const gone = await asUser(o.cookie, webhooksPath(o, `/${hook.id}`), { method: "DELETE" });
    expect(gone.status).toBe(204);
    expect((await asUser(o.cookie, webhooksPath(o, `/${hook.id}`))).status).toBe(404);
    const audit = await testOrgDb(o.orgId).all<{ action: string; metadata: string }>(
      sql`select action, metadata from data_audit_log where target_id = ${hook.id} order by created_at, id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      "webhook.created",
      "webhook.updated",
      "webhook.secret_rotated",
      "webhook.deleted",
    ]);
    expect(audit.map((a) => a.metadata).join()).not.toContain(rotated.signingSecret ?? "?");
  });

  it("refuses URLs the SSRF guard refuses, bad routing keys and unknown events with a 422, writing nothing", async () => {
    const o = await signUp();
    const refused: [Record<string, unknown>, RegExp][] = [
      [{ format: "standard", url: "https://169.254.169.254/latest" }, /url: must not point at link-local/],
      [{ format: "standard", url: "https://hooks.internal/x" }, /url: must not point at an internal/],
      [{ format: "slack", url: "https://user:pw@hooks.slack.com/x" }, /url: must not carry credentials/],
      [{ format: "standard", url: "https://[::ffff:10.0.0.1]/x" }, /IPv4-mapped/],
      [{ format: "pagerduty", routingKey: "short" }, /routingKey/],
      [{ format: "pagerduty", routingKey: ROUTING_KEY, url: "https://192.168.0.2/enqueue" }, /private/],
      [{ format: "standard", url: "https://hooks.example.com/x", events: ["trace.created"] }, /events/],
      [{ format: "carrier-pigeon", url: "https://hooks.example.com/x" }, /format/],
    ];
    for (const [body, message] of refused) {
      const res = await asUser(o.cookie, webhooksPath(o), { method: "POST", json: { name: "x", ...body } });
      expect((await expectError(res, 422, "INVALID_INPUT")).message).toMatch(message);
    }
    const [row] = await testOrgDb(o.orgId).all<{ n: number }>(
      sql`select count(*) as n from webhooks where project_id = ${o.projectId}`,
    );
    expect(Number(row?.n)).toBe(0);
  });

  it("lets owners, admins and admin keys manage webhooks; members, viewers and write keys only read them", async () => {
    const o = await signUp();
    const hook = await createWebhook(o, { format: "standard", url: receiverUrl().url });
    const body = { name: "x", format: "standard", url: "https://hooks.example.com/x" };
    const admin = await addMember(o, "admin");
    expect((await asUser(admin.cookie, webhooksPath(o), { method: "POST", json: body })).status).toBe(201);
    const adminKey = await createKey(o, ["admin"]);
    expect((await asKey(adminKey.key, webhooksPath(o), { method: "POST", json: body })).status).toBe(201);
    const member = await addMember(o, "member");
    await expectError(
      await asUser(member.cookie, webhooksPath(o), { method: "POST", json: body }),
      403,
      "FORBIDDEN",
    );
    await expectError(
      await asUser(member.cookie, webhooksPath(o, `/${hook.id}/test`), { method: "POST" }),
      403,
      "FORBIDDEN",
    );
    const writeKey = await createKey(o, ["write"]);
    await expectError(
      await asKey(writeKey.key, webhooksPath(o), { method: "POST", json: body }),
      403,
      "FORBIDDEN",
    );
    expect((await asUser(member.cookie, webhooksPath(o, `/${hook.id}`))).status).toBe(200);
    const viewer = await addMember(o, "viewer");
    expect((await asUser(viewer.cookie, webhooksPath(o))).status).toBe(200);
  });

  it("refuses to redeliver a delivery still being tried (409), writing nothing", async () => {
    const o = await signUp();
    const hook = await createWebhook(o, { format: "standard", url: receiverUrl().url });
    const db = testOrgDb(o.orgId);
    const id = `whd_trying${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
    await db.insert(webhookDeliveries).values({
      id,
      orgId: o.orgId,
      projectId: o.projectId,
      webhookId: hook.id,
      eventType: "alert.fired",
      eventId: "evt_x",
      event: {},
      status: "retrying",
      createdAt: Date.now(),
      updatedAt: Date.now(),
    });
    const res = await asUser(o.cookie, webhooksPath(o, `/${hook.id}/deliveries/${id}/redeliver`), {
      method: "POST",
    });
    await expectError(res, 409, "CONFLICT");
    const audit = await db.all<{ action: string }>(
      sql`select action from data_audit_log where target_id = ${hook.id} and action = 'webhook.redelivered'`,
    );
    expect(audit).toEqual([]);
    const [row] = await db.all<{ run: number; status: string }>(
      sql`select run, status from webhook_deliveries where id = ${id}`,
    );
    expect(row).toEqual({ run: 1, status: "retrying" });
  });

  it("answers 404 for another tenant's webhook and delivery, under the caller's own project", async () => {
    const a = await signUp();
    const b = await signUp();
    const theirs = await createWebhook(b, { format: "standard", url: receiverUrl().url });
    for (const [method, rest] of [
      ["GET", ""],
      ["PATCH", ""],
      ["DELETE", ""],
      ["GET", "/deliveries"],
      ["POST", "/test"],
      ["POST", "/deliveries/whd_0000000000000000000000000/redeliver"],
    ] as const) {
      const res = await asUser(a.cookie, webhooksPath(a, `/${theirs.id}${rest}`), {
        method,
        ...(method === "PATCH" ? { json: { name: "mine now" } } : {}),
      });
      await expectError(res, 404, "NOT_FOUND");
    }
    expect(
      ((await (await asUser(b.cookie, webhooksPath(b, `/${theirs.id}`))).json()) as WebhookView).name,
    ).toBe("hook");
  });
});
