import { and, eq } from "drizzle-orm";
import { memberships, users } from "../../schema";
import type { Role } from "../../schema/accounts";
import { auditStatement } from "../audit/record";
import { authorize } from "../auth/access";
import { assignableRoles } from "../auth/permissions";
import { actorOf } from "../auth/principal";
import { ApiError } from "../lib/errors";
import type { Services } from "../lib/services";
import type { Access } from "../platform/hono-env";

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

async function ownerCount(services: Services, orgId: string): Promise<number> {
  const owners = await services.db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "owner")));
  return owners.length;
}

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
  if (from === "owner" && (await ownerCount(services, access.orgId)) <= 1) {
    throw new ApiError(
      "CONFLICT",
      "This is the organisation's last owner; make someone else an owner first.",
    );
  }
  await services.db.batch([
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
  if (target.membership.role === "owner") {
    if (!leaving) authorize(access.principal, access.orgId, "members:manage-owners");
    if ((await ownerCount(services, access.orgId)) <= 1) {
      throw new ApiError(
        "CONFLICT",
        "The last owner cannot leave or be removed; make someone else an owner first.",
      );
    }
  }
  await services.db.batch([
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
