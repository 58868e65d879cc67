/**
 * The local stack: the libSQL server on a file, migrations, and `wrangler dev` (workerd with
 * Miniflare queues, cron and static assets). Used by `npm start`, `npm run dev`, the browser
 * tests and the benchmarks, so all of them run the same thing.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, portIsFree } from "./free-port.ts";
import { startLibsqlServer } from "./libsql-server.ts";
import { applyMigrations } from "./migrate.ts";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const BIN = (name: string) => join(ROOT, "node_modules", ".bin", name);

export type StackOptions = {
  /** Folder for the database file and wrangler's local state. */
  dataDir: string;
  port: number;
  /** Preferred libSQL port; a free one is used when it is taken. */
  dbPort?: number;
  environment?: "development" | "test";
  /** Forward wrangler's output (npm start) or keep it for error reports (tests). */
  verbose?: boolean;
  extraVars?: Record<string, string>;
  /** Let `/__scheduled?cron=…` run the cron handler (wrangler's --test-scheduled); see local-cron.ts. */
  testScheduled?: boolean;
};

export type Stack = { url: string; dbUrl: string; stop(): Promise<void> };

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the Worker did not become healthy at ${url} within ${timeoutMs} ms:\n${output()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {
        // already gone
      }
    }, 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      // wrangler runs workerd as a child of its own: stop the whole process group.
      process.kill(-(child.pid as number), "SIGTERM");
    } catch {
      resolve();
    }
  });
}

/**
 * Builds the dashboard into web/dist, the Worker's static assets: `wrangler dev` refuses to start
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

/** The session-signing secret, generated on first run and kept beside the database. */
async function sessionSecret(dataDir: string): Promise<string> {
  const file = join(dataDir, "session-secret");
  try {
    const existing = (await readFile(file, "utf8")).trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first run
  }
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  await mkdir(options.dataDir, { recursive: true });
  const wanted = options.dbPort ?? 8080;
  const dbPort = (await portIsFree(wanted)) ? wanted : await freePort();
  const db = await startLibsqlServer({ file: join(options.dataDir, "local.db"), port: dbPort });
  await applyMigrations({ url: db.url });

  const vars: Record<string, string> = {
    LIBSQL_URL: db.url,
    SESSION_SECRET: await sessionSecret(options.dataDir),
    SIGHTLINE_ENV: options.environment ?? "development",
    ...options.extraVars,
  };
  const args = ["dev", "--port", String(options.port), "--ip", "127.0.0.1"];
  args.push("--persist-to", join(options.dataDir, "wrangler"), "--show-interactive-dev-session=false");
  if (options.testScheduled) args.push("--test-scheduled");
  for (const [key, value] of Object.entries(vars)) args.push("--var", `${key}:${value}`);

  let output = "";
  const child = spawn(BIN("wrangler"), args, {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_D1_WARNING: "true" },
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    if (options.verbose) process.stdout.write(chunk);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const url = `http://localhost:${options.port}`;
  try {
    await waitForHealth(url, child, () => output, 60_000);
  } catch (err) {
    await stopChild(child);
    await db.close();
    throw err;
  }
  return {
    url,
    dbUrl: db.url,
    async stop() {
      await stopChild(child);
      await db.close();
    },
  };
}
