/**
 * The package as npm would publish it: `npm pack` (which builds dist through `prepack`), installed
 * into an empty app's node_modules, imported by name from plain Node and sending a trace.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Collector, startCollector } from "./collector.ts";

const run = promisify(execFile);
const SDK_DIR = join(import.meta.dirname, "..");

let dir: string;
let collector: Collector;
let files: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sightline-sdk-pack-"));
  collector = await startCollector();
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", dir], { cwd: SDK_DIR });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  if (!packed) throw new Error(`npm pack printed no package: ${stdout}`);
  files = packed.files.map((f) => f.path).sort();
  const scope = join(dir, "app", "node_modules", "@sightline");
  await mkdir(scope, { recursive: true });
  await run("tar", ["-xzf", join(dir, packed.filename), "-C", scope]);
  await rename(join(scope, "package"), join(scope, "sdk"));
}, 120_000);

afterAll(async () => {
  await collector?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the published package", () => {
  it("ships the built JavaScript and type declarations, not the TypeScript sources", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "dist/index.js",
        "dist/index.d.ts",
        "dist/cli/main.js",
        "dist/vitest/index.js",
        "dist/vitest/index.d.ts",
        "README.md",
      ]),
    );
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
  });

  it("is importable by name from Node and exports a trace", async () => {
    const app = join(dir, "app");
    await writeFile(
      join(app, "main.mjs"),
      [
        'import { SightlineClient, SpanType, SDK_VERSION } from "@sightline/sdk";',
        "const client = new SightlineClient({ apiKey: 'sl_packed', baseUrl: process.argv[2] });",
        "const answer = client.trace(async (q) => 'answer to ' + q, { name: 'packed', spanType: SpanType.CHAIN });",
        "console.log(await answer('life'), SDK_VERSION);",
        "await client.shutdown();",
      ].join("\n"),
    );
    const { stdout } = await run(process.execPath, ["main.mjs", collector.baseUrl], { cwd: app });
    const version = JSON.parse(await readFile(join(SDK_DIR, "package.json"), "utf8")).version as string;
    expect(stdout.trim()).toBe(`answer to life ${version}`);
    await collector.waitFor(() => collector.spans().length > 0);
    expect(collector.span("packed").attributes["mlflow.spanType"]).toBe("CHAIN");
    expect(collector.requests[0]?.headers.authorization).toBe("Bearer sl_packed");
  });

  it("ships the sightline bin, which runs from the installed package", async () => {
    const manifest = JSON.parse(
      await readFile(join(dir, "app", "node_modules", "@sightline", "sdk", "package.json"), "utf8"),
    );
    expect(manifest.bin).toEqual({ sightline: "./dist/cli/main.js" });
    const bin = join(dir, "app", "node_modules", "@sightline", "sdk", "dist", "cli", "main.js");
    const { stdout } = await run(process.execPath, [bin, "--help"]);
    expect(stdout).toContain("sightline datasets import FILE --dataset NAME");
  });

  it("has the Vitest integration as a subpath, with Vitest an optional peer it loads from the app", async () => {
    const sdk = join(dir, "app", "node_modules", "@sightline", "sdk");
    const manifest = JSON.parse(await readFile(join(sdk, "package.json"), "utf8"));
    expect(manifest.exports["./vitest"]).toEqual({
      types: "./dist/vitest/index.d.ts",
      default: "./dist/vitest/index.js",
    });
    expect(manifest.dependencies.vitest).toBeUndefined();
    expect(manifest.peerDependenciesMeta.vitest).toEqual({ optional: true });
    // The app's own Vitest (this repository's, linked in as an app's install would put it).
    await symlink(join(SDK_DIR, "..", "node_modules", "vitest"), join(dir, "app", "node_modules", "vitest"));
    const app = join(dir, "app");
    await writeFile(
      join(app, "vitest-entry.mjs"),
      'const m = await import("@sightline/sdk/vitest"); console.log(typeof m.describeEval, m.DEFAULT_CACHE_PATH);',
    );
    const { stdout } = await run(process.execPath, ["vitest-entry.mjs"], { cwd: app });
    expect(stdout.trim()).toBe("function .sightline/vitest-cache.json");
  });
});
