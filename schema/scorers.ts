import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, epochMs, idColumn } from "./columns";

/**
 * A project's scorers (organization data): a name people and assessments refer to, and immutable
 * versions of its definition (`scorer_versions`). Changing a scorer makes a new version, so every
 * assessment names the exact definition that produced it (`assessments.scorer_version_id`).
 */
export const scorers = sqliteTable(
  "scorers",
  {
    id: idColumn(),
    orgId: text("org_id").notNull(),
    projectId: text("project_id").notNull(),
    /** Unique in the project; the name of the feedback it writes. */
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** The kind of its latest definition (`rule`, and as the engine grows, judges). */
    kind: text("kind").notNull(),
    latestVersion: integer("latest_version").notNull(),
    /** Hidden from lists; its versions still resolve (old assessments keep pointing at them). */
    archivedAt: epochMs("archived_at"),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [uniqueIndex("scorers_project_name_uq").on(t.projectId, t.name)],
);

export const scorerVersions = sqliteTable(
  "scorer_versions",
  {
    id: idColumn(),
    scorerId: text("scorer_id").notNull(),
    projectId: text("project_id").notNull(),
    /** 1, 2, 3 … per scorer. */
    version: integer("version").notNull(),
    /** The definition as JSON (workers/scorers/definitions.ts). */
    definition: text("definition", { mode: "json" }).$type<unknown>().notNull(),
    message: text("message").notNull().default(""),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("scorer_versions_scorer_version_uq").on(t.scorerId, t.version),
    index("scorer_versions_project_idx").on(t.projectId),
  ],
);
