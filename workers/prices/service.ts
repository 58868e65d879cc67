import { eq } from "drizzle-orm";
import { modelPrices } from "../../schema";
import { auditStatement } from "../audit/record";
import { actorOf } from "../auth/principal";
import type { Access } from "../http/hono-env";
import type { Services } from "../lib/services";
import { forgetPrices } from "./org-prices";
import { DEFAULT_PRICES } from "./pricing";

export type PriceInput = {
  model: string;
  inputPerMillion: number;
  outputPerMillion: number;
  cacheReadPerMillion?: number | null | undefined;
};

export async function listModelPrices({ services, orgId }: { services: Services; orgId: string }) {
  const rows = await services.db
    .select()
    .from(modelPrices)
    .where(eq(modelPrices.orgId, orgId))
    .orderBy(modelPrices.model);
  return {
    overrides: rows.map((r) => ({
      model: r.model,
      inputPerMillion: r.inputPerMillion,
      outputPerMillion: r.outputPerMillion,
      cacheReadPerMillion: r.cacheReadPerMillion,
    })),
    defaults: DEFAULT_PRICES.map((p) => ({
      model: p.model,
      inputPerMillion: p.input,
      outputPerMillion: p.output,
      cacheReadPerMillion: p.cacheRead ?? null,
    })),
  };
}

/**
 * Replaces the organisation's overrides. This isolate forgets its cached prices at once; other
 * isolates within their one-minute cache, so spans ingested from then on are priced anew.
 */
export async function replaceModelPrices({
  services,
  access,
  prices,
}: {
  services: Services;
  access: Access;
  prices: PriceInput[];
}) {
  const now = services.clock.now();
  await services.db.batch([
    services.db.delete(modelPrices).where(eq(modelPrices.orgId, access.orgId)),
    // One multi-row insert (at most 500 rows × 6 values, well under SQLite's parameter limit).
    ...(prices.length > 0
      ? [
          services.db.insert(modelPrices).values(
            prices.map((p) => ({
              orgId: access.orgId,
              model: p.model,
              inputPerMillion: p.inputPerMillion,
              outputPerMillion: p.outputPerMillion,
              cacheReadPerMillion: p.cacheReadPerMillion ?? null,
              updatedAt: now,
            })),
          ),
        ]
      : []),
    auditStatement(services, {
      orgId: access.orgId,
      actor: actorOf(access.principal),
      action: "settings.model_prices_changed",
      target: { type: "org", id: access.orgId },
      metadata: { models: prices.map((p) => p.model) },
      ip: access.ip,
    }),
  ]);
  forgetPrices(access.orgId);
  return listModelPrices({ services, orgId: access.orgId });
}
