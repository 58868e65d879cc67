import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLibsqlServer } from "../../scripts/libsql-server.ts";
import { applyMigrations } from "../../scripts/migrate.ts";

/**
 * A "database" that misbehaves the ways a frozen or failing one does, for the bounded-wait tests:
 * by default it reads requests and never answers; under `/stall-body/` it sends the headers and
 * the start of a body, then nothing; under `/drop-body/` it drops the connection mid-body.
 */
async function startHangingServer(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url ?? "";
    if (!path.startsWith("/stall-body/") && !path.startsWith("/drop-body/")) return; // never answer
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"baton":null,"base_url":null,"results":[');
    if (path.startsWith("/drop-body/")) setTimeout(() => res.socket?.destroy(), 50);
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
