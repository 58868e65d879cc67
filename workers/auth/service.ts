import { and, eq, gt, isNull, ne } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { memberships, passwordResets, sessions, users } from "../../schema";
import { auditStatement } from "../audit/record";
import { sha256Hex } from "../lib/crypto";
import { findFirst, isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import type { Services } from "../lib/services";
import { newOrganizationStatements } from "../orgs/service";
import { DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from "./passwords";
import type { Actor, UserPrincipal } from "./principal";
import { SESSION_TTL_MS, sessionCookie, signSessionToken } from "./session-cookie";
import {
  assertNotThrottled,
  clearFailuresStatement,
  failureStatement,
  MAX_FAILURES_PER_ADDRESS,
  MAX_FAILURES_PER_EMAIL,
  throttleKeys,
} from "./throttle";
import { projectView } from "./whoami";

export type RequestMeta = { ip: string | null; userAgent: string | null; url: string };
type Batch = [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]];

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** A new session row plus the cookie naming it. */
async function startSession(services: Services, userId: string, meta: RequestMeta) {
  const now = services.clock.now();
  const id = services.ids("session");
  const expiresAt = now + SESSION_TTL_MS;
  const token = await signSessionToken({ sid: id, sub: userId, expiresAt }, services.env.SESSION_SECRET);
  return {
    statement: services.db.insert(sessions).values({
      id,
      userId,
      createdAt: now,
      expiresAt,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    }),
    cookie: sessionCookie(token, expiresAt, meta.url, now),
  };
}

export async function signUp({
  services,
  input,
  meta,
}: {
  services: Services;
  input: { email: string; password: string; name: string; organization?: string | undefined };
  meta: RequestMeta;
}) {
  const email = normaliseEmail(input.email);
  const [existing] = await services.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  if (existing) throw new ApiError("CONFLICT", "An account with this email already exists; log in instead.");
  const now = services.clock.now();
  const user = {
    id: services.ids("user"),
    email,
    name: input.name.trim(),
    createdAt: now,
    updatedAt: now,
    lastLoginAt: now,
  };
  const { org, project, statements } = newOrganizationStatements(
    { services, control: services.db },
    {
      name: input.organization?.trim() || `${user.name}'s organization`,
      ownerId: user.id,
    },
  );
  const session = await startSession(services, user.id, meta);
  const actor: Actor = { type: "user", id: user.id, label: email };
  try {
    await services.db.batch([
      services.db.insert(users).values({ ...user, passwordHash: await hashPassword(input.password) }),
      ...statements,
      session.statement,
      auditStatement(services, {
        orgId: org.id,
        actor,
        action: "user.signed_up",
        target: { type: "user", id: user.id, label: email },
        ip: meta.ip,
      }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ApiError("CONFLICT", "An account with this email already exists; log in instead.");
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

export async function logIn({
  services,
  input,
  meta,
}: {
  services: Services;
  input: { email: string; password: string };
  meta: RequestMeta;
}) {
  const email = normaliseEmail(input.email);
  const keys = throttleKeys(email, meta.ip);
  await assertNotThrottled(services, keys);
  const user = await findFirst(services.db, users, eq(users.email, email));
  const check = await verifyPassword(input.password, user?.passwordHash ?? DECOY_PASSWORD_HASH);
  if (!user || !check.ok) {
    const orgIds = user
      ? (
          await services.db
            .select({ orgId: memberships.orgId })
            .from(memberships)
            .where(eq(memberships.userId, user.id))
        ).map((m) => m.orgId)
      : [];
    const statements: Batch = [
      failureStatement(services, keys.email, MAX_FAILURES_PER_EMAIL),
      failureStatement(services, keys.address, MAX_FAILURES_PER_ADDRESS),
      ...orgIds.map((orgId) =>
        auditStatement(services, {
          orgId,
          actor: { type: "anonymous", id: null, label: meta.ip ?? "unknown address" },
          action: "auth.login_failed",
          target: { type: "user", id: user?.id ?? null, label: email },
          ip: meta.ip,
        }),
      ),
    ];
    await services.db.batch(statements);
    throw new ApiError("UNAUTHENTICATED", "The email or password is incorrect.");
  }
  const session = await startSession(services, user.id, meta);
  const now = services.clock.now();
  await services.db.batch([
    session.statement,
    services.db
      .update(users)
      .set({
        lastLoginAt: now,
        ...(check.needsRehash ? { passwordHash: await hashPassword(input.password), updatedAt: now } : {}),
      })
      .where(eq(users.id, user.id)),
    clearFailuresStatement(services, keys.email),
  ]);
  return { cookie: session.cookie, body: { user: { id: user.id, email: user.email, name: user.name } } };
}

export async function logOut({
  services,
  principal,
}: {
  services: Services;
  principal: UserPrincipal | null;
}) {
  if (!principal) return;
  await services.db
    .update(sessions)
    .set({ revokedAt: services.clock.now() })
    .where(and(eq(sessions.id, principal.sessionId), isNull(sessions.revokedAt)));
}

function passwordAuditStatements(
  services: Services,
  principalOrgs: string[],
  actor: Actor,
  userId: string,
  action: string,
  ip: string | null,
) {
  return principalOrgs.map((orgId) =>
    auditStatement(services, {
      orgId,
      actor,
      action,
      target: { type: "user", id: userId, label: actor.label },
      ip,
    }),
  );
}

/** Changes the password and revokes every other session of the user. */
export async function changePassword({
  services,
  principal,
  input,
  ip,
}: {
  services: Services;
  principal: UserPrincipal;
  input: { currentPassword: string; newPassword: string };
  ip: string | null;
}) {
  const user = await findFirst(services.db, users, eq(users.id, principal.userId));
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash)).ok) {
    throw new ApiError("FORBIDDEN", "The current password is incorrect.");
  }
  const now = services.clock.now();
  const actor: Actor = { type: "user", id: user.id, label: user.email };
  await services.db.batch([
    services.db
      .update(users)
      .set({ passwordHash: await hashPassword(input.newPassword), updatedAt: now })
      .where(eq(users.id, user.id)),
    services.db
      .update(sessions)
      .set({ revokedAt: now })
      .where(
        and(eq(sessions.userId, user.id), ne(sessions.id, principal.sessionId), isNull(sessions.revokedAt)),
      ),
    ...passwordAuditStatements(
      services,
      principal.memberships.map((m) => m.orgId),
      actor,
      user.id,
      "user.password_changed",
      ip,
    ),
  ]);
}

/** Uses an admin-issued reset link: new password, link spent, every session revoked. */
export async function resetPassword({
  services,
  input,
  ip,
}: {
  services: Services;
  input: { token: string; newPassword: string };
  ip: string | null;
}) {
  const now = services.clock.now();
  const reset = await findFirst(
    services.db,
    passwordResets,
    and(
      eq(passwordResets.tokenHash, await sha256Hex(input.token)),
      isNull(passwordResets.usedAt),
      gt(passwordResets.expiresAt, now),
    ),
  );
  if (!reset)
    throw new ApiError(
      "NOT_FOUND",
      "This reset link is invalid, used or expired; ask an admin for a new one.",
    );
  const user = await findFirst(services.db, users, eq(users.id, reset.userId));
  if (!user)
    throw new ApiError(
      "NOT_FOUND",
      "This reset link is invalid, used or expired; ask an admin for a new one.",
    );
  const actor: Actor = { type: "user", id: user.id, label: user.email };
  await services.db.batch([
    services.db
      .update(users)
      .set({ passwordHash: await hashPassword(input.newPassword), updatedAt: now })
      .where(eq(users.id, user.id)),
    services.db.update(passwordResets).set({ usedAt: now }).where(eq(passwordResets.id, reset.id)),
    services.db
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt))),
    auditStatement(services, {
      orgId: reset.orgId,
      actor,
      action: "user.password_reset",
      target: { type: "user", id: user.id, label: user.email },
      ip,
    }),
  ]);
}
