import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { webhookAttempts, webhookDeliveries, webhooks } from "../../schema";
import { auditDataWhen } from "../auth/context";
import { defineOrgJob, type OrgJobContext } from "../jobs/define";
import { parseEvent } from "./events";
import { buildRequest } from "./formats";
import { allowsLocal, openDestination, type WebhookRow } from "./service";
import { checkWebhookUrl } from "./ssrf";

/** Deliveries in a row that failed for good before the platform turns the endpoint off. */
export const FAILURES_BEFORE_DISABLE = 10;
/** How long a receiver may take to answer one attempt. */
const ATTEMPT_TIMEOUT_MS = 10_000;
/** How much of an answer's body the attempt log keeps. */
const EXCERPT_BYTES = 1024;
/** The longest delay Cloudflare Queues accepts for a retry: 12 hours. */
const MAX_DELAY_SECONDS = 12 * 60 * 60;

/**
 * base × 4^(n−1), at most 12 h: with production's base of 10 s and eight retries, 10 s, 40 s,
 * 160 s, 11 min, 43 min, 2.8 h, 11.4 h, 12 h — about 27 hours from the first attempt to the last.
 */
export function webhookRetryDelaySeconds(attempts: number, baseSeconds: number): number {
  return Math.min(MAX_DELAY_SECONDS, baseSeconds * 4 ** Math.max(0, attempts - 1));
}

/**
 * What an answer means. 2xx: delivered. No answer, a timeout, a redirect (never followed: see
 * ssrf.ts), 408, 425, 429 and 5xx: tried again later. Any other 4xx says the request itself is
 * refused (a deleted Slack channel, a revoked routing key, a wrong path): retrying for a day would
 * not change the answer, so the delivery fails at once and counts toward turning the endpoint off;
 * "redeliver" sends it again once the receiver is fixed.
 */
export function outcomeOf(status: number | null): "succeeded" | "retry" | "failed" {
  if (status === null) return "retry";
  if (status >= 200 && status < 300) return "succeeded";
  if (status >= 400 && status < 500 && ![408, 425, 429].includes(status)) return "failed";
  return "retry";
}

type Attempt = { httpStatus: number | null; latencyMs: number; excerpt: string | null; error: string | null };

/** The first EXCERPT_BYTES of a body, without reading the rest. */
async function excerptOf(res: Response): Promise<string | null> {
  if (!res.body) return null;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < EXCERPT_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(bytes.slice(0, EXCERPT_BYTES));
}

