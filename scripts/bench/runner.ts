/**
 * Runs benchmark suites so that nothing measured is lost: what every suite needs from outside the
 * project is checked first, and as each suite ends its rows are printed and everything measured so
 * far is written to the results file. A suite that fails is recorded; the others still run.
 */
import { writeFile } from "node:fs/promises";
import type { BenchRow, BenchSuite } from "./types.ts";

export type BenchResults = {
  startedAt: string;
  machine: Record<string, unknown>;
  rows: BenchRow[];
  failed?: { suite: string; error: string }[];
};

export function printRows(rows: BenchRow[]): void {
  console.table(
    rows.map((r) => ({
      suite: r.suite,
      metric: r.metric,
      value: `${r.value} ${r.unit}`,
      goal: r.goal ?? "",
    })),
  );
}

export async function runSuites(
  suites: BenchSuite[],
  { file, startedAt, machine }: { file: string; startedAt: string; machine: Record<string, unknown> },
): Promise<BenchResults> {
  for (const suite of suites) await suite.prepare?.();
  const results: BenchResults = { startedAt, machine, rows: [] };
  const failed: { suite: string; error: string }[] = [];
  for (const [i, suite] of suites.entries()) {
    console.log(`[${i + 1}/${suites.length}] ${suite.name}: ${suite.description}`);
    try {
      const rows = await suite.run();
      results.rows.push(...rows);
      printRows(rows);
    } catch (err) {
      console.error(`Suite ${suite.name} failed:`, err);
      failed.push({ suite: suite.name, error: err instanceof Error ? err.message : String(err) });
      results.failed = failed;
    }
    await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`Rows so far written to ${file}`);
  }
  return results;
}
