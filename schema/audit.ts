import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { orgs } from "./accounts";
import { createdAt, idColumn } from "./columns";

/** Security-relevant actions, written in the same transaction as the action itself. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: idColumn(),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    projectId: text("project_id"),
    /** `user`, `api_key` or `anonymous` (e.g. a failed login). */
    actorType: text("actor_type", { enum: ["user", "api_key", "anonymous"] }).notNull(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label").notNull(),
    /** Dotted verb, e.g. `api_key.created`, `member.role_changed`, `auth.login_failed`. */
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    targetLabel: text("target_label"),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    ip: text("ip"),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_org_time_idx").on(t.orgId, t.createdAt, t.id),
    index("audit_org_action_time_idx").on(t.orgId, t.action, t.createdAt),
    index("audit_org_actor_time_idx").on(t.orgId, t.actorId, t.createdAt),
  ],
);
