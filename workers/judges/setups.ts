import type OpenAI from "openai";
import type { orgs } from "../../schema";

/**
 * Each organization's judge setup (its provider's client with the opened key, and its judge
 * settings), kept a few seconds per isolate: a run makes thousands of judge calls, each of which
 * would otherwise read the provider and the organization and open the sealed key again. A change
 * made through this isolate forgets it at once (forgetJudgeSetup, after the change is written);
 * another isolate's copy lives at most SETUP_TTL_MS longer.
 */
export const SETUP_TTL_MS = 5_000;

type Setup = { client: OpenAI | null; org: typeof orgs.$inferSelect | undefined };
const setups = new Map<string, { at: number; setup: Promise<Setup> }>();

export function cachedSetup(orgId: string, providerName: string, load: () => Promise<Setup>): Promise<Setup> {
  const key = `${orgId}|${providerName}`;
  const now = Date.now();
  const cached = setups.get(key);
  if (cached && now - cached.at < SETUP_TTL_MS) return cached.setup;
  const setup = load();
  setups.set(key, { at: now, setup });
  // A failed read is not kept: the next call reads again.
  setup.catch(() => setups.delete(key));
  return setup;
}

export function forgetJudgeSetup(orgId: string): void {
  for (const key of setups.keys()) if (key.startsWith(`${orgId}|`)) setups.delete(key);
}
