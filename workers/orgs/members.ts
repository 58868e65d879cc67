import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { memberships, orgs, users } from "../../schema";
import type { Role } from "../../schema/accounts";
import { auditStatement } from "../audit/record";
import { authorize } from "../auth/access";
import { assignableRoles } from "../auth/permissions";
import { actorOf } from "../auth/principal";
import type { Access } from "../http/hono-env";
import { isNotNullViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import type { Services } from "../lib/services";

export async function listMembers({ services, orgId }: { services: Services; orgId: string }) {
  const rows = await services.db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(memberships.createdAt);
  return rows.map((r) => ({ ...r, joinedAt: new Date(r.joinedAt).toISOString() }));
}

async function findMember(services: Services, orgId: string, userId: string) {
  const [row] = await services.db
    .select({ membership: memberships, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  if (!row) throw ApiError.notFound("Member");
  return row;
}

/**
 * A batch step that fails (NOT NULL on orgs.updated_at) when the organisation has no owner left,
 * rolling back the batch. Checked inside the write, not read before it, so two owners demoting or
 * removing each other at the same moment cannot both succeed. Otherwise it rewrites the same value.
 */
function ownerRemains(services: Services, orgId: string) {
  return services.db
    .update(orgs)
    .set({
      updatedAt: sql`(select ${orgs.updatedAt} where exists (select 1 from ${memberships} where ${and(
        eq(memberships.orgId, orgId),
        eq(memberships.role, "owner"),
      )}))`,
    })
    .where(eq(orgs.id, orgId));
}

/** Runs a batch that must leave the organisation an owner; CONFLICT with `message` otherwise. */
async function keepingAnOwner(
  services: Services,
  orgId: string,
  message: string,
  steps: [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]],
): Promise<void> {
  try {
    await services.db.batch([...steps, ownerRemains(services, orgId)]);
  } catch (err) {
    if (isNotNullViolation(err, "orgs.updated_at")) throw new ApiError("CONFLICT", message);
    throw err;
  }
}

const LAST_OWNER_ROLE = "This is the organisation's last owner; make someone else an owner first.";
const LAST_OWNER_LEAVES = "The last owner cannot leave or be removed; make someone else an owner first.";

export async function changeMemberRole({
  services,
  access,
  userId,
  role,
}: {
  services: Services;
  access: Access;
  userId: string;
  role: Role;
}) {
  const target = await findMember(services, access.orgId, userId);
  const from = target.membership.role;
  if (from === "owner" || role === "owner")
    authorize(access.principal, access.orgId, "members:manage-owners");
  if (!assignableRoles(access.role ?? "viewer").includes(role)) {
    throw new ApiError("FORBIDDEN", `Your role cannot grant the ${role} role.`);
  }
  if (from === role)
    return {
      userId,
      email: target.email,
      name: target.name,
      role,
      joinedAt: new Date(target.membership.createdAt).toISOString(),
    };
  await keepingAnOwner(services, access.orgId, LAST_OWNER_ROLE, [
    services.db.update(memberships).set({ role }).where(eq(memberships.id, target.membership.id)),
    auditStatement(services, {
      orgId: access.orgId,
      actor: actorOf(access.principal),
      action: "member.role_changed",
      target: { type: "user", id: userId, label: target.email },
      metadata: { from, to: role },
      ip: access.ip,
    }),
  ]);
  return {
    userId,
    email: target.email,
    name: target.name,
    role,
    joinedAt: new Date(target.membership.createdAt).toISOString(),
  };
}

/** Removes a member; removing yourself is leaving, which any member may do. */
export async function removeMember({
  services,
  access,
  userId,
}: {
  services: Services;
  access: Access;
  userId: string;
}) {
  const leaving = access.principal.type === "user" && access.principal.userId === userId;
  if (!leaving) authorize(access.principal, access.orgId, "members:manage");
  const target = await findMember(services, access.orgId, userId);
  if (target.membership.role === "owner" && !leaving) {
    authorize(access.principal, access.orgId, "members:manage-owners");
  }
  await keepingAnOwner(services, access.orgId, LAST_OWNER_LEAVES, [
    services.db.delete(memberships).where(eq(memberships.id, target.membership.id)),
    auditStatement(services, {
      orgId: access.orgId,
      actor: actorOf(access.principal),
      action: leaving ? "member.left" : "member.removed",
      target: { type: "user", id: userId, label: target.email },
      metadata: { role: target.membership.role },
      ip: access.ip,
    }),
  ]);
}
