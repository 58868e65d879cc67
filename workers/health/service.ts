import { sql } from "drizzle-orm";
import journal from "../../schema/migrations/meta/_journal.json";
import type { PublicContext } from "../auth/context";
import { describeError } from "../jobs/failures";
import { createDb, DB_TIMEOUT_MS, type Db } from "../lib/db";
import type { Services } from "../lib/services";

export type DatabaseStatus = { reachable: boolean; latencyMs: number | null; error?: string };
export type MigrationStatus = { current: boolean; applied: number; expected: number; pending: string[] };
export type HealthReport = {
  status: "ok" | "degraded";
  version: string;
  time: string;
  database: DatabaseStatus;
  migrations: MigrationStatus;
};

export const APP_VERSION = "0.1.0";

/** Migrations this build expects, in order; drizzle records each by its journal timestamp. */
const EXPECTED = journal.entries.map((e) => ({ tag: e.tag, when: e.when }));

async function checkDatabase(db: Db, { clock }: Services): Promise<DatabaseStatus> {
  const started = clock.now();
  try {
    await db.run(sql`select 1`);
    return { reachable: true, latencyMs: clock.now() - started };
  } catch (err) {
    return { reachable: false, latencyMs: null, error: describeError(err, 300) };
  }
}

async function checkMigrations(db: Db): Promise<MigrationStatus> {
  let appliedTimes: number[] = [];
  try {
    const rows = await db.all<{ created_at: number | string }>(
      sql`select created_at from __drizzle_migrations`,
    );
    appliedTimes = rows.map((r) => Number(r.created_at));
  } catch {
    // No migrations table yet: nothing applied.
  }
  const latestApplied = appliedTimes.length > 0 ? Math.max(...appliedTimes) : -1;
  const pending = EXPECTED.filter((m) => m.when > latestApplied).map((m) => m.tag);
  return { current: pending.length === 0, applied: appliedTimes.length, expected: EXPECTED.length, pending };
}

/**
 * Reports whether the database answers and its schema is what this build expects, within
 * DB_TIMEOUT_MS.health: a database that hangs makes the report `degraded`, not slow.
 */
export async function checkHealth({ ctx }: { ctx: PublicContext }): Promise<HealthReport> {
  const { services } = ctx;
  const { LIBSQL_URL: url, LIBSQL_AUTH_TOKEN: authToken } = services.env;
  const timeoutMs = DB_TIMEOUT_MS.health;
  const db = createDb({ url, authToken, wait: { timeoutMs, deadline: Date.now() + timeoutMs } });
  const database = await checkDatabase(db, services);
  const migrations = database.reachable
    ? await checkMigrations(db)
    : { current: false, applied: 0, expected: EXPECTED.length, pending: EXPECTED.map((m) => m.tag) };
  return {
    status: database.reachable && migrations.current ? "ok" : "degraded",
    version: APP_VERSION,
    time: new Date(services.clock.now()).toISOString(),
    database,
    migrations,
  };
}
