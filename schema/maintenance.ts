import { sqliteTable, text } from "drizzle-orm/sqlite-core";
import { epochMs } from "./columns";

/**
 * One-off repairs of stored data that `scripts/migrate.ts` runs after the SQL migrations (see
 * scripts/repair.ts). A row means the repair is done for this database, so it never runs twice.
 */
export const dataRepairs = sqliteTable("data_repairs", {
  /** The repair's name, e.g. `0007_stored_values`. */
  name: text("name").primaryKey(),
  appliedAt: epochMs("applied_at").notNull(),
  /** What it changed (JSON object of counts), for an operator reading the table later. */
  summary: text("summary").notNull(),
});
