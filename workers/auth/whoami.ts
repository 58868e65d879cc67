import { and, eq, inArray, isNull } from "drizzle-orm";
import { orgs, projects } from "../../schema";
import { projectView } from "../projects/view";
import type { RequestContext } from "./context";

/** Who the credential is, and every organization and project it can reach. */
export async function whoami({ ctx }: { ctx: RequestContext }) {
  const { control, principal } = ctx;
  if (principal.type === "api_key") {
    const orgRows = await control.select().from(orgs).where(eq(orgs.id, principal.orgId));
    return {
      type: "api_key" as const,
      user: null,
      apiKey: {
        id: principal.keyId,
        name: principal.name,
        prefix: principal.prefix,
        expiresAt: principal.expiresAt === null ? null : new Date(principal.expiresAt).toISOString(),
      },
      organizations: orgRows.map((o) => ({ id: o.id, name: o.name, role: null })),
      projects: [projectView(principal.project)],
      scopes: principal.scopes,
    };
  }
  const orgIds = principal.memberships.map((m) => m.orgId);
  const [orgRows, projectRows] =
    orgIds.length === 0
      ? [[], []]
      : await control.batch([
          control.select().from(orgs).where(inArray(orgs.id, orgIds)).orderBy(orgs.createdAt),
          control
            .select()
            .from(projects)
            .where(and(inArray(projects.orgId, orgIds), isNull(projects.deletedAt)))
            .orderBy(projects.createdAt),
        ]);
  return {
    type: "user" as const,
    user: { id: principal.userId, email: principal.email, name: principal.name },
    apiKey: null,
    organizations: orgRows.map((o) => ({
      id: o.id,
      name: o.name,
      role: principal.memberships.find((m) => m.orgId === o.id)?.role ?? null,
    })),
    projects: projectRows.map(projectView),
    scopes: null,
  };
}
