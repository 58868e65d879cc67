/**
 * Local libSQL server (Hrana over HTTP v2) for development, tests and benchmarks; production talks
 * to Turso with the same client. Implementation: ./libsql/.
 *
 *   node scripts/libsql-server.ts --file .sightline/local.db --port 8080 [--host 127.0.0.1] [--auth-token T]
 *
 * Prints one line on stdout once it listens. `npm start` runs it as a child (scripts/supervise.ts)
 * and starts it again when it dies.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { isMain, stopOnSignals } from "./is-main.ts";
import { startLibsqlServer } from "./libsql/index.ts";

export { type LibsqlServer, type LibsqlServerOptions, startLibsqlServer } from "./libsql/index.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      file: { type: "string", default: ".sightline/local.db" },
      port: { type: "string", default: "8080" },
      host: { type: "string", default: "127.0.0.1" },
      "auth-token": { type: "string" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer between 0 and 65535, got ${values.port}`);
  }
  const file = resolve(values.file);
  const authToken = values["auth-token"] ?? process.env.LIBSQL_AUTH_TOKEN;
  const server = await startLibsqlServer({
    file,
    port,
    host: values.host,
    ...(authToken ? { authToken } : {}),
  });
  // The ready line the local stack's supervisor waits for (scripts/stack.ts).
  console.log(`libsql server listening on ${server.url} (file ${file})`);
  stopOnSignals(() => server.close());
  // Started by a supervisor (with an IPC channel): a supervisor that died cannot stop us, so go too.
  if (process.connected) {
    process.channel?.unref();
    process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));
  }
}

if (isMain(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
