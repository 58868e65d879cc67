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
