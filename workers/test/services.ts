import { env } from "cloudflare:workers";
import { parseEnv } from "../env";
import type { Clock } from "../lib/clock";
import { createServices, type Services } from "../lib/services";

/** Real services over the test bindings (local libSQL server, Miniflare queue). */
export function testServices(overrides: { clock?: Clock } = {}): Services {
  const parsed = parseEnv(env);
  if (!parsed.ok) throw new Error(parsed.message);
  return createServices(parsed.env, overrides);
}
