import { sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { orgs } from "./accounts";
import { createdAt, epochMs, idColumn } from "./columns";

/**
 * An organization's OpenAI-compatible model providers for judges (control plane: configuration,
 * not tenant data). The API key and any extra headers are sealed together at rest
 * (workers/lib/secrets.ts) and never returned; `key_hint` is what people see of the key.
 */
export const judgeProviders = sqliteTable(
  "judge_providers",
  {
    id: idColumn(),
    orgId: text("org_id")
      .notNull()
      .references(() => orgs.id, { onDelete: "cascade" }),
    /** Unique in the organization; model URIs name it (`<name>:/<model>`). */
    name: text("name").notNull(),
    baseUrl: text("base_url").notNull(),
    /** `{ apiKey, headers }` sealed with ENCRYPTION_KEY, bound to the row's id. */
    secret: text("secret").notNull(),
    /** The key's last four characters, for recognising it. */
    keyHint: text("key_hint").notNull(),
    /** Names of the extra headers (their values are in the sealed secret). */
    headerNames: text("header_names", { mode: "json" }).$type<string[]>().notNull(),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [uniqueIndex("judge_providers_org_name_uq").on(t.orgId, t.name)],
);
