import { defineConfig } from "drizzle-kit";

// Used by `npm run db:generate`. Applying migrations goes through scripts/migrate.ts, which
// uses the same libSQL client code for the local server and for Turso.
export default defineConfig({
  dialect: "turso",
  schema: "./schema/index.ts",
  out: "./schema/migrations",
  dbCredentials: {
    url: process.env.LIBSQL_URL ?? "http://127.0.0.1:8080",
    authToken: process.env.LIBSQL_AUTH_TOKEN,
  },
});
