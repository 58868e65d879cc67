import { and, desc, eq, inArray, lt, or } from "drizzle-orm";
import { webhookAttempts, webhookDeliveries } from "../../schema";
import type { ProjectContext } from "../auth/context";
import { decodeCursor, encodeCursor, timeCursor } from "../lib/cursor";
import { isoTime } from "../lib/time";
import type { DeliveryListQuery, DeliveryView } from "./schemas";
import { getWebhookInProject } from "./service";

type DeliveryRow = typeof webhookDeliveries.$inferSelect;
type AttemptRow = typeof webhookAttempts.$inferSelect;

function deliveryView(row: DeliveryRow, attempts: AttemptRow[]): DeliveryView {
  return {
    id: row.id,
    webhookId: row.webhookId,
    eventType: row.eventType,
    eventId: row.eventId,
    status: row.status as DeliveryView["status"],
    attempts: row.attempts,
    lastHttpStatus: row.lastHttpStatus,
    lastError: row.lastError,
    createdAt: isoTime(row.createdAt),
    completedAt: row.completedAt === null ? null : isoTime(row.completedAt),
    attemptLog: attempts.map((a) => ({
      id: a.id,
      run: a.run,
      httpStatus: a.httpStatus,
      latencyMs: a.latencyMs,
      responseExcerpt: a.responseExcerpt,
      error: a.error,
      succeeded: a.succeeded,
      at: isoTime(a.createdAt),
    })),
  };
}

/** An endpoint's deliveries, newest first, each with its attempt log (the dashboard's delivery log). */
export async function listDeliveries({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { webhookId: string; query: DeliveryListQuery };
}) {
  const webhook = await getWebhookInProject(ctx, input.webhookId);
  const limit = input.query.limit ?? 50;
  const after = decodeCursor(timeCursor, input.query.cursor);
  const rows = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.webhookId, webhook.id),
        after
          ? or(
              lt(webhookDeliveries.createdAt, after.t),
              and(eq(webhookDeliveries.createdAt, after.t), lt(webhookDeliveries.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const attempts =
    page.length === 0
      ? []
      : await ctx.db
          .select()
          .from(webhookAttempts)
          .where(
            inArray(
              webhookAttempts.deliveryId,
              page.map((d) => d.id),
            ),
          )
          .orderBy(desc(webhookAttempts.createdAt), desc(webhookAttempts.id));
  const byDelivery = new Map<string, AttemptRow[]>();
  for (const a of attempts) byDelivery.set(a.deliveryId, [...(byDelivery.get(a.deliveryId) ?? []), a]);
  const last = page.at(-1);
  return {
    deliveries: page.map((d) => deliveryView(d, byDelivery.get(d.id) ?? [])),
    nextCursor: rows.length > limit && last ? encodeCursor({ t: last.createdAt, id: last.id }) : null,
  };
}
