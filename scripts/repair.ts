/**
 * One-off repairs of data already stored, run by `applyMigrations` after the SQL migrations and
 * recorded in `data_repairs`, so each runs once per database. All of it goes through the libSQL
 * client over HTTP, so it works the same against Turso and the local server.
 *
 * `0007_stored_values` makes a database poisoned before issue 10's fixes readable again: the
 * boundary now keeps these values out, but rows stored earlier still crash the local server
 * (text that is not UTF-8) or answer 500 (integers the Worker cannot read as numbers, traces
 * outside the time window) and leave search text of deleted projects behind.
 */
import type { Client } from "@libsql/client";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/libsql";
// The window ingest accepts spans in: from 2000-01-01 to a day after receipt.
import { EARLIEST_US, FUTURE_SLACK_US } from "../workers/ingest/otlp/model.ts";
import { purgeTraces } from "../workers/traces/purge.ts";
import { listStoredTables, quoteName, repairTableText, type StoredTable } from "./repair-text.ts";

export const STORED_VALUES_REPAIR = "0007_stored_values";

/** The largest integer a JavaScript number holds exactly: the Worker reads integers as numbers. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export type StoredValuesRepair = {
  /** Traces starting before 2000 or more than a day after the repair, deleted with their rows. */
  tracesOutsideWindow: number;
  /** `trace_text` rows whose trace is gone (left by project deletions). */
  orphanTextRows: number;
  /** Rows holding integers beyond ±(2^53 - 1), per table: each such value is clamped to that bound. */
  clampedIntegerRows: Record<string, number>;
  /** Rows whose text was not UTF-8, per table, rewritten as well-formed text. */
  repairedTextRows: Record<string, number>;
  ms: number;
};

/**
 * Runs the repairs this database has not had yet and records them. Answers what a repair did,
 * or null when there was nothing left to run. A database the migrations just created holds
 * nothing stored before the fixes: its repairs are recorded without running.
 */
export async function runDataRepairs(
  client: Client,
  options: { newDatabase: boolean; now?: number },
): Promise<StoredValuesRepair | null> {
  const done = await client.execute({
    sql: "select 1 from data_repairs where name = ?",
    args: [STORED_VALUES_REPAIR],
  });
  if (done.rows.length > 0) return null;
  // Each step is idempotent, so a repair interrupted before its record is written runs again whole.
  const summary = options.newDatabase
    ? { newDatabase: true }
    : await repairStoredValues(client, options.now ?? Date.now());
  await client.execute({
    sql: "insert into data_repairs (name, applied_at, summary) values (?, ?, ?)",
    args: [STORED_VALUES_REPAIR, Date.now(), JSON.stringify(summary)],
  });
  return "newDatabase" in summary ? null : summary;
}

export async function repairStoredValues(client: Client, now: number): Promise<StoredValuesRepair> {
  const started = performance.now();
  const tracesOutsideWindow = await deleteTracesOutsideWindow(client, now);
  const orphanTextRows = (
    await client.execute("delete from trace_text where rowid not in (select id from traces)")
  ).rowsAffected;
  const tables = await listStoredTables(client);
  const clampedIntegerRows: Record<string, number> = {};
  for (const table of tables) {
    const changed = await clampUnsafeIntegers(client, table);
    if (changed > 0) clampedIntegerRows[table.name] = changed;
  }
  const repairedTextRows: Record<string, number> = {};
  for (const table of tables) {
    const changed = await repairTableText(client, table);
    if (changed > 0) repairedTextRows[table.name] = changed;
  }
  // Two session ids that differed only in broken bytes are one session now: its first and last
  // times come from its traces again (sessions holding U+FFFD are few; the others are unchanged).
  if (repairedTextRows.traces || repairedTextRows.trace_sessions) await recomputeRepairedSessions(client);
  return {
    tracesOutsideWindow,
    orphanTextRows,
    clampedIntegerRows,
    repairedTextRows,
    ms: Math.round(performance.now() - started),
  };
}

/** Deletes the traces the ingest boundary now rejects, with the statements trace deletion uses. */
async function deleteTracesOutsideWindow(client: Client, now: number): Promise<number> {
  const db = drizzle(client);
  const maxStartUs = now * 1000 + FUTURE_SLACK_US;
  const purge = purgeTraces(
    db,
    sql`select id, project_id, trace_id from traces where start_us < ${EARLIEST_US} or start_us > ${maxStartUs}`,
  );
  return purge.deletedCount(await db.batch(purge.statements));
}

/** SQLite's affinity rules: only columns of these affinities can hold an integer. */
function mayHoldIntegers(declaredType: string): boolean {
  const type = declaredType.toUpperCase();
  if (type.includes("INT")) return true;
  if (/CHAR|CLOB|TEXT/.test(type)) return false;
  return !/REAL|FLOA|DOUB/.test(type);
}

/**
 * Clamps integers beyond ±(2^53 - 1) in one scan of the table: the Worker's client throws a
 * RangeError reading them, which fails whole lists. Answers the number of rows changed.
 */
async function clampUnsafeIntegers(client: Client, table: StoredTable): Promise<number> {
  const columns = table.columns.filter((c) => mayHoldIntegers(c.type)).map((c) => quoteName(c.name));
  if (columns.length === 0) return 0;
  const unsafe = (c: string) => `(typeof(${c}) = 'integer' and (${c} > ${MAX_SAFE} or ${c} < -${MAX_SAFE}))`;
  const sets = columns.map(
    (c) =>
      `${c} = case when ${unsafe(c)} then (case when ${c} > 0 then ${MAX_SAFE} else -${MAX_SAFE} end) else ${c} end`,
  );
  const result = await client.execute(
    `update ${quoteName(table.name)} set ${sets.join(", ")} where ${columns.map(unsafe).join(" or ")}`,
  );
  return result.rowsAffected;
}

async function recomputeRepairedSessions(client: Client): Promise<void> {
  const repaired = "instr(session_id, char(65533)) > 0";
  await client.batch(
    [
      `delete from trace_sessions where ${repaired}`,
      `insert into trace_sessions (project_id, session_id, first_us, last_us)
       select project_id, session_id, min(start_us), max(end_us) from traces
       where session_id is not null and ${repaired} group by project_id, session_id`,
    ],
    "write",
  );
}
