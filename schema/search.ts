import { sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Text search over trace previews: a trigram FTS5 table, created by migration 0003 (drizzle
 * cannot declare virtual tables). Its rowid is its trace's row number (`traces.id`, migration
 * 0004), so deletes find it by rowid; `project_id` and `trace_id` are UNINDEXED columns.
 *
 * Declared for queries only. On purpose this file is not exported from `schema/index.ts`, the
 * file drizzle-kit reads (schema/drizzle.config.ts): seen there, `npm run db:generate` would
 * emit a plain `CREATE TABLE trace_text` next to the virtual one. Import it from
 * `schema/search` directly.
 */
export const traceText = sqliteTable("trace_text", {
  text: text("text"),
  projectId: text("project_id"),
  traceId: text("trace_id"),
});
