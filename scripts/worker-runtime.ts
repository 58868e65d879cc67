/**
 * Runs the Worker locally as Cloudflare runs it: bundled by wrangler's own deploy build, in
 * workerd through Miniflare, with wrangler.toml's queues, cron triggers and static assets.
 *
 * Not `wrangler dev`: it puts a second workerd in front of the Worker (a proxy that holds
 * requests while it reloads) and reports every request to its Node process, which together cost
 * about 4 ms of CPU per request, a sixth of an OTLP export's whole cost on this stack. Nothing
 * like it runs in production.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare, type V4WorkerOptionsShape } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";

export type WorkerRuntimeOptions = {
  root: string;
  port: number;
  /** Bundle output and Miniflare's local state (queued messages). */
  dataDir: string;
  /** Added to (and overriding) wrangler.toml's [vars]. */
  vars: Record<string, string>;
  /** Print the Worker's console output as it comes; otherwise keep the last of it for errors. */
  verbose: boolean;
  /** Print a line per request (npm run dev). Each costs a round trip to this Node process. */
  logRequests?: boolean;
};

export type WorkerRuntime = {
  url: string;
  /** wrangler.toml's cron triggers. */
  crons: string[];
  /** Runs the scheduled handler for `cron`, as Cloudflare's cron trigger does. */
  scheduled(cron: string): Promise<void>;
  /**
   * Swaps in what changed (npm run dev): the Worker's code (rebundled) or only the dashboard's
   * files (Miniflare lists the static assets when it loads the Worker).
   */
  reload(what: "code" | "assets"): Promise<void>;
  /** The Worker's recent console output. */
  output(): string;
  stop(): Promise<void>;
};

/** Bundles the Worker with `wrangler deploy --dry-run` (the bundle a deploy ships) into `outDir`. */
export function bundleWorker(root: string, outDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const child = spawn(
      join(root, "node_modules", ".bin", "wrangler"),
      ["deploy", "--dry-run", "--env=", "--outdir", outDir],
      {
        cwd: root,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
      },
    );
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve(join(outDir, "index.js"))
        : reject(
            new Error(`bundling the Worker (wrangler deploy --dry-run) exited with ${code}:\n${output}`),
          ),
    );
  });
}

export async function startWorkerRuntime(options: WorkerRuntimeOptions): Promise<WorkerRuntime> {
  const outDir = join(options.dataDir, "worker");
  const scriptPath = await bundleWorker(options.root, outDir);
  // wrangler.toml's bindings (with .dev.vars), queues, crons and assets, as `wrangler dev` would
  // pass them. (Its declared type, an Omit over a union, loses the fields; the value is a V4
  // worker shape.) The bundle needs no module rules.
  const { modulesRules: _rules, ...workerOptions } = unstable_getMiniflareWorkerOptions(
    join(options.root, "wrangler.toml"),
  ).workerOptions as unknown as V4WorkerOptionsShape;
  let output = "";
  // Built again for each (re)load: the conversion reads the bundle's file.
  const miniflareOptions = () =>
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: options.port,
      // SIGHTLINE_INSPECTOR_PORT: attach Chrome DevTools (or any CDP client) to the Worker.
      ...(process.env.SIGHTLINE_INSPECTOR_PORT
        ? { inspectorPort: Number(process.env.SIGHTLINE_INSPECTOR_PORT) }
        : {}),
      log: new Log(options.verbose ? LogLevel.INFO : LogLevel.ERROR),
      logRequests: options.logRequests ?? false,
      // The fallback `request.cf`, not one downloaded from Cloudflare (no network needed).
      cf: false,
      resourcePersistencePath: join(options.dataDir, "wrangler", "v3"),
      handleStructuredLogs({ level, message }) {
        output = `${output}${message}\n`.slice(-20_000);
        if (options.verbose) (level === "error" || level === "warn" ? console.error : console.log)(message);
      },
      workers: [
        {
          ...workerOptions,
          name: "sightline",
          modules: true,
          scriptPath,
          // Module names are relative to this; the bundle may live outside the project (tests).
          modulesRoot: outDir,
          bindings: { ...workerOptions.bindings, ...options.vars },
        },
      ],
    });
  const miniflare = new Miniflare(miniflareOptions());
  let url: URL;
  try {
    url = await miniflare.ready;
  } catch (err) {
    await miniflare.dispose().catch(() => undefined);
    throw err;
  }
  return {
    url: `http://localhost:${url.port}`,
    crons: workerOptions.cronTriggers ?? [],
    async scheduled(cron) {
      const worker = await miniflare.getWorker();
      const result = await worker.scheduled({ cron });
      if (result.outcome !== "ok")
        throw new Error(`the scheduled handler for "${cron}" ended with ${result.outcome}`);
    },
    async reload(what) {
      if (what === "code") await bundleWorker(options.root, outDir);
      await miniflare.setOptions(miniflareOptions());
    },
    output: () => output,
    stop: () => miniflare.dispose(),
  };
}
