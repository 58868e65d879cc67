import { eq } from "drizzle-orm";
import { modelPrices } from "../../schema";
import type { OrgScope } from "../auth/context";
import type { ModelPrice } from "./pricing";

// Organization price overrides change rarely; keep them a minute per isolate.
const priceCache = new Map<string, { at: number; prices: ModelPrice[] }>();
const PRICE_TTL_MS = 60_000;

/** The organization's overrides of the default prices, from `model_prices` or this isolate's cache. */
export async function pricesFor(ctx: OrgScope): Promise<ModelPrice[]> {
  const orgId = ctx.org.id;
  const now = ctx.services.clock.now();
  const cached = priceCache.get(orgId);
  if (cached && now - cached.at < PRICE_TTL_MS) return cached.prices;
  const rows = await ctx.control.select().from(modelPrices).where(eq(modelPrices.orgId, orgId));
  const prices = rows.map((r) => ({
    model: r.model,
    input: r.inputPerMillion,
    output: r.outputPerMillion,
    cacheRead: r.cacheReadPerMillion ?? undefined,
  }));
  priceCache.set(orgId, { at: now, prices });
  return prices;
}

/** Drops this isolate's cached overrides of the organization (after they change). */
export function forgetPrices(orgId: string): void {
  priceCache.delete(orgId);
}
