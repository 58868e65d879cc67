/**
 * Applies the committed drizzle migrations (schema/migrations) to a libSQL database: the local
 * server in dev and tests, Turso in production. Same client code for both.
 *
 *   LIBSQL_URL=libsql://… LIBSQL_AUTH_TOKEN=… npm run db:migrate
 */
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { isMain } from "./is-main.ts";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../schema/migrations", import.meta.url));

export async function applyMigrations(config: {
  url: string;
  authToken?: string | undefined;
  /** Another folder of migrations (tests apply the history up to a point). */
  migrationsFolder?: string;
}): Promise<void> {
  const client = createClient({ url: config.url, authToken: config.authToken });
  try {
    await migrate(drizzle(client), { migrationsFolder: config.migrationsFolder ?? MIGRATIONS_FOLDER });
  } finally {
    client.close();
  }
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
