import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client/web";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freePort } from "./free-port.ts";
import { type Supervised, type SuperviseOptions, superviseProcess } from "./supervise.ts";

const SERVER = join(import.meta.dirname, "libsql-server.ts");
const FAST = { firstMs: 100, maxMs: 400, resetAfterMs: 60_000 };

let dir: string;
let running: Supervised[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sightline-supervise-"));
  running = [];
});

afterEach(async () => {
  await Promise.all(running.map((s) => s.stop()));
  await rm(dir, { recursive: true, force: true });
});

async function supervise(overrides: Partial<SuperviseOptions> & { log(line: string): void }) {
  const supervised = await superviseProcess({
    name: "The database server",
    command: process.execPath,
    args: [],
    isReadyLine: (line) => line.startsWith("libsql server listening on "),
    backoff: FAST,
    ...overrides,
  });
  running.push(supervised);
  return supervised;
}

function superviseDatabase(port: number, log: (line: string) => void) {
  return supervise({ args: [SERVER, "--file", join(dir, "test.db"), "--port", String(port)], log });
}

async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms; last value ${String(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const healthStatus = (url: string) =>
  fetch(`${url}/health`).then(
    (r) => r.status,
    () => 0,
  );

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("superviseProcess", () => {
  it("restarts a killed libSQL server on the same port, and its data is still there", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const lines: string[] = [];
    const db = await superviseDatabase(port, (line) => lines.push(line));
    expect(await healthStatus(url)).toBe(200);
    const client = createClient({ url });
    await client.execute("create table t (x integer)");
    await client.execute("insert into t values (42)");

    const first = db.pid();
    expect(first).toBeTypeOf("number");
    process.kill(first as number, "SIGKILL");

    await until(
      () => db.restarts(),
      (n) => n === 1,
    );
    await until(
      () => healthStatus(url),
      (status) => status === 200,
    );
    expect(db.pid()).not.toBe(first);
    expect(lines).toEqual(["The database server was killed by SIGKILL; restarting it in 0.1 s"]);
    expect((await client.execute("select x from t")).rows.map((r) => r.x)).toEqual([42]);
    client.close();
  });

  it("backs off, doubling up to the cap, while the child keeps dying", async () => {
    const lines: string[] = [];
    // Ready at once, then dies with code 3 a moment later, every time.
    const child = await supervise({
      args: ["-e", "console.log('libsql server listening on x'); setTimeout(() => process.exit(3), 20)"],
      log: (line) => lines.push(line),
    });
    await until(
      () => lines.length,
      (n) => n >= 4,
    );
    await child.stop();
    expect(lines.slice(0, 4)).toEqual([
      "The database server exited with code 3; restarting it in 0.1 s",
      "The database server exited with code 3; restarting it in 0.2 s",
      "The database server exited with code 3; restarting it in 0.4 s",
      "The database server exited with code 3; restarting it in 0.4 s",
    ]);
  });

  it("stop() ends the child, even a frozen one, and restarts nothing", async () => {
    const lines: string[] = [];
    const db = await superviseDatabase(await freePort(), (line) => lines.push(line));
    const pid = db.pid() as number;
    process.kill(pid, "SIGSTOP");
    const started = Date.now();
    await db.stop();
    expect(alive(pid)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000); // by SIGTERM, not by the SIGKILL 5 s later
    await new Promise((r) => setTimeout(r, 300));
    expect(db.restarts()).toBe(0);
    expect(db.pid()).toBeUndefined();
    expect(lines).toEqual([]);
  });

  it("rejects when the first start fails, with the child's output", async () => {
    const lines: string[] = [];
    await expect(
      supervise({
        args: [SERVER, "--file", join(dir, "test.db"), "--port", "no-port"],
        log: (l) => lines.push(l),
      }),
    ).rejects.toThrow(/exited with code 1 before it was ready:\n--port must be an integer/);
    await expect(
      supervise({
        args: ["-e", "setInterval(() => {}, 1000)"],
        startTimeoutMs: 300,
        log: (l) => lines.push(l),
      }),
    ).rejects.toThrow(/was not ready within 300 ms/);
    expect(lines).toEqual([]);
  });

  it("the server exits when its supervisor dies without stopping it", async () => {
    const port = await freePort();
    // A supervisor in its own process, SIGKILLed: its child must not keep the port.
    const script = `
      import { superviseProcess } from ${JSON.stringify(join(import.meta.dirname, "supervise.ts"))};
      const db = await superviseProcess({
        name: "db", command: process.execPath,
        args: [${JSON.stringify(SERVER)}, "--file", ${JSON.stringify(join(dir, "orphan.db"))}, "--port", "${port}"],
        isReadyLine: (line) => line.startsWith("libsql server listening on "), log: console.log,
      });
      console.log("child " + db.pid());`;
    const parent = spawn(process.execPath, ["--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    parent.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    const childPid = Number(
      (
        await until(
          () => /child (\d+)/.exec(out),
          (m) => m !== null,
        )
      )?.[1],
    );
    try {
      expect(alive(childPid)).toBe(true);
      parent.kill("SIGKILL");
      await until(
        () => alive(childPid),
        (isAlive) => !isAlive,
      );
      expect(await healthStatus(`http://127.0.0.1:${port}`)).toBe(0);
    } finally {
      parent.kill("SIGKILL");
      if (alive(childPid)) process.kill(childPid, "SIGKILL");
    }
  });
});
