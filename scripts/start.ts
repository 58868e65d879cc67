/**
 * `npm start`: build the dashboard, start the local libSQL server on .sightline/local.db,
 * migrate it, run the Worker in workerd (Miniflare), fire its cron triggers on schedule, and print
 * where to go. Ctrl-C stops it all.
 * `npm run dev` (--watch) also rebuilds the dashboard and reloads the Worker when their code changes,
 * and logs each request.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { watch as watchTree } from "node:fs";
import { join } from "node:path";
import { driveCrons } from "./local-cron.ts";
import { BIN, buildDashboard, ROOT, type Stack, startStack } from "./stack.ts";

const watch = process.argv.includes("--watch");
const port = Number(process.env.PORT ?? 8787);

let stack: Stack | undefined;
let webWatcher: ChildProcess | undefined;
let stopping = false;
let stopCrons: (() => void) | undefined;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping Sightline…");
  stopCrons?.();
  webWatcher?.kill("SIGTERM");
  await stack?.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

/**
 * Reloads the Worker a quarter second after the last change: rebundled when its code changes,
 * with the dashboard's new files when vite has rebuilt them.
 */
function watchWorker(running: Stack) {
  let reloading: Promise<void> = Promise.resolve();
  const watch = (dirs: string[], what: "code" | "assets") => {
    let timer: NodeJS.Timeout | undefined;
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        reloading = reloading
          .then(() => running.reload(what))
          .then(() => console.log(what === "code" ? "Worker reloaded." : "Dashboard reloaded."))
          .catch((err: unknown) =>
            console.error(`Worker not reloaded: ${err instanceof Error ? err.message : err}`),
          );
      }, 250);
    };
    for (const dir of dirs) watchTree(join(ROOT, dir), { recursive: true }, changed);
  };
  watch(["workers", "schema"], "code");
  watch(["web/dist"], "assets");
}

try {
  console.log("Building the dashboard…");
  await buildDashboard();
  if (watch) {
    webWatcher = spawn(
      BIN("vite"),
      ["build", "--watch", "--config", "web/vite.config.ts", "--logLevel", "warn"],
      {
        cwd: ROOT,
        stdio: "inherit",
      },
    );
  }
  console.log("Starting the local database and the Worker…");
  // SIGHTLINE_DATA_DIR: somewhere else than .sightline/ (scripts/start.test.ts starts a throwaway one).
  const dataDir = process.env.SIGHTLINE_DATA_DIR ?? join(ROOT, ".sightline");
  stack = await startStack({ dataDir, port, verbose: true, logRequests: watch });
  stopCrons = driveCrons(stack, (line) => console.warn(line));
  if (watch) watchWorker(stack);
  console.log(`
  Sightline is running at ${stack.url}
    Sign up         ${stack.url}/signup   (first visit: create your account here)
    Dashboard       ${stack.url}/
    API reference   ${stack.url}/api/reference
    Health          ${stack.url}/api/health
    OTLP traces     ${stack.url}/v1/traces
    Database        ${stack.dbUrl} (file .sightline/local.db)

  Press Ctrl-C to stop.
`);
} catch (err) {
  console.error(`Sightline could not start: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
}
