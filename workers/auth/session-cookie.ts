import { jwtVerify, SignJWT } from "jose";
import { DAY_MS } from "../lib/time";

export const SESSION_COOKIE = "sl_session";
/** Sessions last a week and are renewed when less than half of that remains. */
export const SESSION_TTL_MS = 7 * DAY_MS;
export const SESSION_RENEW_BELOW_MS = SESSION_TTL_MS / 2;

export type SessionClaims = { sid: string; sub: string; exp: number };

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function signSessionToken(
  claims: { sid: string; sub: string; expiresAt: number },
  secret: string,
): Promise<string> {
  return new SignJWT({ sid: claims.sid })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(claims.expiresAt / 1000))
    .sign(keyOf(secret));
}

/** The claims of a valid, unexpired token signed with `secret`, or null. */
export async function verifySessionToken(
  token: string,
  secret: string,
  nowMs: number,
): Promise<SessionClaims | null> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      algorithms: ["HS256"],
      currentDate: new Date(nowMs),
    });
    if (
      typeof payload.sid !== "string" ||
      typeof payload.sub !== "string" ||
      typeof payload.exp !== "number"
    ) {
      return null;
    }
    return { sid: payload.sid, sub: payload.sub, exp: payload.exp };
  } catch {
    return null;
  }
}

function isLocalHost(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]" || host.endsWith(".localhost");
}

/** The Set-Cookie value: HttpOnly, SameSite=Lax, Secure except on localhost. */
export function sessionCookie(token: string, expiresAt: number, requestUrl: string, nowMs: number): string {
  const maxAge = Math.max(0, Math.floor((expiresAt - nowMs) / 1000));
  const secure = isLocalHost(requestUrl) ? "" : "; Secure";
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

export function clearedSessionCookie(requestUrl: string): string {
  const secure = isLocalHost(requestUrl) ? "" : "; Secure";
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}
