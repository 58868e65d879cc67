import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { orgs } from "./accounts";
import { createdAt, idColumn } from "./columns";

/**
 * The columns of an audit entry, shared by both sides of the seam: who acted (`actor_*`), what
 * they did (`action`, a dotted verb such as `api_key.created` or `trace.tag_set`), to what
 * (`target_*`), with details in `metadata`.
 */
const auditColumns = () => ({
  id: idColumn(),
  projectId: text("project_id"),
  /** `user`, `api_key` or `anonymous` (e.g. a failed login). */
  actorType: text("actor_type", { enum: ["user", "api_key", "anonymous"] }).notNull(),
  actorId: text("actor_id"),
  actorLabel: text("actor_label").notNull(),
  action: text("action").notNull(),
  targetType: text("target_type").notNull(),
  targetId: text("target_id"),
  targetLabel: text("target_label"),
  metadata: text("metadata", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  ip: text("ip"),
  createdAt: createdAt(),
});

/**
 * The control plane's audit entries (accounts, members, projects, API keys …), written in the
 * same transaction as the action itself.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    ...auditColumns(),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
  },
  (t) => [
    index("audit_org_time_idx").on(t.orgId, t.createdAt, t.id),
    index("audit_org_action_time_idx").on(t.orgId, t.action, t.createdAt),
    index("audit_org_actor_time_idx").on(t.orgId, t.actorId, t.createdAt),
  ],
);

/**
 * The audit entries of changes to an organization's data (tags set, traces deleted …), kept with
 * that data (its side of the seam, possibly another database), in the same transaction as the
 * change. No foreign key: the organization lives in the control plane. The audit-log API merges
 * both tables by time.
 */
export const dataAuditLog = sqliteTable(
  "data_audit_log",
  { ...auditColumns(), orgId: text("org_id").notNull() },
  (t) => [
    index("data_audit_org_time_idx").on(t.orgId, t.createdAt, t.id),
    index("data_audit_org_action_time_idx").on(t.orgId, t.action, t.createdAt),
    index("data_audit_org_actor_time_idx").on(t.orgId, t.actorId, t.createdAt),
  ],
);
