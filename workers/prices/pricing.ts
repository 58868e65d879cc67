/**
 * Default model prices in USD per million tokens (public list prices). Matched as a prefix of
 * the span's model name, longest first, so dated variants ("gpt-4o-mini-2024-07-18") match.
 * Unknown models get no cost rather than a wrong one. Organizations override these in
 * `model_prices`.
 */
export type ModelPrice = { model: string; input: number; output: number; cacheRead?: number | undefined };

export const DEFAULT_PRICES: ModelPrice[] = [
  { model: "gpt-4o-mini", input: 0.15, output: 0.6, cacheRead: 0.075 },
  { model: "gpt-4o", input: 2.5, output: 10, cacheRead: 1.25 },
  { model: "gpt-4.1-nano", input: 0.1, output: 0.4, cacheRead: 0.025 },
  { model: "gpt-4.1-mini", input: 0.4, output: 1.6, cacheRead: 0.1 },
  { model: "gpt-4.1", input: 2, output: 8, cacheRead: 0.5 },
  { model: "gpt-4-turbo", input: 10, output: 30 },
  { model: "gpt-3.5-turbo", input: 0.5, output: 1.5 },
  { model: "gpt-5-nano", input: 0.05, output: 0.4, cacheRead: 0.005 },
  { model: "gpt-5-mini", input: 0.25, output: 2, cacheRead: 0.025 },
  { model: "gpt-5", input: 1.25, output: 10, cacheRead: 0.125 },
  { model: "o1-mini", input: 1.1, output: 4.4, cacheRead: 0.55 },
  { model: "o1", input: 15, output: 60, cacheRead: 7.5 },
  { model: "o3-mini", input: 1.1, output: 4.4, cacheRead: 0.55 },
  { model: "o3", input: 2, output: 8, cacheRead: 0.5 },
  { model: "o4-mini", input: 1.1, output: 4.4, cacheRead: 0.275 },
  { model: "text-embedding-3-small", input: 0.02, output: 0 },
  { model: "text-embedding-3-large", input: 0.13, output: 0 },
  { model: "text-embedding-ada-002", input: 0.1, output: 0 },
  { model: "claude-3-5-haiku", input: 0.8, output: 4, cacheRead: 0.08 },
  { model: "claude-3-5-sonnet", input: 3, output: 15, cacheRead: 0.3 },
  { model: "claude-3-7-sonnet", input: 3, output: 15, cacheRead: 0.3 },
  { model: "claude-3-haiku", input: 0.25, output: 1.25, cacheRead: 0.03 },
  { model: "claude-3-opus", input: 15, output: 75, cacheRead: 1.5 },
  { model: "claude-sonnet-4", input: 3, output: 15, cacheRead: 0.3 },
  { model: "claude-opus-4", input: 15, output: 75, cacheRead: 1.5 },
  { model: "claude-haiku-4", input: 1, output: 5, cacheRead: 0.1 },
  { model: "gemini-2.5-pro", input: 1.25, output: 10, cacheRead: 0.31 },
  { model: "gemini-2.5-flash", input: 0.3, output: 2.5, cacheRead: 0.075 },
  { model: "gemini-2.0-flash", input: 0.1, output: 0.4, cacheRead: 0.025 },
  { model: "gemini-1.5-pro", input: 1.25, output: 5 },
  { model: "gemini-1.5-flash", input: 0.075, output: 0.3 },
  { model: "mistral-large", input: 2, output: 6 },
  { model: "mistral-medium", input: 0.4, output: 2 },
  { model: "mistral-small", input: 0.1, output: 0.3 },
  { model: "codestral", input: 0.3, output: 0.9 },
  { model: "open-mistral-nemo", input: 0.15, output: 0.15 },
];

/** Strips a provider prefix such as "openai/" or "models/" before matching. */
function bareModel(model: string): string {
  const lower = model.toLowerCase();
  const slash = lower.lastIndexOf("/");
  return slash >= 0 ? lower.slice(slash + 1) : lower;
}

/** Longest model name first, so the most specific prefix wins. */
const longestFirst = (list: ModelPrice[]) => [...list].sort((a, b) => b.model.length - a.model.length);
const DEFAULTS_LONGEST_FIRST = longestFirst(DEFAULT_PRICES);

export function findPrice(model: string, overrides: ModelPrice[]): ModelPrice | null {
  const name = bareModel(model);
  const pick = (list: ModelPrice[]) => list.find((p) => name.startsWith(p.model.toLowerCase())) ?? null;
  return pick(longestFirst(overrides)) ?? pick(DEFAULTS_LONGEST_FIRST);
}

export function costOf(
  price: ModelPrice,
  usage: { input: number | null; output: number | null; cacheRead: number | null },
): number {
  const cached = usage.cacheRead ?? 0;
  const uncachedInput = Math.max(0, (usage.input ?? 0) - (price.cacheRead !== undefined ? cached : 0));
  const cachedCost = price.cacheRead !== undefined ? cached * price.cacheRead : 0;
  return (uncachedInput * price.input + (usage.output ?? 0) * price.output + cachedCost) / 1_000_000;
}

/**
 * Context windows of known models, in tokens (public figures), matched like prices: a prefix of
 * the model name, longest first. A judge estimates its prompt (about four characters a token)
 * against this before a call; an unknown model gets a cautious 32,000.
 */
const CONTEXT_TOKENS = (
  [
    ["gpt-4o-mini", 128_000],
    ["gpt-4o", 128_000],
    ["gpt-4.1", 1_000_000],
    ["gpt-4-turbo", 128_000],
    ["gpt-3.5-turbo", 16_000],
    ["gpt-5", 400_000],
    ["o1", 200_000],
    ["o3", 200_000],
    ["o4-mini", 200_000],
    ["claude", 200_000],
    ["gemini-1.5", 1_000_000],
    ["gemini-2", 1_000_000],
    ["mistral-large", 128_000],
    ["mistral-medium", 128_000],
    ["mistral-small", 32_000],
  ] as [string, number][]
).sort((a, b) => b[0].length - a[0].length);

export const UNKNOWN_CONTEXT_TOKENS = 32_000;

export function contextWindow(model: string): number {
  const name = bareModel(model);
  return CONTEXT_TOKENS.find(([prefix]) => name.startsWith(prefix))?.[1] ?? UNKNOWN_CONTEXT_TOKENS;
}

/** About how many tokens a text is (four characters a token), for the check before a call. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);
