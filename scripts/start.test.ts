/**
 * The README's first command: `npm start` serves the dashboard and the API and says where to sign
 * up. Started as a user starts it (through npm, on a free port, in a throwaway data directory),
 * then stopped with SIGTERM as Ctrl-C would.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { freePort } from "./free-port.ts";

const ROOT = join(import.meta.dirname, "..");

it("npm start serves the dashboard and the API, prints where to sign up, and stops on SIGTERM", async () => {
  const dataDir = await mkdtemp(join(tmpdir(), "sightline-start-"));
  const port = await freePort();
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), SIGHTLINE_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const deadline = Date.now() + 110_000;
    while (!output.includes("Sightline is running") && Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(output, output).toContain(`http://localhost:${port}/signup`);
    const health = await fetch(`http://localhost:${port}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok" });
    const signup = await fetch(`http://localhost:${port}/signup`);
    expect(signup.status).toBe(200);
    expect(await signup.text()).toContain('<div id="app">');
  } finally {
    // The whole group: npm, tsx and the processes they started.
    if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 15_000)),
    ]);
    if (!stopped && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    await rm(dataDir, { recursive: true, force: true });
    expect(stopped, "npm start did not stop within 15 s of SIGTERM").toBe(true);
  }
}, 150_000);
