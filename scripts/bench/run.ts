/**
 * `npm run bench [suite…]`: runs the benchmark suites, prints a table, and writes the rows with
 * the machine and date to bench-results/<timestamp>.json. Benchmarks report numbers; tests
 * check behaviour.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { ROOT } from "../stack.ts";
import { SUITES } from "./suites.ts";
import type { BenchRow } from "./types.ts";

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !SUITES.some((s) => s.name === name));
if (unknown.length > 0) {
  console.error(
    `Unknown suite(s): ${unknown.join(", ")}. Available: ${SUITES.map((s) => s.name).join(", ")}.`,
  );
  process.exit(1);
}
const suites = wanted.length > 0 ? SUITES.filter((s) => wanted.includes(s.name)) : SUITES;

const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
};

const startedAt = new Date().toISOString();
const rows: BenchRow[] = [];
for (const [i, suite] of suites.entries()) {
  console.log(`[${i + 1}/${suites.length}] ${suite.name}: ${suite.description}`);
  rows.push(...(await suite.run()));
}

console.table(
  rows.map((r) => ({ suite: r.suite, metric: r.metric, value: `${r.value} ${r.unit}`, goal: r.goal ?? "" })),
);

const outDir = join(ROOT, "bench-results");
await mkdir(outDir, { recursive: true });
const file = join(outDir, `${startedAt.replace(/[:.]/g, "-")}.json`);
await writeFile(file, `${JSON.stringify({ startedAt, machine, rows }, null, 2)}\n`);
console.log(
  `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`,
);
console.log(`Results written to ${file}`);
