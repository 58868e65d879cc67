/**
 * Test helpers: a local database brought to a point of the migration history, seeded with data as
 * that schema stored it, then brought up to date: what an existing deployment goes through.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Client, createClient, type InStatement } from "@libsql/client";
import { startLibsqlServer } from "./libsql-server.ts";
import { applyMigrations, MIGRATIONS_FOLDER } from "./migrate.ts";

/** A copy of the migrations folder holding only the first `count` migrations. */
async function historyUpTo(dir: string, count: number): Promise<string> {
  const folder = join(dir, `migrations-${count}`);
  await cp(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(await readFile(journalFile, "utf8")) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, count);
  await writeFile(journalFile, JSON.stringify(journal));
  return folder;
}

export type UpgradedDatabase = {
  db: Client;
  /** The local server's URL, to apply the migrations again. */
  url: string;
  /** How long bringing the seeded database up to date took. */
  upgradeMs: number;
  cleanup: () => Promise<void>;
};

/** A database at migration `count` holding `seed`, then brought up to date. */
export async function upgradedFrom(count: number, seed: InStatement[]): Promise<UpgradedDatabase> {
  const dir = await mkdtemp(join(tmpdir(), "sightline-migrate-"));
  const server = await startLibsqlServer({ file: join(dir, "test.db"), port: 0 });
  await applyMigrations({ url: server.url, migrationsFolder: await historyUpTo(dir, count) });
  const db = createClient({ url: server.url });
  await db.batch(seed, "write");
  const started = performance.now();
  await applyMigrations({ url: server.url });
  return {
    db,
    url: server.url,
    upgradeMs: performance.now() - started,
    async cleanup() {
      db.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
