import { createClient, LibsqlError } from "@libsql/client/web";
import { type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/libsql/web";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
export type Db = ReturnType<typeof createDb>;

/**
 * How long one database round trip may take before the request gives up with 503 + Retry-After:
 * reads (GET requests) are cheap to retry and a person is waiting; writes get longer because a
 * write that timed out has an unknown outcome; health must answer a load balancer quickly.
 */
export const DB_TIMEOUT_MS = { read: 5_000, write: 10_000, health: 2_000 } as const;

/**
 * The database could not be reached or did not answer in time. Thrown by the client's fetch, so
 * only failures of a database round trip become 503s (a body the caller failed to send does not).
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = "DatabaseUnavailableError";
}

/** How long a client may wait on the database: per round trip, and in all before `deadline` (epoch ms). */
export type DbWait = { timeoutMs: number; deadline?: number };

/**
 * The client's fetch. Each round trip, body included, ends by its bound (and by the request's
 * deadline, so a request of several queries still answers in about its bound); every way it
 * can fail becomes a DatabaseUnavailableError. The body is read here, not by the client later,
 * so a connection that stalls or drops mid-answer is named like one that never answered.
 */
function boundedFetch({ timeoutMs, deadline }: DbWait) {
  return async function databaseFetch(request: Request): Promise<Response> {
    const waitMs = Math.min(timeoutMs, deadline === undefined ? timeoutMs : deadline - Date.now());
    if (waitMs <= 0) throw new DatabaseUnavailableError("the request's time for the database ran out");
    try {
      const response = await fetch(request, { signal: AbortSignal.timeout(waitMs) });
      // A gateway in front of the database (Turso's edge) that cannot reach it.
      if (response.status === 502 || response.status === 503 || response.status === 504) {
        await response.body?.cancel().catch(() => undefined);
        throw new DatabaseUnavailableError(`the database answered HTTP ${response.status}`);
      }
      const body = await response.arrayBuffer();
      return new Response(body, { status: response.status, headers: response.headers });
    } catch (err) {
      if (err instanceof DatabaseUnavailableError) throw err;
      const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
      throw new DatabaseUnavailableError(
        timedOut
          ? `the database did not answer within ${waitMs} ms`
          : `the database could not be reached (${err instanceof Error ? err.message : String(err)})`,
        { cause: err },
      );
    }
  };
}

/**
 * Drizzle over libSQL's HTTP protocol: Turso in production, the local server in dev and tests.
 * Made per request (a libSQL client queues calls, which must not cross requests in a Worker), so
 * without drizzle's relational schema: working that out took ~0.65 ms of every request's CPU.
 * Queries use the core query builder.
 */
export function createDb(config: { url: string; authToken?: string | undefined; wait?: DbWait }) {
  const client = createClient({
    url: config.url,
    authToken: config.authToken,
    intMode: "number",
    fetch: boundedFetch(config.wait ?? { timeoutMs: DB_TIMEOUT_MS.write }),
  });
  return drizzle(client);
}

/**
 * `expr` clamped to ±(2^53 − 1), the integers a JavaScript number holds exactly: the client reads
 * integers as numbers and throws for any beyond (for a whole result). `min`/`max` also turn a
 * floating-point sum back into a value that fits.
 */
export function clampToSafeInteger(expr: SQL): SQL {
  const max = sql.raw(String(Number.MAX_SAFE_INTEGER));
  return sql`max(min(${expr}, ${max}), -${max})`;
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

/** The error and its causes: drizzle wraps libSQL's error, which may wrap a closed stream's cause. */
function causes(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = err; e !== undefined && e !== null && chain.length < 8; e = (e as { cause?: unknown }).cause)
    chain.push(e);
  return chain;
}

/** An error's message and its causes'. */
function errorText(err: unknown): string {
  return causes(err)
    .map((e) => (e instanceof Error ? `${e.name} ${e.message}` : String(e)))
    .join(" ");
}

/** Whether a failed write broke a UNIQUE constraint. */
export function isUniqueViolation(err: unknown): boolean {
  return /UNIQUE constraint failed/i.test(errorText(err));
}

/** Whether a failed write broke the NOT NULL constraint of `column` ("table.column"). */
export function isNotNullViolation(err: unknown, column: string): boolean {
  return errorText(err).includes(`NOT NULL constraint failed: ${column}`);
}

/**
 * Whether a failure came from a database round trip that is worth retrying: the database was
 * unreachable or slow (DatabaseUnavailableError, from the client's fetch) or busy. Judged by the
 * error's origin, not its wording, so a failed read of the caller's own body is not a 503.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  return causes(err).some(
    (e) =>
      e instanceof DatabaseUnavailableError ||
      (e instanceof LibsqlError && /SQLITE_BUSY|database is locked/i.test(`${e.code} ${e.message}`)),
  );
}
