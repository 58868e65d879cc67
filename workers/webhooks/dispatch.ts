import { and, eq, inArray, sql } from "drizzle-orm";
import { webhookDeliveries, webhooks } from "../../schema";
import { auditData, auditDataWhen, type ProjectContext } from "../auth/context";
import type { Db } from "../lib/db";
import { ApiError } from "../lib/errors";
import type { Services } from "../lib/services";
import { projectUrl } from "../lib/urls";
import { deliverWebhookJob } from "./delivery";
import type { AlertEventData, WebhookEvent } from "./events";
import { getWebhookInProject } from "./service";

/**
 * What sending an event needs: the services and the organization's data. A request's project
 * context is one, and so is a queue job's or a cron job's organization context (`OrgJobContext`),
 * so alerts can send from wherever they are evaluated.
 */
export type WebhookEventScope = { services: Services; db: Db; org: { id: string } };

/** An event as a producer hands it over: its id is idempotent (the same id sends once per endpoint). */
export type WebhookEventInput =
  | { type: "alert.fired" | "alert.resolved"; id: string; data: AlertEventData }
  | Extract<WebhookEvent, { type: "webhook.test" }>;

/**
 * Sends `event` to every enabled endpoint of the project subscribed to its type (or to `webhookId`
 * alone, for a test event): one delivery row per endpoint, then one queue job per delivery. The
 * event id makes it idempotent: called again with the same id (a cron tick that ran twice), it
 * writes nothing new and only queues again deliveries that never started, so a receiver sees each
 * event once per endpoint (and dedupes by `webhook-id` if a job was queued twice).
 */
export async function enqueueWebhookEvent({
  ctx,
  input,
}: {
  ctx: WebhookEventScope;
  input: { projectId: string; event: WebhookEventInput; webhookId?: string; manual?: boolean };
}): Promise<{ deliveryIds: string[] }> {
  const { event, projectId } = input;
  const endpoints = await ctx.db
    .select({ id: webhooks.id, events: webhooks.events, enabled: webhooks.enabled })
    .from(webhooks)
    .where(
      and(
        eq(webhooks.orgId, ctx.org.id),
        eq(webhooks.projectId, projectId),
        input.webhookId ? eq(webhooks.id, input.webhookId) : eq(webhooks.enabled, true),
      ),
    );
  const targets = endpoints.filter((w) => input.webhookId !== undefined || w.events.includes(event.type));
  if (targets.length === 0) return { deliveryIds: [] };
  const now = ctx.services.clock.now();
  const stored: WebhookEvent =
    event.type === "webhook.test"
      ? event
      : { type: event.type, id: event.id, timestamp: new Date(now).toISOString(), data: event.data };
  const inserted = await ctx.db
    .insert(webhookDeliveries)
    .values(
      targets.map((w) => ({
        id: ctx.services.ids("webhookDelivery"),
        orgId: ctx.org.id,
        projectId,
        webhookId: w.id,
        eventType: event.type,
        eventId: event.id,
        event: stored,
        status: "pending",
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: webhookDeliveries.id, run: webhookDeliveries.run });
  // The event was sent before (a repeated call): queue again only what never started.
  const waiting =
    inserted.length === targets.length
      ? inserted
      : await ctx.db
          .select({ id: webhookDeliveries.id, run: webhookDeliveries.run })
          .from(webhookDeliveries)
          .where(
            and(
              inArray(
                webhookDeliveries.webhookId,
                targets.map((w) => w.id),
              ),
              eq(webhookDeliveries.eventId, event.id),
              eq(webhookDeliveries.status, "pending"),
              eq(webhookDeliveries.attempts, 0),
            ),
          );
  await ctx.services.jobs.enqueueMany(
    deliverWebhookJob,
    waiting.map((d) => ({ orgId: ctx.org.id, deliveryId: d.id, run: d.run, manual: input.manual ?? false })),
  );
  return { deliveryIds: waiting.map((d) => d.id) };
}

/** "Send test event": a `webhook.test` event to this endpoint, enabled or not (a person asked). Audited. */
export async function sendTestEvent({ ctx, input }: { ctx: ProjectContext; input: { webhookId: string } }) {
  const webhook = await getWebhookInProject(ctx, input.webhookId);
  const id = ctx.services.ids("webhookEvent");
  const event: WebhookEventInput = {
    type: "webhook.test",
    id,
    timestamp: new Date(ctx.services.clock.now()).toISOString(),
    data: {
      message: `A test event from Sightline for the webhook "${webhook.name}".`,
      webhook: { id: webhook.id, name: webhook.name },
      project: { id: ctx.project.id, name: ctx.project.name },
      links: { project: projectUrl(ctx.services.env.PUBLIC_URL, ctx.project.id, { page: "overview" }) },
    },
  };
  const [, { deliveryIds }] = await Promise.all([
    auditData(
      ctx,
      "webhook.test_sent",
      { type: "webhook", id: webhook.id, label: webhook.name },
      { eventId: id },
    ),
    enqueueWebhookEvent({
      ctx,
      input: { projectId: ctx.project.id, event, webhookId: webhook.id, manual: true },
    }),
  ]);
  return { eventId: id, deliveryId: deliveryIds[0] ?? "" };
}

/**
 * "Redeliver": sends a finished delivery again, with the same `webhook-id` (a receiver that has it
 * already can tell), as a new run whose attempts are logged beside the old ones. Refused (409)
 * while the delivery is still being tried. Audited.
 */
export async function redeliver({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { webhookId: string; deliveryId: string };
}) {
  const webhook = await getWebhookInProject(ctx, input.webhookId);
  const [delivery] = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, input.deliveryId), eq(webhookDeliveries.webhookId, webhook.id)))
    .limit(1);
  if (!delivery) throw ApiError.notFound("Delivery");
  const now = ctx.services.clock.now();
  const run = delivery.run + 1;
  const [updated] = await ctx.db.batch([
    ctx.db
      .update(webhookDeliveries)
      .set({ run, status: "pending", updatedAt: now, completedAt: null, lastError: null })
      .where(
        and(
          eq(webhookDeliveries.id, delivery.id),
          eq(webhookDeliveries.run, delivery.run),
          inArray(webhookDeliveries.status, ["succeeded", "failed"]),
        ),
      ),
    // Only if the update above changed the row (the statement just before, in the same transaction).
    auditDataWhen(
      ctx,
      sql`changes() > 0`,
      "webhook.redelivered",
      { type: "webhook", id: webhook.id, label: webhook.name },
      { deliveryId: delivery.id, run },
    ),
  ]);
  if (updated.rowsAffected === 0)
    throw new ApiError(
      "CONFLICT",
      "The delivery is still being tried; redeliver it once it has succeeded or failed.",
    );
  await ctx.services.jobs.enqueue(deliverWebhookJob, {
    orgId: ctx.org.id,
    deliveryId: delivery.id,
    run,
    manual: true,
  });
  return { deliveryId: delivery.id, run };
}
