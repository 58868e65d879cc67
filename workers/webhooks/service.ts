import { and, desc, eq } from "drizzle-orm";
import { webhookAttempts, webhookDeliveries, webhooks } from "../../schema";
import { actorRef, auditData, type OrgScope, type ProjectContext, type ProjectScope } from "../auth/context";
import { randomBytes, toBase64 } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { keyRing, open, seal } from "../lib/secrets";
import { isoTime } from "../lib/time";
import { type Destination, targetHint } from "./formats";
import { PAGERDUTY_EVENTS_URL, type WebhookInput, type WebhookPatch, type WebhookView } from "./schemas";
import { checkWebhookUrl } from "./ssrf";

export type WebhookRow = typeof webhooks.$inferSelect;

/** A new Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64 (the spec's form). */
const newSigningSecret = () => `whsec_${toBase64(randomBytes(32))}`;

export function webhookView(row: WebhookRow): WebhookView {
  return {
    id: row.id,
    name: row.name,
    format: row.format as WebhookView["format"],
    events: row.events,
    enabled: row.enabled,
    targetHint: row.targetHint,
    consecutiveFailures: row.consecutiveFailures,
    disabledReason: row.disabledReason === "failures" ? "failures" : null,
    disabledAt: row.disabledAt === null ? null : isoTime(row.disabledAt),
    createdBy: row.createdByLabel,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
  };
}

/** Local development and tests may send to this machine over http; production never (ssrf.ts). */
export const allowsLocal = (ctx: Pick<OrgScope, "services">) =>
  ctx.services.env.SIGHTLINE_ENV !== "production";

/** The SSRF guard at the API: a 422 naming the field and what is wrong. */
function checkDestination(ctx: ProjectContext, destination: Destination): void {
  const verdict = checkWebhookUrl(destination.url, { allowLocal: allowsLocal(ctx) });
  if (!verdict.ok) throw new ApiError("INVALID_INPUT", `Invalid body. url: ${verdict.reason}`);
}

const sealContext = (id: string) => `webhook:${id}`;

async function sealDestination(ctx: OrgScope, id: string, destination: Destination): Promise<string> {
  return seal(await keyRing(ctx.services.env.ENCRYPTION_KEY), JSON.stringify(destination), sealContext(id));
}

/** The destination of an endpoint, opened for a delivery or a change. */
export async function openDestination(
  ctx: Pick<OrgScope, "services">,
  row: WebhookRow,
): Promise<Destination> {
  const plain = await open(await keyRing(ctx.services.env.ENCRYPTION_KEY), row.secret, sealContext(row.id));
  return JSON.parse(plain) as Destination;
}

/** One of the project's webhooks, or 404. */
export async function getWebhookInProject(ctx: ProjectScope, webhookId: string): Promise<WebhookRow> {
  const [row] = await ctx.db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, webhookId), eq(webhooks.projectId, ctx.project.id)))
    .limit(1);
  if (!row) throw ApiError.notFound("Webhook");
  return row;
}

function destinationOf(input: WebhookInput, signingSecret: string): Destination {
  switch (input.format) {
    case "standard":
      return { format: "standard", url: input.url, signingSecret };
    case "slack":
      return { format: "slack", url: input.url };
    case "pagerduty":
      return { format: "pagerduty", url: input.url ?? PAGERDUTY_EVENTS_URL, routingKey: input.routingKey };
  }
}

