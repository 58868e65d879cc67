/**
 * The local stack: the libSQL server on a file (a supervised child process, restarted on the same
 * port when it dies; see supervise.ts), migrations, and the Worker in workerd through
 * Miniflare (queues, cron triggers and static assets; see worker-runtime.ts). Used by
 * `npm start`, `npm run dev`, `npm run demo`, the browser tests and the benchmarks, so all of
 * them run the same thing.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, portIsFree } from "./free-port.ts";
import { applyMigrations } from "./migrate.ts";
import { type Supervised, superviseProcess } from "./supervise.ts";
import { startWorkerRuntime, type WorkerRuntime } from "./worker-runtime.ts";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const BIN = (name: string) => join(ROOT, "node_modules", ".bin", name);

export type StackOptions = {
  /** Folder for the database file, the Worker's bundle and Miniflare's local state. */
  dataDir: string;
  port: number;
  /** Preferred libSQL port; a free one is used when it is taken. */
  dbPort?: number;
  environment?: "development" | "test";
  /** Print the Worker's output (npm start) or keep it for error reports (tests). */
  verbose?: boolean;
  /** Print a line per request (npm run dev). */
  logRequests?: boolean;
  extraVars?: Record<string, string>;
  /** Where the database server's restart lines go (default: stderr). */
  log?: (line: string) => void;
};

export type Stack = {
  url: string;
  dbUrl: string;
  /** wrangler.toml's cron triggers, and a way to fire one (see local-cron.ts). */
  crons: string[];
  scheduled(cron: string): Promise<void>;
  /** Swaps in changed Worker code or dashboard files (npm run dev). */
  reload(what: "code" | "assets"): Promise<void>;
  /** The libSQL server's child process (for fault tests). */
  db: { pid(): number | undefined; restarts(): number };
  stop(): Promise<void>;
};

/**
 * Runs scripts/libsql-server.ts in its own Node process, restarted on `port` whenever it dies, so
 * the Worker's LIBSQL_URL stays valid and a crash of the native module stops only the database.
 */
function superviseDatabase(file: string, port: number, options: StackOptions): Promise<Supervised> {
  // The Worker sends no token, so the server must not pick one up from the environment.
  const { LIBSQL_AUTH_TOKEN: _token, ...env } = process.env;
  return superviseProcess({
    name: "The database server",
    // process.execPath: the Node 22 that runs this script, which runs .ts files as is.
    command: process.execPath,
    args: [join(ROOT, "scripts", "libsql-server.ts"), "--file", file, "--port", String(port)],
    env,
    isReadyLine: (line) => line.startsWith("libsql server listening on "),
    log: options.log ?? ((line) => console.warn(line)),
    verbose: options.verbose ?? false,
  });
}

async function waitForHealth(url: string, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `the Worker did not become healthy at ${url} within ${timeoutMs} ms (${last}):\n${output()}`,
  );
}

/**
 * Builds the dashboard into web/dist, the Worker's static assets: the Worker's build refuses to start
 * without that folder, and a stale one would serve an old UI.
 */
export function buildDashboard(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN("vite"), ["build", "--config", "web/vite.config.ts", "--logLevel", "warn"], {
      cwd: ROOT,
      stdio: "inherit",
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`building the dashboard (vite build) exited with ${code}`)),
    );
  });
}

/**
 * A secret generated on first run and kept beside the database (readable by its owner only):
 * the session-signing secret, and the key that seals provider API keys at rest.
 */
async function localSecret(dataDir: string, name: string, make: () => string): Promise<string> {
  const file = join(dataDir, name);
  try {
    const existing = (await readFile(file, "utf8")).trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first run
  }
  const secret = make();
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  await mkdir(options.dataDir, { recursive: true });
  const wanted = options.dbPort ?? 8080;
  const dbPort = (await portIsFree(wanted)) ? wanted : await freePort();
  const db = await superviseDatabase(join(options.dataDir, "local.db"), dbPort, options);
  const dbUrl = `http://127.0.0.1:${dbPort}`;
  let worker: WorkerRuntime | undefined;
  try {
    await applyMigrations({ url: dbUrl });
    worker = await startWorkerRuntime({
      root: ROOT,
      port: options.port,
      dataDir: options.dataDir,
      verbose: options.verbose ?? false,
      logRequests: options.logRequests ?? false,
      vars: {
        LIBSQL_URL: dbUrl,
        SESSION_SECRET: await localSecret(options.dataDir, "session-secret", () =>
          randomBytes(32).toString("base64url"),
        ),
        ENCRYPTION_KEY: await localSecret(
          options.dataDir,
          "encryption-key",
          () => `k1:${randomBytes(32).toString("base64")}`,
        ),
        SIGHTLINE_ENV: options.environment ?? "development",
        ...options.extraVars,
      },
    });
    await waitForHealth(worker.url, worker.output, 30_000);
  } catch (err) {
    await worker?.stop();
    await db.stop();
    throw err;
  }
  const running = worker;
  return {
    url: running.url,
    dbUrl,
    crons: running.crons,
    scheduled: (cron) => running.scheduled(cron),
    reload: (what) => running.reload(what),
    db: { pid: () => db.pid(), restarts: () => db.restarts() },
    async stop() {
      await running.stop();
      await db.stop();
    },
  };
}
