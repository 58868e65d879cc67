import { and, eq, inArray, isNull } from "drizzle-orm";
import { apiKeys, projects } from "../../schema";
import { refuseIngestFrom } from "../api-keys/service";
import { assertVisibleOrg, authorize, roleIn, visibleOrgIds } from "../auth/access";
import { type AnyContext, audit, type ProjectContext, projectContext } from "../auth/context";
import { isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { DEFAULT_RETENTION_DAYS } from "../orgs/service";
import { purgeProjectJob } from "./purge";
import { projectView } from "./view";

const NAME_TAKEN = "A project with this name already exists in the organization; pick another name.";

/** A user sees the projects of their organizations (optionally one); an API key sees its own project. */
export async function listProjects({
  ctx,
  input,
}: {
  ctx: AnyContext;
  input: { orgId?: string | undefined };
}) {
  const { principal } = ctx;
  if (input.orgId !== undefined) assertVisibleOrg(principal, input.orgId);
  const where =
    principal.type === "api_key"
      ? eq(projects.id, principal.projectId)
      : inArray(projects.orgId, input.orgId !== undefined ? [input.orgId] : visibleOrgIds(principal));
  const rows = await ctx.control
    .select()
    .from(projects)
    .where(and(where, isNull(projects.deletedAt)))
    .orderBy(projects.createdAt);
  return rows.map(projectView);
}

export async function createProject({
  ctx,
  input,
}: {
  ctx: AnyContext;
  input: {
    orgId: string;
    name: string;
    description?: string | undefined;
    retentionDays?: number | undefined;
  };
}) {
  assertVisibleOrg(ctx.principal, input.orgId);
  authorize(ctx.principal, input.orgId, "projects:create");
  const now = ctx.services.clock.now();
  const row = {
    id: ctx.services.ids("project"),
    orgId: input.orgId,
    name: input.name,
    description: input.description ?? "",
    retentionDays: input.retentionDays ?? DEFAULT_RETENTION_DAYS,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  const created = projectContext(ctx, row, roleIn(ctx.principal, input.orgId));
  try {
    await ctx.control.batch([
      ctx.control.insert(projects).values(row),
      audit(created, "project.created", { type: "project", id: row.id, label: row.name }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError("CONFLICT", NAME_TAKEN);
    throw err;
  }
  return projectView(row);
}

export async function updateProject({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { name?: string | undefined; description?: string | undefined; retentionDays?: number | undefined };
}) {
  const { project } = ctx;
  const changes = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.retentionDays !== undefined ? { retentionDays: input.retentionDays } : {}),
  };
  const updated = { ...project, ...changes, updatedAt: ctx.services.clock.now() };
  try {
    await ctx.control.batch([
      ctx.control
        .update(projects)
        .set({ ...changes, updatedAt: updated.updatedAt })
        .where(and(eq(projects.id, project.id), eq(projects.orgId, project.orgId))),
      audit(
        ctx,
        "settings.project_updated",
        { type: "project", id: project.id, label: updated.name },
        { changes },
      ),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError("CONFLICT", NAME_TAKEN);
    throw err;
  }
  return projectView(updated);
}

/**
 * Deletes the project: marked deleted in the control plane (gone from every API at once, its API
 * keys revoked so an export in flight stores nothing), with its audit row, in one batch; a queued
 * job then purges its data on the organization's side (projects/purge.ts).
 */
export async function deleteProject({ ctx }: { ctx: ProjectContext }) {
  const { project, control } = ctx;
  const now = ctx.services.clock.now();
  const live = await control
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.projectId, project.id), isNull(apiKeys.revokedAt)));
  await refuseIngestFrom(
    ctx,
    live.map((k) => k.id),
    now,
  );
  await control.batch([
    control
      .update(projects)
      .set({ deletedAt: now, updatedAt: now })
      .where(and(eq(projects.id, project.id), eq(projects.orgId, project.orgId))),
    control
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.projectId, project.id), isNull(apiKeys.revokedAt))),
    audit(ctx, "project.deleted", { type: "project", id: project.id, label: project.name }),
  ]);
  await ctx.services.jobs.enqueue(purgeProjectJob, { orgId: project.orgId, projectId: project.id });
}
