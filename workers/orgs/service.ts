import { eq } from "drizzle-orm";
import { memberships, orgs, projects } from "../../schema";
import { audit, type OrgContext, orgContext, type PublicContext, type UserContext } from "../auth/context";
import { findFirst } from "../lib/db";
import { ApiError } from "../lib/errors";
import { projectView } from "../projects/view";

/** How long traces are kept unless a project says otherwise. */
export const DEFAULT_RETENTION_DAYS = 30;

/**
 * Statements creating an organization with its owner and a "Default" project, for the caller's
 * batch (creating an organization, or signing up with one).
 */
export function newOrganizationStatements(
  ctx: Pick<PublicContext, "services" | "control">,
  input: { name: string; ownerId: string },
) {
  const { services, control } = ctx;
  const now = services.clock.now();
  const org = { id: services.ids("org"), name: input.name, createdAt: now, updatedAt: now };
  const project = {
    id: services.ids("project"),
    orgId: org.id,
    name: "Default",
    description: "",
    retentionDays: DEFAULT_RETENTION_DAYS,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  const statements = [
    control.insert(orgs).values(org),
    control.insert(memberships).values({
      id: services.ids("membership"),
      orgId: org.id,
      userId: input.ownerId,
      role: "owner",
      createdAt: now,
    }),
    control.insert(projects).values(project),
  ] as const;
  return { org, project, statements };
}

/** The context's organization, or NotFound. */
export async function getOrganization(ctx: OrgContext) {
  const org = await findFirst(ctx.control, orgs, eq(orgs.id, ctx.org.id));
  if (!org) throw ApiError.notFound("Organization");
  return org;
}

/** A new organization owned by the caller, with a Default project. */
export async function createOrganization({ ctx, input }: { ctx: UserContext; input: { name: string } }) {
  const { org, project, statements } = newOrganizationStatements(ctx, {
    name: input.name,
    ownerId: ctx.principal.userId,
  });
  await ctx.control.batch([
    ...statements,
    audit(orgContext(ctx, org.id, "owner"), "org.created", { type: "org", id: org.id, label: input.name }),
  ]);
  return {
    organization: { id: org.id, name: org.name, role: "owner" as const },
    project: projectView(project),
  };
}

export async function renameOrganization({ ctx, input }: { ctx: OrgContext; input: { name: string } }) {
  const org = await getOrganization(ctx);
  const { name } = input;
  await ctx.control.batch([
    ctx.control.update(orgs).set({ name, updatedAt: ctx.services.clock.now() }).where(eq(orgs.id, org.id)),
    audit(
      ctx,
      "settings.org_renamed",
      { type: "org", id: org.id, label: name },
      { from: org.name, to: name },
    ),
  ]);
  return { id: org.id, name, role: ctx.role };
}