async function send(request: {
  url: string;
  headers: Record<string, string>;
  body: string;
}): Promise<Attempt> {
  const started = Date.now();
  try {
    const res = await fetch(request.url, {
      method: "POST",
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
    const excerpt = await excerptOf(res).catch(() => null);
    const redirect = res.status >= 300 && res.status < 400;
    return {
      httpStatus: res.status,
      latencyMs: Date.now() - started,
      excerpt,
      error: redirect
        ? `redirected to ${res.headers.get("location") ?? "?"} (redirects are not followed)`
        : null,
    };
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    return {
      httpStatus: null,
      latencyMs: Date.now() - started,
      excerpt: null,
      error: timedOut
        ? `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`
        : `could not connect: ${String(err)}`,
    };
  }
}

/**
 * Statements ending a delivery as failed for good (its retries used up, or a refusal), and counting
 * it against its endpoint. Each statement runs only if the one before it changed a row (SQLite's
 * `changes()`, in the batch's transaction): the delivery's own update decides, so a delivery counts
 * once however often this runs, and only the failure that crosses FAILURES_BEFORE_DISABLE turns the
 * endpoint off and writes the audit entry the dashboard's banner goes with.
 */
function failForGood(
  ctx: OrgJobContext,
  webhook: WebhookRow,
  delivery: { id: string; run: number },
  error: string,
) {
  const now = ctx.services.clock.now();
  const previousChanged = sql`changes() > 0`;
  const scope = {
    ...ctx,
    actor: { type: "anonymous" as const, id: null, label: "Sightline webhook delivery" },
    ip: null,
    requestId: ctx.jobId,
  };
  return [
    ctx.db
      .update(webhookDeliveries)
      .set({ status: "failed", completedAt: now, updatedAt: now, lastError: error })
      .where(
        and(
          eq(webhookDeliveries.id, delivery.id),
          eq(webhookDeliveries.run, delivery.run),
          inArray(webhookDeliveries.status, ["pending", "retrying"]),
        ),
      ),
    ctx.db
      .update(webhooks)
      .set({ consecutiveFailures: sql`${webhooks.consecutiveFailures} + 1` })
      .where(and(eq(webhooks.id, webhook.id), previousChanged)),
    ctx.db
      .update(webhooks)
      .set({ enabled: false, disabledReason: "failures", disabledAt: now, updatedAt: now })
      .where(
        and(
          eq(webhooks.id, webhook.id),
          eq(webhooks.enabled, true),
          sql`${webhooks.consecutiveFailures} >= ${FAILURES_BEFORE_DISABLE}`,
          previousChanged,
        ),
      ),
    auditDataWhen(
      scope,
      previousChanged,
      "webhook.disabled",
      { type: "webhook", id: webhook.id, label: webhook.name },
      { reason: "failures", consecutiveFailures: FAILURES_BEFORE_DISABLE, projectId: webhook.projectId },
    ),
  ] as const;
}

/**
 * A message's delivery and its endpoint. The batch's deliveries are read in one query, and each
 * endpoint once per batch, so a batch of 25 deliveries to one endpoint reads the database twice.
 */
async function load(ctx: OrgJobContext, deliveryId: string) {
  const delivery = await ctx.batch.gather(
    `webhooks.deliveries:${ctx.org.id}`,
    deliveryId,
    async (ids: string[]) => {
      const rows = await ctx.db
        .select()
        .from(webhookDeliveries)
        .where(and(inArray(webhookDeliveries.id, ids), eq(webhookDeliveries.orgId, ctx.org.id)));
      return new Map(rows.map((r) => [r.id, r]));
    },
  );
  if (!delivery) return null;
  const webhook = await ctx.batch.once(`webhooks.webhook:${delivery.webhookId}`, async () => {
    const [row] = await ctx.db.select().from(webhooks).where(eq(webhooks.id, delivery.webhookId)).limit(1);
    return row ?? null;
  });
  return webhook ? { delivery, webhook } : null;
}

/** Thrown for an attempt worth trying again: the consumer retries on the webhook schedule. */
class DeliveryAttemptFailed extends Error {
  override name = "DeliveryAttemptFailed";
}

/**
 * One delivery attempt. Idempotent: a message of an older run, or for a delivery that already
 * succeeded or failed, sends nothing. Every attempt is logged with what the receiver answered.
 */
export const deliverWebhookJob = defineOrgJob({
  type: "webhooks.deliver",
  queue: "webhooks",
  payload: z.object({
    deliveryId: z.string().startsWith("whd_"),
    run: z.number().int().min(1),
    /** Sent by a person (test event, redeliver): goes out even while the endpoint is disabled. */
    manual: z.boolean().default(false),
  }),
  retryDelaySeconds: webhookRetryDelaySeconds,
  async handle(ctx, message) {
    const found = await load(ctx, message.deliveryId);
    if (!found) return;
    const { delivery, webhook } = found;
    if (delivery.run !== message.run || delivery.status === "succeeded" || delivery.status === "failed")
      return;
    const now = ctx.services.clock.now();
    if (!webhook.enabled && !message.manual) {
      await ctx.db
        .update(webhookDeliveries)
        .set({ status: "failed", completedAt: now, updatedAt: now, lastError: "the webhook is disabled" })
        .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.run, delivery.run)));
      return;
    }
    const destination = await ctx.batch.once(`webhooks.destination:${webhook.id}`, () =>
      openDestination(ctx, webhook),
    );
    const verdict = checkWebhookUrl(destination.url, { allowLocal: allowsLocal(ctx) });
    const attempt: Attempt = verdict.ok
      ? await send(
          buildRequest(
            destination,
            { id: delivery.id, timestampSeconds: Math.floor(now / 1000) },
            parseEvent(delivery.event),
          ),
        )
      : {
          httpStatus: null,
          latencyMs: 0,
          excerpt: null,
          error: `refused by the SSRF guard: the URL ${verdict.reason}`,
        };
    const outcome = verdict.ok ? outcomeOf(attempt.httpStatus) : "failed";
    const error = attempt.error ?? (outcome === "succeeded" ? null : `HTTP ${attempt.httpStatus}`);
    const at = ctx.services.clock.now();
    const logged = [
      ctx.db.insert(webhookAttempts).values({
        id: ctx.services.ids("webhookAttempt"),
        orgId: ctx.org.id,
        projectId: delivery.projectId,
        webhookId: webhook.id,
        deliveryId: delivery.id,
        run: delivery.run,
        httpStatus: attempt.httpStatus,
        latencyMs: attempt.latencyMs,
        responseExcerpt: attempt.excerpt,
        error,
        succeeded: outcome === "succeeded",
        createdAt: at,
      }),
      ctx.db
        .update(webhookDeliveries)
        .set({
          attempts: sql`${webhookDeliveries.attempts} + 1`,
          lastHttpStatus: attempt.httpStatus,
          lastError: error,
          updatedAt: at,
          ...(outcome === "succeeded" ? { status: "succeeded", completedAt: at } : {}),
          ...(outcome === "retry" ? { status: "retrying" } : {}),
        })
        .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.run, delivery.run))),
    ] as const;
    if (outcome === "succeeded") {
      await ctx.db.batch([
        ...logged,
        ctx.db
          .update(webhooks)
          .set({ consecutiveFailures: 0 })
          .where(and(eq(webhooks.id, webhook.id), sql`${webhooks.consecutiveFailures} > 0`)),
      ]);
    } else if (outcome === "failed") {
      await ctx.db.batch([...logged, ...failForGood(ctx, webhook, delivery, error ?? "failed")]);
    } else {
      await ctx.db.batch(logged);
      throw new DeliveryAttemptFailed(`webhook ${webhook.id} delivery ${delivery.id}: ${error}`);
    }
  },
  async dead(ctx, message) {
    const found = await load(ctx, message.deliveryId);
    if (!found || found.delivery.run !== message.run || found.delivery.status !== "retrying") return;
    const lastError = found.delivery.lastError ?? "failed";
    await ctx.db.batch(
      failForGood(ctx, found.webhook, found.delivery, `retries used up; last: ${lastError}`),
    );
  },
});