/** A new endpoint; a Standard Webhooks one gets its signing secret, returned this once. Audited. */
export async function createWebhook({ ctx, input }: { ctx: ProjectContext; input: WebhookInput }) {
  const signingSecret = newSigningSecret();
  const destination = destinationOf(input, signingSecret);
  checkDestination(ctx, destination);
  const now = ctx.services.clock.now();
  const id = ctx.services.ids("webhook");
  const row: WebhookRow = {
    id,
    orgId: ctx.org.id,
    projectId: ctx.project.id,
    name: input.name,
    format: input.format,
    events: [...new Set(input.events ?? ["alert.fired", "alert.resolved"])],
    enabled: input.enabled ?? true,
    secret: await sealDestination(ctx, id, destination),
    targetHint: targetHint(destination),
    consecutiveFailures: 0,
    disabledReason: null,
    disabledAt: null,
    createdBy: actorRef(ctx),
    createdByLabel: ctx.actor.label,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.db.batch([
    ctx.db.insert(webhooks).values(row),
    auditData(
      ctx,
      "webhook.created",
      { type: "webhook", id, label: row.name },
      { format: row.format, events: row.events, target: row.targetHint, enabled: row.enabled },
    ),
  ]);
  return { ...webhookView(row), ...(input.format === "standard" ? { signingSecret } : {}) };
}

export async function listWebhooks({ ctx }: { ctx: ProjectContext }) {
  const rows = await ctx.db
    .select()
    .from(webhooks)
    .where(eq(webhooks.projectId, ctx.project.id))
    .orderBy(desc(webhooks.createdAt))
    .limit(100);
  return { webhooks: rows.map(webhookView) };
}

export async function getWebhook({ ctx, input }: { ctx: ProjectContext; input: { webhookId: string } }) {
  return webhookView(await getWebhookInProject(ctx, input.webhookId));
}

/**
 * Renames, resubscribes, enables or disables an endpoint, changes its URL or routing key, or
 * rotates its signing secret (returned once). Enabling starts its failure count afresh. Audited
 * (what changed, never the values of the URL, key or secret).
 */
export async function updateWebhook({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { webhookId: string; patch: WebhookPatch };
}) {
  const old = await getWebhookInProject(ctx, input.webhookId);
  const { patch } = input;
  if (patch.routingKey !== undefined && old.format !== "pagerduty")
    throw new ApiError("INVALID_INPUT", "Invalid body. routingKey: only a pagerduty webhook has one");
  if (patch.rotateSecret && old.format !== "standard")
    throw new ApiError(
      "INVALID_INPUT",
      "Invalid body. rotateSecret: only a standard webhook has a signing secret",
    );
  const resealed = patch.url !== undefined || patch.routingKey !== undefined || patch.rotateSecret === true;
  let destination: Destination | null = null;
  if (resealed) {
    const current = await openDestination(ctx, old);
    destination = { ...current, ...(patch.url !== undefined ? { url: patch.url } : {}) };
    if (destination.format === "pagerduty" && patch.routingKey !== undefined)
      destination.routingKey = patch.routingKey;
    if (destination.format === "standard" && patch.rotateSecret)
      destination.signingSecret = newSigningSecret();
    checkDestination(ctx, destination);
  }
  const now = ctx.services.clock.now();
  const changes: Partial<WebhookRow> = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.events !== undefined ? { events: [...new Set(patch.events)] } : {}),
    ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
    // Turning it on (again) or off by hand clears the platform's banner and its count.
    ...(patch.enabled !== undefined
      ? { consecutiveFailures: 0, disabledReason: null, disabledAt: null }
      : {}),
    ...(destination
      ? { secret: await sealDestination(ctx, old.id, destination), targetHint: targetHint(destination) }
      : {}),
    updatedAt: now,
  };
  const changed = Object.keys(patch).filter((k) => patch[k as keyof WebhookPatch] !== undefined);
  await ctx.db.batch([
    ctx.db.update(webhooks).set(changes).where(eq(webhooks.id, old.id)),
    auditData(
      ctx,
      patch.rotateSecret ? "webhook.secret_rotated" : "webhook.updated",
      { type: "webhook", id: old.id, label: changes.name ?? old.name },
      { changed, ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}) },
    ),
  ]);
  const signingSecret =
    destination?.format === "standard" && patch.rotateSecret ? destination.signingSecret : undefined;
  return { ...webhookView({ ...old, ...changes }), ...(signingSecret ? { signingSecret } : {}) };
}

/** Deletes an endpoint with its delivery log; audited. Queued deliveries find nothing and send nothing. */
export async function deleteWebhook({ ctx, input }: { ctx: ProjectContext; input: { webhookId: string } }) {
  const old = await getWebhookInProject(ctx, input.webhookId);
  await ctx.db.batch([
    ctx.db.delete(webhookAttempts).where(eq(webhookAttempts.webhookId, old.id)),
    ctx.db.delete(webhookDeliveries).where(eq(webhookDeliveries.webhookId, old.id)),
    ctx.db.delete(webhooks).where(eq(webhooks.id, old.id)),
    auditData(
      ctx,
      "webhook.deleted",
      { type: "webhook", id: old.id, label: old.name },
      { format: old.format },
    ),
  ]);
}
