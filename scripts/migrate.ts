/**
 * Applies the committed drizzle migrations (schema/migrations) to a libSQL database: the local
 * server in dev and tests, Turso in production. Same client code for both. Then runs the one-off
 * repairs of stored data this database has not had yet (scripts/repair.ts).
 *
 *   LIBSQL_URL=libsql://… LIBSQL_AUTH_TOKEN=… npm run db:migrate
 */
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { isMain } from "./is-main.ts";
import { runDataRepairs, type StoredValuesRepair } from "./repair.ts";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../schema/migrations", import.meta.url));

export async function applyMigrations(config: {
  url: string;
  authToken?: string | undefined;
  /** Another folder of migrations (tests apply the history up to a point). */
  migrationsFolder?: string;
}): Promise<void> {
  const client = createClient({ url: config.url, authToken: config.authToken });
  try {
    const migrationsFolder = config.migrationsFolder ?? MIGRATIONS_FOLDER;
    const existing = await client.execute(
      "select 1 from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' and name not like '\\_\\_drizzle%' escape '\\' limit 1",
    );
    await migrate(drizzle(client), { migrationsFolder });
    // A partial history (tests) may not have the repairs' table yet; the repairs expect it all.
    if (migrationsFolder === MIGRATIONS_FOLDER) {
      reportRepair(await runDataRepairs(client, { newDatabase: existing.rows.length === 0 }));
    }
  } finally {
    client.close();
  }
}

/** A line when a repair changed something: once per database, worth an operator's notice. */
function reportRepair(repair: StoredValuesRepair | null): void {
  if (repair === null) return;
  const { ms, ...changes } = repair;
  const changed = Object.values(changes).some((v) =>
    typeof v === "number" ? v > 0 : Object.keys(v).length > 0,
  );
  if (changed) console.log(`stored values repaired in ${ms} ms: ${JSON.stringify(changes)}`);
}

if (isMain(import.meta.url)) {
  const url = process.env.LIBSQL_URL;
  if (!url) {
    console.error(
      "Set LIBSQL_URL (and LIBSQL_AUTH_TOKEN for Turso), e.g. LIBSQL_URL=libsql://db-org.turso.io",
    );
    process.exit(1);
  }
  const started = Date.now();
  await applyMigrations({ url, authToken: process.env.LIBSQL_AUTH_TOKEN });
  console.log(`migrations applied to ${url.replace(/\?.*$/, "")} in ${Date.now() - started} ms`);
}
