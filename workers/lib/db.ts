import { createClient } from "@libsql/client/web";
import { drizzle } from "drizzle-orm/libsql/web";
import * as schema from "../../schema";

export type Db = ReturnType<typeof createDb>;

/** Drizzle over libSQL's HTTP protocol: Turso in production, the local server in dev and tests. */
export function createDb(config: { url: string; authToken?: string | undefined }) {
  const client = createClient({ url: config.url, authToken: config.authToken, intMode: "number" });
  return drizzle(client, { schema });
}

/** Whether a failed write broke a UNIQUE constraint (libSQL reports it in the message or cause). */
export function isUniqueViolation(err: unknown): boolean {
  const cause = (err as { cause?: unknown } | null)?.cause;
  const text = `${err instanceof Error ? err.message : ""} ${cause instanceof Error ? cause.message : String(cause ?? "")}`;
  return /UNIQUE constraint failed/i.test(text);
}

/** Whether a failure means the database could not be reached (worth a retry), not a bad query. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const cause = (err as { cause?: unknown } | null)?.cause;
  const text = `${err instanceof Error ? `${err.name} ${err.message}` : String(err)} ${cause instanceof Error ? cause.message : String(cause ?? "")}`;
  return /fetch failed|ECONNREFUSED|network connection|Network connection lost|connect|timed? ?out|SQLITE_BUSY|HTTP status 50[234]|unavailable/i.test(
    text,
  );
}
