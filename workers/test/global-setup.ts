import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLibsqlServer } from "../../scripts/libsql-server.ts";
import { applyMigrations } from "../../scripts/migrate.ts";

/** Starts the local libSQL server on a temporary file and migrates it, once per test run. */
export default async function setup() {
  const dir = await mkdtemp(join(tmpdir(), "sightline-test-"));
  const server = await startLibsqlServer({
    file: join(dir, "test.db"),
    port: Number(process.env.SIGHTLINE_TEST_DB_PORT),
  });
  await applyMigrations({ url: server.url });
  return async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  };
}
