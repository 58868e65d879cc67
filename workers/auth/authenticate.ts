import { and, eq, gt, isNull } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { apiKeys, memberships, projects, sessions, users } from "../../schema";
import type { HonoEnv } from "../http/hono-env";
import { sha256Hex } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import type { Services } from "../lib/services";
import { looksLikeApiKey } from "./api-key-format";
import type { KeyCache } from "./key-cache";
import type { ApiKeyPrincipal, UserPrincipal } from "./principal";
import {
  clearedSessionCookie,
  readCookie,
  SESSION_COOKIE,
  SESSION_RENEW_BELOW_MS,
  SESSION_TTL_MS,
  sessionCookie,
  signSessionToken,
  verifySessionToken,
} from "./session-cookie";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** last_used_at is refreshed at most this often per key, to keep reads cheap. */
const LAST_USED_RESOLUTION_MS = 60_000;

const ADDRESS = /^[0-9A-Fa-f.:]{2,45}$/;

/** The client's IP as Cloudflare reports it; anything that is not an address is ignored. */
export function clientAddress(c: Context<HonoEnv>): string | null {
  const value = c.req.header("cf-connecting-ip") ?? c.req.header("x-real-ip");
  return value !== undefined && ADDRESS.test(value) ? value : null;
}

export const INVALID_KEY_MESSAGE =
  "The API key is not valid or has been revoked; create a new one in Settings.";

async function authenticateApiKey(
  services: Services,
  key: string,
  waitUntil: (p: Promise<unknown>) => void,
  cache: KeyCache | undefined,
): Promise<ApiKeyPrincipal> {
  if (!looksLikeApiKey(key)) {
    throw new ApiError("UNAUTHENTICATED", "That is not a Sightline API key; keys start with `sl_`.");
  }
  const now = services.clock.now();
  const hash = await sha256Hex(key);
  const cached = cache?.get(hash, now);
  if (cached) return cached;
  const [found] = await services.db
    .select({ key: apiKeys, project: projects })
    .from(apiKeys)
    .innerJoin(projects, eq(projects.id, apiKeys.projectId))
    // A deleted project's keys stop at once (its data is still being purged).
    .where(and(eq(apiKeys.hash, hash), isNull(projects.deletedAt)));
  const row = found?.key;
  if (!found || !row || row.revokedAt !== null) {
    throw new ApiError("UNAUTHENTICATED", INVALID_KEY_MESSAGE);
  }
  if (row.expiresAt !== null && row.expiresAt <= now) {
    throw new ApiError("UNAUTHENTICATED", `The API key expired on ${new Date(row.expiresAt).toISOString()}.`);
  }
  if (row.lastUsedAt === null || now - row.lastUsedAt > LAST_USED_RESOLUTION_MS) {
    waitUntil(
      services.db
        .update(apiKeys)
        .set({ lastUsedAt: now })
        .where(eq(apiKeys.id, row.id))
        .catch((err) => console.error("could not record API key use", err)),
    );
  }
  const principal: ApiKeyPrincipal = {
    type: "api_key",
    keyId: row.id,
    name: row.name,
    prefix: row.prefix,
    orgId: row.orgId,
    projectId: row.projectId,
    scopes: row.scopes,
    expiresAt: row.expiresAt,
    project: found.project,
  };
  cache?.set(hash, principal, now);
  return principal;
}

type SessionResult = { principal: UserPrincipal; renewedCookie: string | null };

