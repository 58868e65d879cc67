/**
 * What protects a delivery after the API let the endpoint in: the SSRF guard again at delivery
 * time, and retention, which keeps the delivery log only as long as the project keeps its data.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { webhookAttempts, webhookDeliveries, webhooks } from "../../schema";
import { keyRing, seal } from "../lib/secrets";
import { DAY_MS } from "../lib/time";
import { asUser, signUp } from "../test/accounts";
import { env, eventually } from "../test/helpers";
import { testOrgDb, testServices } from "../test/services";
import { createWebhook, receiverUrl, webhooksPath } from "../test/webhooks";
import { enforceRetentionIn } from "../traces/retention";
import type { DeliveryView } from "./schemas";

describe("webhook guards", () => {
  it("checks the URL again before each delivery: a destination the guard refuses now is never contacted", async () => {
    const o = await signUp();
    const hook = await createWebhook(o, { format: "standard", url: receiverUrl().url });
    // As if the stored URL had been let in under older rules: a cloud metadata address.
    const sealed = await seal(
      await keyRing(env.ENCRYPTION_KEY),
      JSON.stringify({
        format: "standard",
        url: "https://169.254.169.254/latest",
        signingSecret: "whsec_AAAA",
      }),
      `webhook:${hook.id}`,
    );
    await testOrgDb(o.orgId).update(webhooks).set({ secret: sealed }).where(eq(webhooks.id, hook.id));
    expect((await asUser(o.cookie, webhooksPath(o, `/${hook.id}/test`), { method: "POST" })).status).toBe(
      202,
    );
    const delivery = await eventually(async () => {
      const res = await asUser(o.cookie, webhooksPath(o, `/${hook.id}/deliveries`));
      const [d] = ((await res.json()) as { deliveries: DeliveryView[] }).deliveries;
      return d?.status === "failed" ? d : undefined;
    });
    expect(delivery.attempts).toBe(1);
    expect(delivery.attemptLog[0]).toMatchObject({ httpStatus: null, latencyMs: 0, succeeded: false });
    expect(delivery.attemptLog[0]?.error).toMatch(
      /refused by the SSRF guard: the URL must not point at link-local/,
    );
  });

  it("deletes attempts and finished deliveries older than the project's retention, keeping one still tried", async () => {
    const o = await signUp();
    const db = testOrgDb(o.orgId);
    const old = Date.now() - 40 * DAY_MS; // a project keeps 30 days by default
    const row = (id: string, status: string, createdAt: number) => ({
      id,
      orgId: o.orgId,
      projectId: o.projectId,
      webhookId: "whk_gone",
      eventType: "alert.fired",
      eventId: id,
      event: {},
      status,
      createdAt,
      updatedAt: createdAt,
    });
    const suffix = crypto.randomUUID().slice(0, 8);
    await db
      .insert(webhookDeliveries)
      .values([
        row(`whd_old_${suffix}`, "succeeded", old),
        row(`whd_trying_${suffix}`, "retrying", old),
        row(`whd_new_${suffix}`, "failed", Date.now()),
      ]);
    await db.insert(webhookAttempts).values(
      [old, Date.now()].map((createdAt, i) => ({
        id: `wha_${i}_${suffix}`,
        orgId: o.orgId,
        projectId: o.projectId,
        webhookId: "whk_gone",
        deliveryId: `whd_old_${suffix}`,
        run: 1,
        latencyMs: 5,
        succeeded: true,
        createdAt,
      })),
    );
    await enforceRetentionIn(testServices(), o.orgId);
    const left = await db.all<{ id: string }>(
      sql`select id from webhook_deliveries where project_id = ${o.projectId} union all
        select id from webhook_attempts where project_id = ${o.projectId} order by id`,
    );
    expect(left.map((r) => r.id).sort()).toEqual(
      [`wha_1_${suffix}`, `whd_new_${suffix}`, `whd_trying_${suffix}`].sort(),
    );
  });
});
