import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, epochMs, idColumn } from "./columns";

/**
 * A project's prompt registry (organization data, workers/prompts/). A prompt is a name with
 * immutable versions (`prompt_versions`); aliases (`prompt_aliases`) name one version each and
 * every move is a row of `prompt_alias_moves`. `latest` is computed (`latest_version`), never stored.
 */
export const prompts = sqliteTable(
  "prompts",
  {
    id: idColumn(),
    orgId: text("org_id").notNull(),
    projectId: text("project_id").notNull(),
    /** Unique in the project: letters, digits, `-`, `_`, `.`; never renamed (URIs name it). */
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** A JSON list of strings. */
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull(),
    /** The newest version's number: what `@latest` resolves to. */
    latestVersion: integer("latest_version").notNull(),
    /** Hidden from the list; its versions and aliases still resolve. */
    archivedAt: epochMs("archived_at"),
    /** The last time an ingested trace was linked to one of its versions. */
    lastUsedAt: epochMs("last_used_at"),
    createdBy: text("created_by").notNull(),
    createdByLabel: text("created_by_label").notNull(),
    createdAt: createdAt(),
    updatedBy: text("updated_by").notNull(),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("prompts_project_name_uq").on(t.projectId, t.name),
    index("prompts_project_updated_idx").on(t.projectId, t.updatedAt),
  ],
);

/** One immutable version of a prompt: nothing updates these rows. */
export const promptVersions = sqliteTable(
  "prompt_versions",
  {
    promptId: text("prompt_id").notNull(),
    /** 1, 2, 3 … per prompt. */
    version: integer("version").notNull(),
    projectId: text("project_id").notNull(),
    /** `text` or `chat`. */
    kind: text("kind").notNull(),
    /** The template as JSON: a string (text) or a list of `{ role, content }` (chat). */
    template: text("template", { mode: "json" }).$type<unknown>().notNull(),
    /** The `{{ variable }}` names the template uses, in order of first use. */
    variables: text("variables", { mode: "json" }).$type<string[]>().notNull(),
    responseFormat: text("response_format", { mode: "json" }).$type<unknown>(),
    modelConfig: text("model_config", { mode: "json" }).$type<unknown>(),
    message: text("message").notNull().default(""),
    createdBy: text("created_by").notNull(),
    createdByLabel: text("created_by_label").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.promptId, t.version] }),
    index("prompt_versions_project_idx").on(t.projectId),
  ],
);

/** An alias: a name pointing at one version of a prompt (`latest` is never a row). */
export const promptAliases = sqliteTable(
  "prompt_aliases",
  {
    promptId: text("prompt_id").notNull(),
    alias: text("alias").notNull(),
    projectId: text("project_id").notNull(),
    version: integer("version").notNull(),
    updatedBy: text("updated_by").notNull(),
    updatedByLabel: text("updated_by_label").notNull(),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.promptId, t.alias] }),
    index("prompt_aliases_project_idx").on(t.projectId),
  ],
);

/** Every set, move and delete of an alias: what `production` pointed at last Tuesday. */
export const promptAliasMoves = sqliteTable(
  "prompt_alias_moves",
  {
    id: idColumn(),
    promptId: text("prompt_id").notNull(),
    projectId: text("project_id").notNull(),
    alias: text("alias").notNull(),
    /** Null when the alias was set for the first time. */
    fromVersion: integer("from_version"),
    /** Null when the alias was deleted. */
    toVersion: integer("to_version"),
    movedBy: text("moved_by").notNull(),
    movedByLabel: text("moved_by_label").notNull(),
    movedAt: epochMs("moved_at").notNull(),
  },
  (t) => [
    index("prompt_alias_moves_alias_idx").on(t.promptId, t.alias, t.movedAt),
    index("prompt_alias_moves_project_idx").on(t.projectId),
  ],
);

/**
 * The prompt versions a trace used (from its spans' `sightline.prompt` / `mlflow.linkedPrompts`,
 * workers/prompts/links.ts). Keyed for "the traces of a version" (the version's page, the trace
 * list's `prompt` filter); `trace_row` (`traces.id`) finds a trace's links and deletes them with it.
 */
export const tracePrompts = sqliteTable(
  "trace_prompts",
  {
    projectId: text("project_id").notNull(),
    promptId: text("prompt_id").notNull(),
    version: integer("version").notNull(),
    traceRow: integer("trace_row").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.promptId, t.version, t.traceRow] }),
    index("trace_prompts_row_idx").on(t.traceRow),
  ],
);
