/**
 * `npm run secrets:reencrypt -- [--url <libsql url>] [--auth-token <token>]`: seals every stored
 * secret (judge providers' keys and headers, webhooks' URLs, signing secrets and routing keys)
 * again under ENCRYPTION_KEY's current (first) key. Webhooks are organization data: with
 * ORG_DATA_LIBSQL_URL set, run it against that database too.
 * Rotate a key by putting a new `version:base64` entry first in ENCRYPTION_KEY (keeping the old
 * one after it), deploying, running this, then dropping the old entry. ENCRYPTION_KEY is read
 * from the environment; the URL defaults to LIBSQL_URL, else the local stack's database.
 */
import { parseArgs } from "node:util";
import { createClient } from "@libsql/client";
import { keyRing, keyRingProblem, open, seal, sealedVersion } from "../workers/lib/secrets.ts";
import { isMain } from "./is-main.ts";

/** The tables holding sealed secrets, and the context each value is bound to (its row's id after it). */
const SEALED = [
  { table: "judge_providers", context: "judge_provider" },
  { table: "webhooks", context: "webhook" },
] as const;

export async function reencryptSecrets(options: { url: string; authToken?: string; encryptionKey: string }) {
  const problem = keyRingProblem(options.encryptionKey);
  if (problem) throw new Error(`ENCRYPTION_KEY: ${problem}`);
  const ring = await keyRing(options.encryptionKey);
  const db = createClient({
    url: options.url,
    ...(options.authToken ? { authToken: options.authToken } : {}),
  });
  try {
    let checked = 0;
    let resealed = 0;
    for (const { table, context: kind } of SEALED) {
      const rows = await db.execute(`select id, secret from ${table}`);
      checked += rows.rows.length;
      for (const row of rows.rows) {
        const id = String(row.id);
        const sealed = String(row.secret);
        if (sealedVersion(sealed) === ring.current) continue;
        const context = `${kind}:${id}`;
        const fresh = await seal(ring, await open(ring, sealed, context), context);
        // Only if nobody changed it meanwhile.
        const done = await db.execute({
          sql: `update ${table} set secret = ? where id = ? and secret = ?`,
          args: [fresh, id, sealed],
        });
        resealed += done.rowsAffected;
      }
    }
    return { checked, resealed, version: ring.current };
  } finally {
    db.close();
  }
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { url: { type: "string" }, "auth-token": { type: "string" } } });
  const url = values.url ?? process.env.LIBSQL_URL ?? "http://127.0.0.1:8080";
  const encryptionKey = process.env.ENCRYPTION_KEY;
  if (!encryptionKey) {
    console.error("Set ENCRYPTION_KEY (the Worker's secret, new key first) in the environment.");
    process.exit(1);
  }
  const authToken = values["auth-token"] ?? process.env.LIBSQL_AUTH_TOKEN;
  const result = await reencryptSecrets({ url, encryptionKey, ...(authToken ? { authToken } : {}) });
  console.log(`Sealed ${result.resealed} of ${result.checked} secret(s) again under key ${result.version}.`);
}
