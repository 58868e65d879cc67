import { and, gt, inArray, sql } from "drizzle-orm";
import { loginThrottle } from "../../schema";
import { ApiError } from "../lib/errors";
import type { PublicContext } from "./context";

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

/** What the throttle reads and writes with: the clock and the control plane (login_throttle). */
type ThrottleContext = Pick<PublicContext, "services" | "control">;

export async function assertNotThrottled(ctx: ThrottleContext, keys: { email: string; address: string }) {
  const now = ctx.services.clock.now();
  const blocked = await ctx.control
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
export function failureStatement(ctx: ThrottleContext, key: string, limit: number) {
  const now = ctx.services.clock.now();
  const windowStart = now - THROTTLE_WINDOW_MS;
  const fresh = sql`${loginThrottle.windowStartedAt} < ${windowStart}`;
  const count = sql`case when ${fresh} then 1 else ${loginThrottle.failures} + 1 end`;
  return ctx.control
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

export function clearFailuresStatement(ctx: ThrottleContext, key: string) {
  return ctx.control.delete(loginThrottle).where(inArray(loginThrottle.key, [key]));
}
