import { createClient } from "@libsql/client/web";
import { drizzle } from "drizzle-orm/libsql/web";
import * as schema from "../../schema";

export type Db = ReturnType<typeof createDb>;

/** Drizzle over libSQL's HTTP protocol: Turso in production, the local server in dev and tests. */
export function createDb(config: { url: string; authToken?: string | undefined }) {
  const client = createClient({ url: config.url, authToken: config.authToken, intMode: "number" });
  return drizzle(client, { schema });
}
