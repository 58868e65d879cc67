import { eq } from "drizzle-orm";
import { orgs } from "../../schema";
import { auditStatement } from "../audit/record";
import type { UserPrincipal } from "../auth/principal";
import { actorOf } from "../auth/principal";
import { newOrganisationStatements } from "../auth/service";
import { projectView } from "../auth/whoami";
import type { Access } from "../http/hono-env";
import { findFirst } from "../lib/db";
import { ApiError } from "../lib/errors";
import type { Services } from "../lib/services";

export async function createOrganisation({
  services,
  principal,
  name,
  ip,
}: {
  services: Services;
  principal: UserPrincipal;
  name: string;
  ip: string | null;
}) {
  const { org, project, statements } = newOrganisationStatements(services, {
    name,
    ownerId: principal.userId,
  });
  await services.db.batch([
    ...statements,
    auditStatement(services, {
      orgId: org.id,
      actor: actorOf(principal),
      action: "org.created",
      target: { type: "org", id: org.id, label: name },
      ip,
    }),
  ]);
  return {
    organization: { id: org.id, name: org.name, role: "owner" as const },
    project: projectView(project),
  };
}

export async function renameOrganisation({
  services,
  access,
  name,
}: {
  services: Services;
  access: Access;
  name: string;
}) {
  const org = await findFirst(services.db, orgs, eq(orgs.id, access.orgId));
  if (!org) throw ApiError.notFound("Organisation");
  await services.db.batch([
    services.db.update(orgs).set({ name, updatedAt: services.clock.now() }).where(eq(orgs.id, org.id)),
    auditStatement(services, {
      orgId: org.id,
      actor: actorOf(access.principal),
      action: "settings.org_renamed",
      target: { type: "org", id: org.id, label: name },
      metadata: { from: org.name, to: name },
      ip: access.ip,
    }),
  ]);
  return { id: org.id, name, role: access.role };
}
