import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { invitations, memberships, orgs, users } from "../../schema";
import type { Role } from "../../schema/accounts";
import { audit, type OrgContext, orgContext, type PublicContext, type UserContext } from "../auth/context";
import { assignableRoles } from "../auth/permissions";
import { randomToken, sha256Hex } from "../lib/crypto";
import { findFirst, isNotNullViolation, isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { DAY_MS, isoTime } from "../lib/time";

const INVITATION_TTL_MS = 7 * DAY_MS;

/** An invitation link for the organization; `origin` is where the dashboard that opens it lives. */
export async function createInvitation({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: { role: Role; email?: string | undefined; origin: string };
}) {
  if (!assignableRoles(ctx.role ?? "viewer").includes(input.role)) {
    throw new ApiError("FORBIDDEN", `Your role cannot invite people as ${input.role}.`);
  }
  const { services, principal } = ctx;
  const now = services.clock.now();
  const token = randomToken(32);
  const row = {
    id: services.ids("invitation"),
    orgId: ctx.org.id,
    email: input.email ?? null,
    role: input.role,
    tokenHash: await sha256Hex(token),
    invitedBy: principal.type === "user" ? principal.userId : null,
    createdAt: now,
    expiresAt: now + INVITATION_TTL_MS,
  };
  await ctx.control.batch([
    ctx.control.insert(invitations).values(row),
    audit(
      ctx,
      "member.invited",
      { type: "invitation", id: row.id, label: row.email ?? "invite link" },
      { role: row.role },
    ),
  ]);
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    expiresAt: isoTime(row.expiresAt),
    inviteUrl: `${input.origin}/invite/${token}`,
  };
}

export async function listInvitations({ ctx }: { ctx: OrgContext }) {
  const rows = await ctx.control
    .select({ invitation: invitations, inviterName: users.name })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(
      and(
        eq(invitations.orgId, ctx.org.id),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, ctx.services.clock.now()),
      ),
    )
    .orderBy(invitations.createdAt);
  return rows.map(({ invitation: i, inviterName }) => ({
    id: i.id,
    email: i.email,
    role: i.role,
    createdAt: isoTime(i.createdAt),
    expiresAt: isoTime(i.expiresAt),
    invitedBy: i.invitedBy ? { id: i.invitedBy, name: inviterName ?? "" } : null,
  }));
}

/** The organization's invitation `invitationId` (in any state), or NotFound (other organizations' alike). */
export async function getInvitationInOrg(ctx: OrgContext, invitationId: string) {
  const invitation = await findFirst(
    ctx.control,
    invitations,
    and(eq(invitations.id, invitationId), eq(invitations.orgId, ctx.org.id)),
  );
  if (!invitation) throw ApiError.notFound("Invitation");
  return invitation;
}

export async function revokeInvitation({ ctx, input }: { ctx: OrgContext; input: { invitationId: string } }) {
  const invitation = await getInvitationInOrg(ctx, input.invitationId);
  if (invitation.revokedAt !== null || invitation.acceptedAt !== null) return;
  await ctx.control.batch([
    ctx.control
      .update(invitations)
      .set({ revokedAt: ctx.services.clock.now() })
      .where(eq(invitations.id, invitation.id)),
    audit(ctx, "invitation.revoked", {
      type: "invitation",
      id: invitation.id,
      label: invitation.email ?? "invite link",
    }),
  ]);
}

/** Not accepted, not revoked, not expired: what makes an invitation usable at `now`. */
function usable(now: number) {
  return and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now));
}

/** The invitation a link's token names, if it can still be used; the token is the capability. */
async function findUsableInvitation(ctx: PublicContext, token: string) {
  const [row] = await ctx.control
    .select({ invitation: invitations, orgName: orgs.name, inviterName: users.name })
    .from(invitations)
    .innerJoin(orgs, eq(orgs.id, invitations.orgId))
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.tokenHash, await sha256Hex(token)), usable(ctx.services.clock.now())));
  if (!row)
    throw new ApiError(
      "NOT_FOUND",
      "This invitation is invalid, used, revoked or expired; ask for a new link.",
    );
  return row;
}

export async function previewInvitation({ ctx, input }: { ctx: PublicContext; input: { token: string } }) {
  const { invitation, orgName, inviterName } = await findUsableInvitation(ctx, input.token);
  return {
    organization: { id: invitation.orgId, name: orgName },
    role: invitation.role,
    email: invitation.email,
    expiresAt: isoTime(invitation.expiresAt),
    invitedBy: inviterName ? { name: inviterName } : null,
  };
}

export async function acceptInvitation({ ctx, input }: { ctx: UserContext; input: { token: string } }) {
  const { principal, services } = ctx;
  const { invitation, orgName } = await findUsableInvitation(ctx, input.token);
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
  const joined = orgContext(ctx, invitation.orgId, invitation.role);
  // Another accept may have used the invitation since it was read: the membership's created_at
  // is then NULL, the insert fails its NOT NULL check and the whole batch rolls back.
  const stillUsable = sql`(select ${now} from ${invitations} where ${and(eq(invitations.id, invitation.id), usable(now))})`;
  try {
    await ctx.control.batch([
      ctx.control.insert(memberships).values({
        id: services.ids("membership"),
        orgId: invitation.orgId,
        userId: principal.userId,
        role: invitation.role,
        createdAt: stillUsable,
      }),
      ctx.control
        .update(invitations)
        .set({ acceptedAt: now, acceptedBy: principal.userId })
        .where(eq(invitations.id, invitation.id)),
      audit(
        joined,
        "member.joined",
        { type: "user", id: principal.userId, label: principal.email },
        { role: invitation.role, invitationId: invitation.id },
      ),
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
