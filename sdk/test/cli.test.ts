/**
 * The `sightline` bin, spawned as a user runs it, against the real local stack: `datasets import`
 * (its report, exit code 1 on rejected rows and 0 with --allow-bad-rows, --create, a missing
 * dataset) and `datasets export` (to a file and to stdout), and its usage errors (exit code 2).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { signUpOnStack } from "../../scripts/stack-account.ts";
import { SightlineClient } from "../src/index.ts";
import { runCli } from "./cli-run.ts";

const baseUrl = inject("baseUrl");

let dir: string;
let env: NodeJS.ProcessEnv;
let client: SightlineClient;

/** Runs the bin with the account's credentials (or `extraEnv` over them). */
const sightline = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
  runCli(args, { ...env, ...extraEnv }, dir);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sightline-cli-"));
  const account = await signUpOnStack(baseUrl, "cli");
  const apiKey = await account.key(["write"]);
  env = { PATH: process.env.PATH, SIGHTLINE_API_KEY: apiKey, SIGHTLINE_URL: baseUrl };
  client = new SightlineClient({ apiKey, baseUrl, onError: () => undefined });
});

afterAll(async () => {
  await client?.shutdown();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** 2,500 good records with three bad rows among them (lines 3, 1001 and 2503). */
function fileWithBadRows(): string {
  const lines = Array.from({ length: 2_500 }, (_, i) =>
    JSON.stringify({ inputs: { question: `Q${i}` }, expectations: { expected_response: `A${i}` } }),
  );
  lines.splice(2, 0, "{oops");
  lines.splice(1_000, 0, JSON.stringify({ inputs: { question: "Q-bad" }, tags: { n: 1 } }));
  lines.push(JSON.stringify({ inputs: [] }));
  return `${lines.join("\n")}\n`;
}

describe("sightline datasets import", () => {
  it("imports the good rows as one version, reports each bad row by line, and exits 1", async () => {
    const file = join(dir, "golden.jsonl");
    await writeFile(file, fileWithBadRows());
    const run = await sightline(["datasets", "import", file, "--dataset", "golden", "--create"]);
    expect(run.stderr).toMatch(/committed 2,500 rows|sent \d[\d,]* rows in \d+ chunks/);
    expect(run.stdout).toContain(
      'Imported into "golden", version 1: 2,500 rows accepted (2,500 inserted, 0 updated, 0 unchanged), 3 rejected.',
    );
    const report = run.stdout.split("\n");
    expect(report.filter((l) => l.startsWith("  line ")).map((l) => l.split(":")[0])).toEqual([
      "  line 3",
      "  line 1001",
      "  line 2503",
    ]);
    expect(run.code).toBe(1);
    const dataset = await client.datasets.find("golden");
    expect(dataset).toMatchObject({ version: 1, recordCount: 2_500, importing: null });
  });

  it("exits 0 with --allow-bad-rows, and imports CSV into an existing dataset", async () => {
    const csv = join(dir, "cases.csv");
    await writeFile(csv, 'inputs.question,expectations.expected_response\nQ1,A1\n"bad"x,A2\nQ3,A3\n');
    await client.datasets.create({ name: "cases" });
    const run = await sightline(["datasets", "import", csv, "--dataset", "cases", "--allow-bad-rows"]);
    expect(run.stdout).toContain("2 rows accepted");
    expect(run.stdout).toContain("  line 3: not CSV: Invalid Closing Quote");
    expect(run.code).toBe(0);
  });

  it("fails without --create when there is no dataset of that name, and names the fix", async () => {
    const file = join(dir, "one.jsonl");
    await writeFile(file, '{"inputs":{"q":1}}\n');
    const run = await sightline(["datasets", "import", file, "--dataset", "nowhere"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the project has no dataset named "nowhere" (add --create to make it)');
    expect(await client.datasets.find("nowhere")).toBeNull();
  });
});

describe("sightline datasets export", () => {
  it("writes a version to a file or to stdout, as the API exports it", async () => {
    const { id } = await client.datasets.create({ name: "to-export" });
    await client.datasets.merge({
      datasetId: id,
      records: [{ inputs: { q: "one" }, expectations: { expected_response: "1" } }, { inputs: { q: "two" } }],
    });
    await client.datasets.merge({ datasetId: id, records: [{ inputs: { q: "three" } }] });

    const out = join(dir, "v1.csv");
    const toFile = await sightline([
      "datasets",
      "export",
      "to-export",
      "--version",
      "1",
      "--format",
      "csv",
      "--out",
      out,
    ]);
    expect(toFile).toMatchObject({ code: 0, stdout: "" });
    expect(toFile.stderr).toContain(`Wrote "to-export" version 1 to ${out}`);
    const api = await new Response(
      await client.datasets.export({ datasetId: id, version: 1, format: "csv" }),
    ).text();
    expect(await readFile(out, "utf8")).toBe(api);
    expect(api.split("\n")[0]).toContain("inputs.q");

    const toStdout = await sightline(["datasets", "export", "to-export"]);
    expect(toStdout.code).toBe(0);
    const lines = toStdout.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { inputs: { q: string } });
    expect(lines.map((l) => l.inputs.q)).toEqual(["one", "two", "three"]);
  });
});

describe("usage", () => {
  it("exits 2 with the usage for a command line it cannot run", async () => {
    for (const args of [
      [],
      ["datasets", "import", "x.jsonl"],
      ["datasets", "import", "x.jsonl", "--dataset", "d", "--format", "xml"],
      ["datasets", "export", "d", "--version", "latest"],
      ["datasets", "export", "d", "--bogus"],
      ["nonsense"],
    ]) {
      const run = await sightline(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr + run.stdout).toContain("Usage: sightline");
    }
    const noKey = await sightline(["datasets", "export", "d"], { SIGHTLINE_API_KEY: "" });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("set SIGHTLINE_API_KEY and SIGHTLINE_URL");
  });
});
