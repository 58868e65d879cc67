import { eq } from "drizzle-orm";
import { modelPrices } from "../../schema";
import { audit, type OrgContext } from "../auth/context";
import { forgetPrices } from "./org-prices";
import { DEFAULT_PRICES } from "./pricing";

export type PriceInput = {
  model: string;
  inputPerMillion: number;
  outputPerMillion: number;
  cacheReadPerMillion?: number | null | undefined;
};

export async function listModelPrices({ ctx }: { ctx: OrgContext }) {
  const rows = await ctx.control
    .select()
    .from(modelPrices)
    .where(eq(modelPrices.orgId, ctx.org.id))
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
 * Replaces the organization's overrides. This isolate forgets its cached prices at once; other
 * isolates within their one-minute cache, so spans ingested from then on are priced anew.
 */
export async function replaceModelPrices({
  ctx,
  input: { prices },
}: {
  ctx: OrgContext;
  input: { prices: PriceInput[] };
}) {
  const now = ctx.services.clock.now();
  const orgId = ctx.org.id;
  const db = ctx.control;
  await db.batch([
    db.delete(modelPrices).where(eq(modelPrices.orgId, orgId)),
    // One multi-row insert (at most 500 rows × 6 values, well under SQLite's parameter limit).
    ...(prices.length > 0
      ? [
          db.insert(modelPrices).values(
            prices.map((p) => ({
              orgId,
              model: p.model,
              inputPerMillion: p.inputPerMillion,
              outputPerMillion: p.outputPerMillion,
              cacheReadPerMillion: p.cacheReadPerMillion ?? null,
              updatedAt: now,
            })),
          ),
        ]
      : []),
    audit(
      ctx,
      "settings.model_prices_changed",
      { type: "org", id: orgId },
      { models: prices.map((p) => p.model) },
    ),
  ]);
  forgetPrices(orgId);
  return listModelPrices({ ctx });
}
