import { createClient } from "@libsql/client/web";
import type { SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/libsql/web";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
export type Db = ReturnType<typeof createDb>;

/**
 * Drizzle over libSQL's HTTP protocol: Turso in production, the local server in dev and tests.
 * Made per request (a libSQL client queues calls, which must not cross requests in a Worker), so
 * without drizzle's relational schema: working that out took ~0.65 ms of every request's CPU.
 * Queries use the core query builder.
 */
export function createDb(config: { url: string; authToken?: string | undefined }) {
  const client = createClient({ url: config.url, authToken: config.authToken, intMode: "number" });
  return drizzle(client);
}

/** The first row of `table` matching `where` (in `orderBy` order), or undefined. */
export async function findFirst<T extends SQLiteTable>(
  db: Db,
  table: T,
  where: SQL | undefined,
  ...orderBy: SQL[]
): Promise<T["$inferSelect"] | undefined> {
  const rows = await db
    .select()
    .from(table as SQLiteTable)
    .where(where)
    .orderBy(...orderBy)
    .limit(1);
  return rows[0] as T["$inferSelect"] | undefined;
}

/** An error's message and its cause's: drizzle wraps libSQL's error as the cause. */
function errorText(err: unknown): string {
  const cause = (err as { cause?: unknown } | null)?.cause;
  const own = err instanceof Error ? `${err.name} ${err.message}` : String(err);
  return `${own} ${cause instanceof Error ? `${cause.name} ${cause.message}` : String(cause ?? "")}`;
}

/** Whether a failed write broke a UNIQUE constraint. */
export function isUniqueViolation(err: unknown): boolean {
  return /UNIQUE constraint failed/i.test(errorText(err));
}

/** Whether a failed write broke the NOT NULL constraint of `column` ("table.column"). */
export function isNotNullViolation(err: unknown, column: string): boolean {
  return errorText(err).includes(`NOT NULL constraint failed: ${column}`);
}

/** Whether a failure means the database could not be reached (worth a retry), not a bad query. */
export function isDatabaseUnavailable(err: unknown): boolean {
  return /fetch failed|ECONNREFUSED|ECONNRESET|network connection lost|timed? ?out|SQLITE_BUSY|HTTP status 50[234]|service unavailable/i.test(
    errorText(err),
  );
}
