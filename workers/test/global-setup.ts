import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLibsqlServer } from "../../scripts/libsql-server.ts";
import { applyMigrations } from "../../scripts/migrate.ts";

/**
 * A "database" that accepts connections and reads requests but never answers, as a frozen
 * database server does: the bounded-wait tests point the Worker at it.
 */
async function startHangingServer(port: number): Promise<Server> {
  const server = createServer(() => {
    // Never answer.
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}

/** Starts the local libSQL server on a temporary file and migrates it, once per test run. */
export default async function setup() {
  const hanging = await startHangingServer(Number(process.env.SIGHTLINE_TEST_HANGING_PORT));
  const dir = await mkdtemp(join(tmpdir(), "sightline-test-"));
  const server = await startLibsqlServer({
    file: join(dir, "test.db"),
    port: Number(process.env.SIGHTLINE_TEST_DB_PORT),
  });
  await applyMigrations({ url: server.url });
  return async () => {
    hanging.closeAllConnections();
    hanging.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  };
}
