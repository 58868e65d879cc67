import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { invitations, memberships, orgs, passwordResets, users } from "../../schema";
import type { Role } from "../../schema/accounts";
import { auditStatement } from "../audit/record";
import { authorize, can } from "../auth/access";
import { assignableRoles } from "../auth/permissions";
import type { UserPrincipal } from "../auth/principal";
import { actorOf } from "../auth/principal";
import type { Access } from "../http/hono-env";
import { randomToken, sha256Hex } from "../lib/crypto";
import { findFirst, isNotNullViolation, isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import type { Services } from "../lib/services";

const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const RESET_TTL_MS = 24 * 60 * 60 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

export async function createInvitation({
  services,
  access,
  input,
  origin,
}: {
  services: Services;
  access: Access;
  input: { role: Role; email?: string | undefined };
  origin: string;
}) {
  if (!assignableRoles(access.role ?? "viewer").includes(input.role)) {
    throw new ApiError("FORBIDDEN", `Your role cannot invite people as ${input.role}.`);
  }
  const now = services.clock.now();
  const token = randomToken(32);
  const row = {
    id: services.ids("invitation"),
    orgId: access.orgId,
    email: input.email ?? null,
    role: input.role,
    tokenHash: await sha256Hex(token),
    invitedBy: access.principal.type === "user" ? access.principal.userId : null,
    createdAt: now,
    expiresAt: now + INVITATION_TTL_MS,
  };
  await services.db.batch([
    services.db.insert(invitations).values(row),
    auditStatement(services, {
      orgId: access.orgId,
      actor: actorOf(access.principal),
      action: "member.invited",
      target: { type: "invitation", id: row.id, label: row.email ?? "invite link" },
      metadata: { role: row.role },
      ip: access.ip,
    }),
  ]);
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    expiresAt: iso(row.expiresAt),
    inviteUrl: `${origin}/invite/${token}`,
  };
}

export async function listInvitations({ services, orgId }: { services: Services; orgId: string }) {
  const rows = await services.db
    .select({ invitation: invitations, inviterName: users.name })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(
      and(
        eq(invitations.orgId, orgId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, services.clock.now()),
      ),
    )
    .orderBy(invitations.createdAt);
  return rows.map(({ invitation: i, inviterName }) => ({
    id: i.id,
    email: i.email,
    role: i.role,
    createdAt: iso(i.createdAt),
    expiresAt: iso(i.expiresAt),
    invitedBy: i.invitedBy ? { id: i.invitedBy, name: inviterName ?? "" } : null,
  }));
}

export async function revokeInvitation({
  services,
  access,
  invitationId,
}: {
  services: Services;
  access: Access;
  invitationId: string;
}) {
  const invitation = await findFirst(
    services.db,
    invitations,
    and(eq(invitations.id, invitationId), eq(invitations.orgId, access.orgId)),
  );
  if (!invitation) throw ApiError.notFound("Invitation");
  if (invitation.revokedAt !== null || invitation.acceptedAt !== null) return;
  await services.db.batch([
    services.db
      .update(invitations)
      .set({ revokedAt: services.clock.now() })
      .where(eq(invitations.id, invitation.id)),
    auditStatement(services, {
      orgId: access.orgId,
      actor: actorOf(access.principal),
      action: "invitation.revoked",
      target: { type: "invitation", id: invitation.id, label: invitation.email ?? "invite link" },
      ip: access.ip,
    }),
  ]);
}

/** Not accepted, not revoked, not expired: what makes an invitation usable at `now`. */
function usable(now: number) {
  return and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now));
}

async function findUsableInvitation(services: Services, token: string) {
  const [row] = await services.db
    .select({ invitation: invitations, orgName: orgs.name, inviterName: users.name })
    .from(invitations)
    .innerJoin(orgs, eq(orgs.id, invitations.orgId))
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.tokenHash, await sha256Hex(token)), usable(services.clock.now())));
  if (!row)
    throw new ApiError(
      "NOT_FOUND",
      "This invitation is invalid, used, revoked or expired; ask for a new link.",
    );
  return row;
}

