/**
 * `npm run bench [suite…]`: builds the dashboard when a chosen suite starts a stack, then runs the
 * benchmark suites (runner.ts), printing each suite's rows as it ends and keeping every row so
 * far, with the machine and date, in bench-results/<timestamp>.json. Benchmarks report numbers; tests check behaviour.
 */
import { mkdir } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { buildDashboard, ROOT } from "../stack.ts";
import { printRows, runSuites } from "./runner.ts";
import { SUITES } from "./suites.ts";

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !SUITES.some((s) => s.name === name));
if (unknown.length > 0) {
  console.error(
    `Unknown suite(s): ${unknown.join(", ")}. Available: ${SUITES.map((s) => s.name).join(", ")}.`,
  );
  process.exit(1);
}
const suites = wanted.length > 0 ? SUITES.filter((s) => wanted.includes(s.name)) : SUITES;

// The stack serves the dashboard's build; a run of simulations only (alerts) starts no stack.
if (suites.some((s) => s.needsStack !== false)) await buildDashboard();

const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
};

const startedAt = new Date().toISOString();
const outDir = join(ROOT, "bench-results");
await mkdir(outDir, { recursive: true });
const file = join(outDir, `${startedAt.replace(/[:.]/g, "-")}.json`);
const { rows, failed } = await runSuites(suites, { file, startedAt, machine });

if (suites.length > 1) {
  console.log("All suites:");
  printRows(rows);
}
console.log(
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`,
);
console.log(`Results written to ${file}`);
if (failed) {
  console.error(`Failed suite(s): ${failed.map((f) => f.suite).join(", ")}.`);
  process.exitCode = 1;
}
