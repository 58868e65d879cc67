import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { memberships, orgs, users } from "../../schema";
import type { Role } from "../../schema/accounts";
import { authorize } from "../auth/access";
import { audit, type OrgContext } from "../auth/context";
import { assignableRoles } from "../auth/permissions";
import { isNotNullViolation } from "../lib/db";
import { ApiError } from "../lib/errors";

export async function listMembers({ ctx }: { ctx: OrgContext }) {
  const rows = await ctx.control
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, ctx.org.id))
    .orderBy(memberships.createdAt);
  return rows.map((r) => ({ ...r, joinedAt: new Date(r.joinedAt).toISOString() }));
}

/** The organization's member `userId` with their membership, or NotFound (non-members alike). */
export async function getMemberInOrg(ctx: OrgContext, userId: string) {
  const [row] = await ctx.control
    .select({ membership: memberships, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, ctx.org.id), eq(memberships.userId, userId)));
  if (!row) throw ApiError.notFound("Member");
  return row;
}

/**
 * A batch step that fails (NOT NULL on orgs.updated_at) when the organization has no owner left,
 * rolling back the batch. Checked inside the write, not read before it, so two owners demoting or
 * removing each other at the same moment cannot both succeed. Otherwise it rewrites the same value.
 */
function ownerRemains(ctx: OrgContext) {
  const orgId = ctx.org.id;
  return ctx.control
    .update(orgs)
    .set({
      updatedAt: sql`(select ${orgs.updatedAt} where exists (select 1 from ${memberships} where ${and(
        eq(memberships.orgId, orgId),
        eq(memberships.role, "owner"),
      )}))`,
    })
    .where(eq(orgs.id, orgId));
}

/** Runs a batch that must leave the organization an owner; CONFLICT with `message` otherwise. */
async function keepingAnOwner(
  ctx: OrgContext,
  message: string,
  steps: [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]],
): Promise<void> {
  try {
    await ctx.control.batch([...steps, ownerRemains(ctx)]);
  } catch (err) {
    if (isNotNullViolation(err, "orgs.updated_at")) throw new ApiError("CONFLICT", message);
    throw err;
  }
}

const LAST_OWNER_ROLE = "This is the organization's last owner; make someone else an owner first.";
const LAST_OWNER_LEAVES = "The last owner cannot leave or be removed; make someone else an owner first.";

const memberView = (target: Awaited<ReturnType<typeof getMemberInOrg>>, role: Role) => ({
  userId: target.membership.userId,
  email: target.email,
  name: target.name,
  role,
  joinedAt: new Date(target.membership.createdAt).toISOString(),
});

export async function changeMemberRole({
  ctx,
  input,
}: {
  ctx: OrgContext;
  input: { userId: string; role: Role };
}) {
  const { role } = input;
  const target = await getMemberInOrg(ctx, input.userId);
  const from = target.membership.role;
  if (from === "owner" || role === "owner") authorize(ctx.principal, ctx.org.id, "members:manage-owners");
  if (!assignableRoles(ctx.role ?? "viewer").includes(role)) {
    throw new ApiError("FORBIDDEN", `Your role cannot grant the ${role} role.`);
  }
  if (from === role) return memberView(target, role);
  await keepingAnOwner(ctx, LAST_OWNER_ROLE, [
    ctx.control.update(memberships).set({ role }).where(eq(memberships.id, target.membership.id)),
    audit(
      ctx,
      "member.role_changed",
      { type: "user", id: target.membership.userId, label: target.email },
      { from, to: role },
    ),
  ]);
  return memberView(target, role);
}

/** Removes a member; removing yourself is leaving, which any member may do. */
export async function removeMember({ ctx, input }: { ctx: OrgContext; input: { userId: string } }) {
  const { principal } = ctx;
  const orgId = ctx.org.id;
  const leaving = principal.type === "user" && principal.userId === input.userId;
  if (!leaving) authorize(principal, orgId, "members:manage");
  const target = await getMemberInOrg(ctx, input.userId);
  if (target.membership.role === "owner" && !leaving) authorize(principal, orgId, "members:manage-owners");
  await keepingAnOwner(ctx, LAST_OWNER_LEAVES, [
    ctx.control.delete(memberships).where(eq(memberships.id, target.membership.id)),
    audit(
      ctx,
      leaving ? "member.left" : "member.removed",
      { type: "user", id: target.membership.userId, label: target.email },
      { role: target.membership.role },
    ),
  ]);
}
