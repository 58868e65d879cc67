import type { projects } from "../../schema";

/** A project as the API answers it (ProjectSchema in auth/schemas.ts). */
export function projectView(p: typeof projects.$inferSelect) {
  return {
    id: p.id,
    orgId: p.orgId,
    name: p.name,
    description: p.description,
    retentionDays: p.retentionDays,
    createdAt: new Date(p.createdAt).toISOString(),
  };
}
