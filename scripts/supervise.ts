/**
 * Keeps a child process running: started once (the caller waits until it says it is ready),
 * restarted with exponential backoff whenever it exits on its own, stopped on request.
 *
 * Used by the local stack for the libSQL server: the `libsql` native module aborts the whole
 * process on some bad data, and in a child that takes down only the database, which comes back
 * on the same port while the Worker keeps answering (503 with Retry-After meanwhile).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

export type Backoff = {
  /** Wait before the first restart; doubled after each restart that did not stay up. */
  firstMs: number;
  maxMs: number;
  /** A child that ran this long before exiting gets `firstMs` again. */
  resetAfterMs: number;
};

export const DEFAULT_BACKOFF: Backoff = { firstMs: 250, maxMs: 5_000, resetAfterMs: 30_000 };

export type SuperviseOptions = {
  /** Names the child in log lines ("database server"). */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Recognises the stdout line the child prints once it is ready. */
  isReadyLine(line: string): boolean;
  /** How long the first start may take. */
  startTimeoutMs?: number;
  backoff?: Backoff;
  /** One line per restart. */
  log(line: string): void;
  /** Pass the child's stderr through as it comes (its output's tail is kept for errors either way). */
  verbose?: boolean;
};

export type Supervised = {
  /** The running child's pid; undefined while it is being restarted. */
  pid(): number | undefined;
  /** How many times the child has been started again. */
  restarts(): number;
  /** Stops the child (SIGTERM, then SIGKILL after 5 s) and restarts it no more. */
  stop(): Promise<void>;
};

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(2))} s`;

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

/** Starts `command` and resolves once it printed its ready line; rejects when the first start fails. */
export function superviseProcess(options: SuperviseOptions): Promise<Supervised> {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  let child: ChildProcess | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let delayMs = backoff.firstMs;
  let restarts = 0;
  let stopping = false;
  let tail = "";
  const keep = (text: string) => {
    tail = (tail + text).slice(-10_000);
  };

  /** Spawns one child; `onReady` runs when it prints its ready line, `onExit` when it ends. */
  function startChild(onReady: () => void, onExit: (description: string) => void): ChildProcess {
    const startedAt = Date.now();
    const spawned = spawn(options.command, options.args, {
      env: options.env ?? process.env,
      // Its own process group, so a Ctrl-C in the terminal reaches only us and we stop it in
      // order; the IPC channel lets it notice when we die without stopping it (see libsql-server.ts).
      detached: true,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    spawned.channel?.unref();
    createInterface({ input: spawned.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      keep(`${line}\n`);
      if (options.isReadyLine(line)) onReady();
    });
    spawned.stderr?.on("data", (chunk: Buffer) => {
      keep(chunk.toString());
      if (options.verbose) process.stderr.write(chunk);
    });
    let ended = false;
    const end = (description: string) => {
      if (ended) return;
      ended = true;
      if (child === spawned) child = undefined;
      if (Date.now() - startedAt >= backoff.resetAfterMs) delayMs = backoff.firstMs;
      onExit(description);
    };
    spawned.once("exit", (code, signal) => end(describeExit(code, signal)));
    spawned.once("error", (err) => end(`could not be started (${err.message})`));
    child = spawned;
    return spawned;
  }

  function restartLater(description: string): void {
    if (stopping) return;
    const wait = delayMs;
    delayMs = Math.min(delayMs * 2, backoff.maxMs);
    options.log(`${options.name} ${description}; restarting it in ${seconds(wait)}`);
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      if (stopping) return;
      restarts += 1;
      startChild(() => {}, restartLater);
    }, wait);
  }

  const supervised: Supervised = {
    pid: () => child?.pid,
    restarts: () => restarts,
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
      running.kill("SIGTERM");
      running.kill("SIGCONT"); // a stopped (SIGSTOP) child acts on SIGTERM only once continued
      const killer = setTimeout(() => running.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };

  return new Promise((resolve, reject) => {
    const startTimeoutMs = options.startTimeoutMs ?? 15_000;
    let settled = false;
    const first = startChild(
      () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(supervised);
      },
      (description) => {
        if (settled) return restartLater(description);
        settled = true;
        clearTimeout(timer);
        stopping = true;
        reject(new Error(`${options.name} ${description} before it was ready:\n${tail}`));
      },
    );
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      stopping = true;
      first.kill("SIGKILL");
      reject(new Error(`${options.name} was not ready within ${startTimeoutMs} ms:\n${tail}`));
    }, startTimeoutMs);
  });
}
