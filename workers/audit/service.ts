import { and, desc, eq, gte, lt, lte, or, type SQL } from "drizzle-orm";
import { auditLog, dataAuditLog } from "../../schema";
import type { OrgContext } from "../auth/context";
import { decodeCursor, encodeCursor, timeCursor } from "../lib/cursor";
import type { Db } from "../lib/db";

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

type AuditTable = typeof auditLog | typeof dataAuditLog;
type AuditRow = typeof auditLog.$inferSelect;

/** One side's entries for the query, newest first, at most `limit` + 1 (to know if more follow). */
async function readSide(db: Db, table: AuditTable, orgId: string, query: AuditQuery): Promise<AuditRow[]> {
  const conditions: SQL[] = [eq(table.orgId, orgId)];
  if (query.action) conditions.push(eq(table.action, query.action));
  if (query.actorId) conditions.push(eq(table.actorId, query.actorId));
  if (query.projectId) conditions.push(eq(table.projectId, query.projectId));
  if (query.since !== undefined) conditions.push(gte(table.createdAt, query.since));
  if (query.until !== undefined) conditions.push(lte(table.createdAt, query.until));
  const after = decodeCursor(timeCursor, query.cursor);
  if (after) {
    const older = or(lt(table.createdAt, after.t), and(eq(table.createdAt, after.t), lt(table.id, after.id)));
    if (older) conditions.push(older);
  }
  // Both tables have the same columns (schema/audit.ts); drizzle types each table's rows apart.
  return (await db
    .select()
    .from(table as typeof auditLog)
    .where(and(...conditions))
    .orderBy(desc(table.createdAt), desc(table.id))
    .limit(query.limit + 1)) as AuditRow[];
}

const newestFirst = (a: AuditRow, b: AuditRow) =>
  b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * Newest first, filtered, paged by an opaque cursor over (created_at, id). Entries live on both
 * sides of the seam (control-plane changes in `audit_log`, changes to the organization's data in
 * `data_audit_log`): each side answers its newest page and the two merge by time.
 */
export async function listAuditEntries({ ctx, input: query }: { ctx: OrgContext; input: AuditQuery }) {
  const sides = await Promise.all([
    readSide(ctx.control, auditLog, ctx.org.id, query),
    readSide(ctx.db, dataAuditLog, ctx.org.id, query),
  ]);
  const rows = sides.flat().sort(newestFirst);
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
