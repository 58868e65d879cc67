import { index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { orgs, projects, users } from "./accounts";
import { createdAt, epochMs, idColumn } from "./columns";

export const SCOPES = ["ingest", "read", "write", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: idColumn(),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The first characters of the key, shown in lists so people can tell keys apart. */
    prefix: text("prefix").notNull(),
    /** Hex SHA-256 of the whole key; the key itself is shown once and never stored. */
    hash: text("hash").notNull(),
    /** JSON array of scopes. */
    scopes: text("scopes", { mode: "json" }).$type<Scope[]>().notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: epochMs("expires_at"),
    lastUsedAt: epochMs("last_used_at"),
    revokedAt: epochMs("revoked_at"),
  },
  (t) => [
    uniqueIndex("api_keys_hash_uq").on(t.hash),
    index("api_keys_project_idx").on(t.orgId, t.projectId, t.createdAt),
  ],
);
