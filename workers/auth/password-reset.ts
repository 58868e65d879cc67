/**
 * Password resets by link: an owner or admin issues one for a member (there is no email
 * service; the admin passes it on), and the member sets a new password with it.
 */
import { and, eq, gt, isNull } from "drizzle-orm";
import { memberships, passwordResets, sessions, users } from "../../schema";
import { randomToken, sha256Hex } from "../lib/crypto";
import { findFirst } from "../lib/db";
import { ApiError } from "../lib/errors";
import { DAY_MS } from "../lib/time";
import { getMemberInOrg } from "../orgs/members";
import { authorize, can } from "./access";
import { audit, type OrgContext, type PublicContext, publicOrgContext } from "./context";
import { hashPassword } from "./passwords";

const RESET_TTL_MS = DAY_MS;
const DEAD_LINK = "This reset link is invalid, used or expired; ask an admin for a new one.";

/** A reset link for the organization's member `userId`, shown once; `origin` is the dashboard's. */
export async function issuePasswordReset({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: { userId: string; origin: string };
}) {
  const { principal, services } = ctx;
  const target = await getMemberInOrg(ctx, input.userId);
  // The link sets the user's one password, which opens every organization they belong to: the
  // caller must be able to manage them in each of those, not only in this one.
  const everywhere = await ctx.control
    .select({ orgId: memberships.orgId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, input.userId));
  for (const membership of everywhere) {
    if (!can(principal, membership.orgId, "members:manage"))
      throw new ApiError(
        "FORBIDDEN",
        "This member also belongs to an organization you do not manage; they can reset their own password from their account, or an admin of every organization they belong to can issue the link.",
      );
    if (membership.role === "owner") authorize(principal, membership.orgId, "members:manage-owners");
  }
  const now = services.clock.now();
  const token = randomToken(32);
  const expiresAt = now + RESET_TTL_MS;
  await ctx.control.batch([
    ctx.control.insert(passwordResets).values({
      id: services.ids("passwordReset"),
      orgId: ctx.org.id,
      userId: input.userId,
      tokenHash: await sha256Hex(token),
      createdBy: principal.type === "user" ? principal.userId : null,
      createdAt: now,
      expiresAt,
    }),
    audit(ctx, "member.password_reset_issued", { type: "user", id: input.userId, label: target.email }),
  ]);
  const resetUrl = `${input.origin}/reset-password/${token}`;
  if (services.env.SIGHTLINE_ENV === "development")
    console.log(`Password reset link for ${target.email}: ${resetUrl}`);
  return { resetUrl, expiresAt: new Date(expiresAt).toISOString() };
}

/** Uses a reset link: new password, link spent, every session revoked. */
export async function resetPassword({
  ctx,
  input,
}: {
  ctx: PublicContext;
  input: { token: string; newPassword: string };
}) {
  const { control } = ctx;
  const now = ctx.services.clock.now();
  const reset = await findFirst(
    control,
    passwordResets,
    and(
      eq(passwordResets.tokenHash, await sha256Hex(input.token)),
      isNull(passwordResets.usedAt),
      gt(passwordResets.expiresAt, now),
    ),
  );
  if (!reset) throw new ApiError("NOT_FOUND", DEAD_LINK);
  const user = await findFirst(control, users, eq(users.id, reset.userId));
  if (!user) throw new ApiError("NOT_FOUND", DEAD_LINK);
  // The link's owner acts, in the organization whose admin issued it.
  const owner = publicOrgContext(ctx, reset.orgId, { type: "user", id: user.id, label: user.email });
  await control.batch([
    control
      .update(users)
      .set({ passwordHash: await hashPassword(input.newPassword), updatedAt: now })
      .where(eq(users.id, user.id)),
    control.update(passwordResets).set({ usedAt: now }).where(eq(passwordResets.id, reset.id)),
    control
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt))),
    audit(owner, "user.password_reset", { type: "user", id: user.id, label: user.email }),
  ]);
}
