import { and, eq, isNull, ne } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { memberships, sessions, users } from "../../schema";
import { findFirst, isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { newOrganizationStatements } from "../orgs/service";
import { projectView } from "../projects/view";
import { audit, orgContext, type PublicContext, publicOrgContext, type UserContext } from "./context";
import { DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from "./passwords";
import { SESSION_TTL_MS, sessionCookie, signSessionToken } from "./session-cookie";
import {
  assertNotThrottled,
  clearFailuresStatement,
  failureStatement,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_EMAIL,
  throttleKeys,
} from "./throttle";

/** What a new session records of the client, and the request URL its cookie is set for. */
export type SessionClient = { userAgent: string | null; url: string };
type Batch = [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]];

const EMAIL_TAKEN = "An account with this email already exists; log in instead.";

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** A new session row plus the cookie naming it. */
async function startSession(ctx: PublicContext, userId: string, client: SessionClient) {
  const { services } = ctx;
  const now = services.clock.now();
  const id = services.ids("session");
  const expiresAt = now + SESSION_TTL_MS;
  const token = await signSessionToken({ sid: id, sub: userId, expiresAt }, services.env.SESSION_SECRET);
  return {
    statement: ctx.control.insert(sessions).values({
      id,
      userId,
      createdAt: now,
      expiresAt,
      ip: ctx.ip,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    }),
    cookie: sessionCookie(token, expiresAt, client.url, now),
  };
}

/** A new user with an organization of their own (and its Default project), logged in. */
export async function signUp({
  ctx,
  input,
}: {
  ctx: PublicContext;
  input: SessionClient & { email: string; password: string; name: string; organization?: string | undefined };
}) {
  const { services, control } = ctx;
  const email = normaliseEmail(input.email);
  const [existing] = await control
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  if (existing) throw new ApiError("CONFLICT", EMAIL_TAKEN);
  const now = services.clock.now();
  const user = {
    id: services.ids("user"),
    email,
    name: input.name.trim(),
    createdAt: now,
    updatedAt: now,
    lastLoginAt: now,
  };
  const { org, project, statements } = newOrganizationStatements(ctx, {
    name: input.organization?.trim() || `${user.name}'s organization`,
    ownerId: user.id,
  });
  const session = await startSession(ctx, user.id, input);
  const signedUp = publicOrgContext(ctx, org.id, { type: "user", id: user.id, label: email });
  try {
    await control.batch([
      control.insert(users).values({ ...user, passwordHash: await hashPassword(input.password) }),
      ...statements,
      session.statement,
      audit(signedUp, "user.signed_up", { type: "user", id: user.id, label: email }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError("CONFLICT", EMAIL_TAKEN);
    throw err;
  }
  return {
    cookie: session.cookie,
    body: {
      user: { id: user.id, email, name: user.name },
      organization: { id: org.id, name: org.name, role: "owner" as const },
      project: projectView(project),
    },
  };
}

/**
 * Checks the password and starts a session. A failure counts against the email and the client
 * address (throttle.ts) and is audited, anonymously, in each organization of the account named.
 */
export async function logIn({
  ctx,
  input,
}: {
  ctx: PublicContext;
  input: SessionClient & { email: string; password: string };
}) {
  const { services, control } = ctx;
  const email = normaliseEmail(input.email);
  const keys = throttleKeys(email, ctx.ip);
  await assertNotThrottled(ctx, keys);
  const user = await findFirst(control, users, eq(users.email, email));
  const check = await verifyPassword(input.password, user?.passwordHash ?? DECOY_PASSWORD_HASH);
  if (!user || !check.ok) {
    const orgIds = user
      ? (
          await control
            .select({ orgId: memberships.orgId })
            .from(memberships)
            .where(eq(memberships.userId, user.id))
        ).map((m) => m.orgId)
      : [];
    const statements: Batch = [
      failureStatement(ctx, keys.email, MAX_FAILURES_PER_EMAIL),
      failureStatement(ctx, keys.address, MAX_FAILURES_PER_ADDRESS),
      ...orgIds.map((orgId) =>
        audit(publicOrgContext(ctx, orgId), "auth.login_failed", {
          type: "user",
          id: user?.id ?? null,
          label: email,
        }),
      ),
    ];
    await control.batch(statements);
    throw new ApiError("UNAUTHENTICATED", "The email or password is incorrect.");
  }
  const session = await startSession(ctx, user.id, input);
  const now = services.clock.now();
  await control.batch([
    session.statement,
    control
      .update(users)
      .set({
        lastLoginAt: now,
        ...(check.needsRehash ? { passwordHash: await hashPassword(input.password), updatedAt: now } : {}),
      })
      .where(eq(users.id, user.id)),
    clearFailuresStatement(ctx, keys.email),
  ]);
  return { cookie: session.cookie, body: { user: { id: user.id, email: user.email, name: user.name } } };
}

/** Revokes the request's session, if it came with one. */
export async function logOut({ ctx, input }: { ctx: PublicContext; input: { sessionId: string | null } }) {
  if (input.sessionId === null) return;
  await ctx.control
    .update(sessions)
    .set({ revokedAt: ctx.services.clock.now() })
    .where(and(eq(sessions.id, input.sessionId), isNull(sessions.revokedAt)));
}

/** Changes the password and revokes every other session of the user; audited in each of their organizations. */
export async function changePassword({
  ctx,
  input,
}: {
  ctx: UserContext;
  input: { currentPassword: string; newPassword: string };
}) {
  const { principal, control } = ctx;
  const user = await findFirst(control, users, eq(users.id, principal.userId));
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash)).ok) {
    throw new ApiError("FORBIDDEN", "The current password is incorrect.");
  }
  const now = ctx.services.clock.now();
  await control.batch([
    control
      .update(users)
      .set({ passwordHash: await hashPassword(input.newPassword), updatedAt: now })
      .where(eq(users.id, user.id)),
    control
      .update(sessions)
      .set({ revokedAt: now })
      .where(
        and(eq(sessions.userId, user.id), ne(sessions.id, principal.sessionId), isNull(sessions.revokedAt)),
      ),
    ...principal.memberships.map((m) =>
      audit(orgContext(ctx, m.orgId, m.role), "user.password_changed", {
        type: "user",
        id: user.id,
        label: user.email,
      }),
    ),
  ]);
}