export async function previewInvitation({ services, token }: { services: Services; token: string }) {
  const { invitation, orgName, inviterName } = await findUsableInvitation(services, token);
  return {
    organization: { id: invitation.orgId, name: orgName },
    role: invitation.role,
    email: invitation.email,
    expiresAt: iso(invitation.expiresAt),
    invitedBy: inviterName ? { name: inviterName } : null,
  };
}

export async function acceptInvitation({
  services,
  principal,
  token,
  ip,
}: {
  services: Services;
  principal: UserPrincipal;
  token: string;
  ip: string | null;
}) {
  const { invitation, orgName } = await findUsableInvitation(services, token);
  if (invitation.email !== null && invitation.email !== principal.email) {
    throw new ApiError(
      "FORBIDDEN",
      `This invitation is for ${invitation.email}; log in with that account to accept it.`,
    );
  }
  if (principal.memberships.some((m) => m.orgId === invitation.orgId)) {
    throw new ApiError("CONFLICT", `You are already a member of ${orgName}.`);
  }
  const now = services.clock.now();
  // Another accept may have used the invitation since it was read: the membership's created_at
  // is then NULL, the insert fails its NOT NULL check and the whole batch rolls back.
  const stillUsable = sql`(select ${now} from ${invitations} where ${and(eq(invitations.id, invitation.id), usable(now))})`;
  try {
    await services.db.batch([
      services.db.insert(memberships).values({
        id: services.ids("membership"),
        orgId: invitation.orgId,
        userId: principal.userId,
        role: invitation.role,
        createdAt: stillUsable,
      }),
      services.db
        .update(invitations)
        .set({ acceptedAt: now, acceptedBy: principal.userId })
        .where(eq(invitations.id, invitation.id)),
      auditStatement(services, {
        orgId: invitation.orgId,
        actor: { type: "user", id: principal.userId, label: principal.email },
        action: "member.joined",
        target: { type: "user", id: principal.userId, label: principal.email },
        metadata: { role: invitation.role, invitationId: invitation.id },
        ip,
      }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError("CONFLICT", `You are already a member of ${orgName}.`);
    if (isNotNullViolation(err, "memberships.created_at")) {
      throw new ApiError("CONFLICT", "This invitation was used a moment ago; ask for a new link.");
    }
    throw err;
  }
  return { organization: { id: invitation.orgId, name: orgName, role: invitation.role } };
}

/** An admin-issued reset link for a member (there is no email service; the admin passes it on). */
export async function issuePasswordReset({
  services,
  access,
  userId,
  origin,
}: {
  services: Services;
  access: Access;
  userId: string;
  origin: string;
}) {
  // The link sets the user's one password, which opens every organisation they belong to: the
  // caller must be able to manage them in each of those, not only in this one.
  const rows = await services.db
    .select({ email: users.email, orgId: memberships.orgId, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.userId, userId));
  const target = rows.find((r) => r.orgId === access.orgId);
  if (!target) throw ApiError.notFound("Member");
  for (const membership of rows) {
    if (!can(access.principal, membership.orgId, "members:manage"))
      throw new ApiError(
        "FORBIDDEN",
        "This member also belongs to an organisation you do not manage; they can reset their own password from their account, or an admin of every organisation they belong to can issue the link.",
      );
    if (membership.role === "owner") authorize(access.principal, membership.orgId, "members:manage-owners");
  }
  const now = services.clock.now();
  const token = randomToken(32);
  const expiresAt = now + RESET_TTL_MS;
  await services.db.batch([
    services.db.insert(passwordResets).values({
      id: services.ids("passwordReset"),
      orgId: access.orgId,
      userId,
      tokenHash: await sha256Hex(token),
      createdBy: access.principal.type === "user" ? access.principal.userId : null,
      createdAt: now,
      expiresAt,
    }),
    auditStatement(services, {
      orgId: access.orgId,
      actor: actorOf(access.principal),
      action: "member.password_reset_issued",
      target: { type: "user", id: userId, label: target.email },
      ip: access.ip,
    }),
  ]);
  const resetUrl = `${origin}/reset-password/${token}`;
  if (services.env.SIGHTLINE_ENV === "development")
    console.log(`Password reset link for ${target.email}: ${resetUrl}`);
  return { resetUrl, expiresAt: iso(expiresAt) };
}
