/**
 * `tsx scripts/bench/profile-store.ts`: where one ingest batch spends its time in the database.
 * Stores batches of 100 realistic spans (ingest's own statements, as the Worker sends them) into
 * a fresh local libSQL server until it holds a few thousand, then runs more batches one statement
 * at a time inside a transaction and prints each statement's median time. For finding which
 * statement of ingest/store.ts to make cheaper; `npm run bench` gives the throughput.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { acceptSpans } from "../../workers/ingest/accept.ts";
import { decodeOtlpJson } from "../../workers/ingest/otlp/decode-json.ts";
import { storeStatements } from "../../workers/ingest/store.ts";
import { otlpJson } from "../../workers/test/otlp-builders.ts";
import { startLibsqlServer } from "../libsql-server.ts";
import { applyMigrations } from "../migrate.ts";
import { agentBatches } from "./stack-client.ts";

const FILL = Number(process.argv[2] ?? 60);
const PROFILED = 30;
const dialect = new SQLiteAsyncDialect();
const project = { id: "prj_profile", orgId: "org_profile" };

const dir = await mkdtemp(join(tmpdir(), "sightline-profile-store-"));
const server = await startLibsqlServer({ file: join(dir, "profile.db"), port: 0 });
try {
  await applyMigrations({ url: server.url });
  const client = createClient({ url: server.url });
  const queries = (batch: ReturnType<typeof agentBatches>[number]) => {
    const spans = acceptSpans(decodeOtlpJson(otlpJson(batch)), Date.now() * 1000).spans;
    return storeStatements(project, spans, [], { id: "key_profile", now: Date.now() }).map((s) =>
      dialect.sqlToQuery(s),
    );
  };
  const batches = agentBatches(FILL + PROFILED, 100);
  for (const batch of batches.slice(0, FILL)) {
    await client.batch(
      queries(batch).map((q) => ({ sql: q.sql, args: q.params as never })),
      "write",
    );
  }
  const times = new Map<string, number[]>();
  for (const batch of batches.slice(FILL)) {
    const tx = await client.transaction("write");
    // A statement that does nothing: its time is the round trip, taken off the others below.
    for (let r = 0; r < 3; r++) {
      const started = performance.now();
      await tx.execute("select 1");
      times.set("round trip", [...(times.get("round trip") ?? []), performance.now() - started]);
    }
    for (const [i, q] of queries(batch).entries()) {
      const started = performance.now();
      await tx.execute({ sql: q.sql, args: q.params as never });
      const label = `${String(i).padStart(2)} ${q.sql.replace(/\s+/g, " ").slice(0, 70)}`;
      times.set(label, [...(times.get(label) ?? []), performance.now() - started]);
    }
    await tx.commit();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const trip = median(times.get("round trip") ?? []);
  times.delete("round trip");
  let total = 0;
  for (const [label, xs] of times) {
    const net = Math.max(0, median(xs) - trip);
    total += net;
    console.log(`${net.toFixed(2).padStart(7)} ms  ${label}`);
  }
  console.log(
    `${total.toFixed(2).padStart(7)} ms  in all per batch of 100 spans (${FILL * 100} stored first; each less a ${trip.toFixed(2)} ms round trip)`,
  );
  client.close();
} finally {
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