async function authenticateSession(
  services: Services,
  token: string,
  requestUrl: string,
): Promise<SessionResult | null> {
  const secret = services.env.SESSION_SECRET;
  const now = services.clock.now();
  const claims = await verifySessionToken(token, secret, now);
  if (!claims) return null;
  const { db } = services;
  const [found, roles] = await db.batch([
    db
      .select({ session: sessions, user: { id: users.id, email: users.email, name: users.name } })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.id, claims.sid),
          eq(sessions.userId, claims.sub),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, now),
        ),
      ),
    db
      .select({ orgId: memberships.orgId, role: memberships.role })
      .from(memberships)
      .where(eq(memberships.userId, claims.sub)),
  ]);
  const row = found[0];
  if (!row) return null;

  let renewedCookie: string | null = null;
  if (row.session.expiresAt - now < SESSION_RENEW_BELOW_MS) {
    const expiresAt = now + SESSION_TTL_MS;
    await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, row.session.id));
    const renewed = await signSessionToken({ sid: row.session.id, sub: row.user.id, expiresAt }, secret);
    renewedCookie = sessionCookie(renewed, expiresAt, requestUrl, now);
  }
  return {
    principal: {
      type: "user",
      userId: row.user.id,
      email: row.user.email,
      name: row.user.name,
      sessionId: row.session.id,
      memberships: roles,
    },
    renewedCookie,
  };
}

/**
 * A cookie rides along on cross-site requests; an API key does not. So a write carried by
 * the session cookie must come from our own pages: the Origin (or, failing that,
 * Sec-Fetch-Site) has to say so.
 */
export function assertSameOrigin(c: Context<HonoEnv>, { required }: { required: boolean }): void {
  const origin = c.req.header("origin");
  const own = new URL(c.req.url).origin;
  if (origin !== undefined) {
    if (origin !== own)
      throw new ApiError("FORBIDDEN", "Cross-site request refused: send it from the Sightline dashboard.");
    return;
  }
  const site = c.req.header("sec-fetch-site");
  if (site === "same-origin") return;
  if (required) {
    throw new ApiError(
      "FORBIDDEN",
      "Cookie-authenticated writes must come from the Sightline dashboard (no Origin header); scripts should use an API key.",
    );
  }
}

/**
 * The API key of an Authorization header: `Bearer <key>`, or Basic auth whose password is the key
 * (what Langfuse's OTLP exporter sends, with its public key as the user name, which is ignored).
 */
function keyOf(authorization: string): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (bearer) return bearer;
  const basic = /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(authorization)?.[1];
  if (!basic) return null;
  let decoded: string;
  try {
    decoded = atob(basic);
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  const password = colon === -1 ? "" : decoded.slice(colon + 1);
  return password === "" ? null : password;
}

/**
 * Resolves the caller from `Authorization: Bearer <key>` (or Basic with the key as password) or the session cookie; never requires
 * one. With `keyCache`, keys looked up in the last minute are reused: only for routes whose
 * writes check the key again in their own transaction (see KeyCache).
 */
export function authenticate(options: { keyCache?: KeyCache } = {}): MiddlewareHandler<HonoEnv> {
  return async function authenticateMiddleware(c, next) {
    const services = c.get("services");
    c.set("principal", null);
    const authorization = c.req.header("authorization");
    if (authorization !== undefined) {
      const key = keyOf(authorization);
      if (!key)
        throw new ApiError(
          "UNAUTHENTICATED",
          "Send the API key as `Authorization: Bearer <key>` (or as the password of Basic auth).",
        );
      c.set(
        "principal",
        await authenticateApiKey(services, key, (p) => c.executionCtx.waitUntil(p), options.keyCache),
      );
      return next();
    }
    const token = readCookie(c.req.header("cookie"), SESSION_COOKIE);
    if (token) {
      const result = await authenticateSession(services, token, c.req.url);
      if (result) {
        if (UNSAFE_METHODS.has(c.req.method)) assertSameOrigin(c, { required: true });
        c.set("principal", result.principal);
        if (result.renewedCookie) c.header("Set-Cookie", result.renewedCookie, { append: true });
      } else {
        // A stale or forged cookie: forget it, and carry on as anonymous.
        c.header("Set-Cookie", clearedSessionCookie(c.req.url), { append: true });
      }
    } else if (UNSAFE_METHODS.has(c.req.method)) {
      // Login and signup carry no credential: still refuse them from other sites.
      assertSameOrigin(c, { required: false });
    }
    return next();
  };
}
