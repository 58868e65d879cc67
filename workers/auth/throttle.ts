import { and, gt, inArray, sql } from "drizzle-orm";
import { loginThrottle } from "../../schema";
import { ApiError } from "../lib/errors";
import type { Services } from "../lib/services";

/**
 * Failed logins are counted per email and per client address in a 15-minute window. Past the
 * limit the key is blocked for 15 minutes and login answers 429 with Retry-After.
 */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const THROTTLE_BLOCK_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;

export function throttleKeys(email: string, ip: string | null) {
  return { email: `email:${email}`, address: `ip:${ip ?? "unknown"}` };
}

export async function assertNotThrottled(services: Services, keys: { email: string; address: string }) {
  const now = services.clock.now();
  const blocked = await services.db
    .select({ blockedUntil: loginThrottle.blockedUntil })
    .from(loginThrottle)
    .where(and(inArray(loginThrottle.key, [keys.email, keys.address]), gt(loginThrottle.blockedUntil, now)));
  const until = Math.max(0, ...blocked.map((b) => b.blockedUntil ?? 0));
  if (until > now) {
    const seconds = Math.ceil((until - now) / 1000);
    throw new ApiError("RATE_LIMITED", `Too many failed logins; try again in ${seconds} seconds.`, {
      headers: { "Retry-After": String(seconds) },
    });
  }
}

/** Statements counting one failure for `key` (for the caller's batch). */
export function failureStatement(services: Services, key: string, limit: number) {
  const now = services.clock.now();
  const windowStart = now - THROTTLE_WINDOW_MS;
  const fresh = sql`${loginThrottle.windowStartedAt} < ${windowStart}`;
  const count = sql`case when ${fresh} then 1 else ${loginThrottle.failures} + 1 end`;
  return services.db
    .insert(loginThrottle)
    .values({
      key,
      failures: 1,
      windowStartedAt: now,
      blockedUntil: limit <= 1 ? now + THROTTLE_BLOCK_MS : null,
    })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures: count,
        windowStartedAt: sql`case when ${fresh} then ${now} else ${loginThrottle.windowStartedAt} end`,
        blockedUntil: sql`case when ${count} >= ${limit} then ${now + THROTTLE_BLOCK_MS} else ${loginThrottle.blockedUntil} end`,
      },
    });
}

export function clearFailuresStatement(services: Services, key: string) {
  return services.db.delete(loginThrottle).where(inArray(loginThrottle.key, [key]));
}
