import { and, eq, inArray, sql } from "drizzle-orm";
import { projects, traces } from "../../schema";
import { auditStatement } from "../audit/record";
import { assertVisibleOrg, authorize, visibleOrgIds } from "../auth/access";
import type { Principal } from "../auth/principal";
import { actorOf } from "../auth/principal";
import { DEFAULT_RETENTION_DAYS } from "../auth/service";
import { projectView } from "../auth/whoami";
import type { Access } from "../http/hono-env";
import { isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import type { Services } from "../lib/services";
import { deleteTraceText } from "../traces/purge";

const NAME_TAKEN = "A project with this name already exists in the organisation; pick another name.";

export async function listProjects({
  services,
  principal,
  orgId,
}: {
  services: Services;
  principal: Principal;
  orgId?: string | undefined;
}) {
  if (orgId !== undefined) assertVisibleOrg(principal, orgId);
  const where =
    principal.type === "api_key"
      ? eq(projects.id, principal.projectId)
      : inArray(projects.orgId, orgId !== undefined ? [orgId] : visibleOrgIds(principal));
  const rows = await services.db.select().from(projects).where(where).orderBy(projects.createdAt);
  return rows.map(projectView);
}

export async function createProject({
  services,
  principal,
  input,
  ip,
}: {
  services: Services;
  principal: Principal;
  input: {
    orgId: string;
    name: string;
    description?: string | undefined;
    retentionDays?: number | undefined;
  };
  ip: string | null;
}) {
  assertVisibleOrg(principal, input.orgId);
  authorize(principal, input.orgId, "projects:create");
  const now = services.clock.now();
  const row = {
    id: services.ids("project"),
    orgId: input.orgId,
    name: input.name,
    description: input.description ?? "",
    retentionDays: input.retentionDays ?? DEFAULT_RETENTION_DAYS,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await services.db.batch([
      services.db.insert(projects).values(row),
      auditStatement(services, {
        orgId: input.orgId,
        projectId: row.id,
        actor: actorOf(principal),
        action: "project.created",
        target: { type: "project", id: row.id, label: row.name },
        ip,
      }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError("CONFLICT", NAME_TAKEN);
    throw err;
  }
  return projectView(row);
}

export async function updateProject({
  services,
  access,
  input,
}: {
  services: Services;
  access: Access;
  input: { name?: string | undefined; description?: string | undefined; retentionDays?: number | undefined };
}) {
  const project = access.project;
  if (!project) throw ApiError.notFound("Project");
  const changes = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.retentionDays !== undefined ? { retentionDays: input.retentionDays } : {}),
  };
  const updated = { ...project, ...changes, updatedAt: services.clock.now() };
  try {
    await services.db.batch([
      services.db
        .update(projects)
        .set({ ...changes, updatedAt: updated.updatedAt })
        .where(and(eq(projects.id, project.id), eq(projects.orgId, project.orgId))),
      auditStatement(services, {
        orgId: project.orgId,
        projectId: project.id,
        actor: actorOf(access.principal),
        action: "settings.project_updated",
        target: { type: "project", id: project.id, label: updated.name },
        metadata: { changes },
        ip: access.ip,
      }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError("CONFLICT", NAME_TAKEN);
    throw err;
  }
  return projectView(updated);
}

/**
 * Deletes the project and, through foreign keys, everything in it. The text index (an FTS5
 * table) cannot carry a foreign key, so its rows go first, found by their traces' row numbers.
 */
export async function deleteProject({ services, access }: { services: Services; access: Access }) {
  const project = access.project;
  if (!project) throw ApiError.notFound("Project");
  await services.db.batch([
    deleteTraceText(services.db, sql`select id from ${traces} where ${traces.projectId} = ${project.id}`),
    services.db.delete(projects).where(and(eq(projects.id, project.id), eq(projects.orgId, project.orgId))),
    auditStatement(services, {
      orgId: project.orgId,
      projectId: project.id,
      actor: actorOf(access.principal),
      action: "project.deleted",
      target: { type: "project", id: project.id, label: project.name },
      ip: access.ip,
    }),
  ]);
}
