import { and, desc, eq, gte, lt, lte, or, type SQL } from "drizzle-orm";
import { auditLog } from "../../schema";
import type { OrgContext } from "../auth/context";
import { decodeCursor, encodeCursor, timeCursor } from "../lib/cursor";

export type AuditQuery = {
  action?: string | undefined;
  actorId?: string | undefined;
  projectId?: string | undefined;
  since?: number | undefined;
  until?: number | undefined;
  cursor?: string | undefined;
  limit: number;
};

export type AuditEntry = {
  id: string;
  time: string;
  action: string;
  actor: { type: string; id: string | null; label: string };
  target: { type: string; id: string | null; label: string | null };
  projectId: string | null;
  ip: string | null;
  metadata: Record<string, unknown>;
};

/** Newest first, filtered, paged by an opaque cursor over (created_at, id). */
export async function listAuditEntries({ ctx, input: query }: { ctx: OrgContext; input: AuditQuery }) {
  const conditions: SQL[] = [eq(auditLog.orgId, ctx.org.id)];
  if (query.action) conditions.push(eq(auditLog.action, query.action));
  if (query.actorId) conditions.push(eq(auditLog.actorId, query.actorId));
  if (query.projectId) conditions.push(eq(auditLog.projectId, query.projectId));
  if (query.since !== undefined) conditions.push(gte(auditLog.createdAt, query.since));
  if (query.until !== undefined) conditions.push(lte(auditLog.createdAt, query.until));
  const after = decodeCursor(timeCursor, query.cursor);
  if (after) {
    const older = or(
      lt(auditLog.createdAt, after.t),
      and(eq(auditLog.createdAt, after.t), lt(auditLog.id, after.id)),
    );
    if (older) conditions.push(older);
  }
  const rows = await ctx.control
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const entries: AuditEntry[] = page.map((r) => ({
    id: r.id,
    time: new Date(r.createdAt).toISOString(),
    action: r.action,
    actor: { type: r.actorType, id: r.actorId, label: r.actorLabel },
    target: { type: r.targetType, id: r.targetId, label: r.targetLabel },
    projectId: r.projectId,
    ip: r.ip,
    metadata: r.metadata,
  }));
  return {
    entries,
    nextCursor: rows.length > query.limit && last ? encodeCursor({ t: last.createdAt, id: last.id }) : null,
  };
}
