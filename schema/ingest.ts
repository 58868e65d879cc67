import { sqliteTable, text } from "drizzle-orm/sqlite-core";
import { epochMs } from "./columns";

/**
 * API keys that may no longer write, on the organization's side of the seam: OTLP ingest checks
 * its key against this table inside its write transaction (the key itself may come from an
 * isolate's cache, and `api_keys` lives in the control plane, possibly another database).
 * Written before the control plane marks the key revoked, so a revoked key never writes. Rows are
 * kept (a few bytes per revoked key): a key's cached copy may outlive its control-plane row.
 */
export const revokedKeys = sqliteTable("revoked_keys", {
  keyId: text("key_id").primaryKey(),
  revokedAt: epochMs("revoked_at").notNull(),
});
