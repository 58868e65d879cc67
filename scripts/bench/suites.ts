/**
 * Benchmark suites. A suite measures and returns rows; the runner prints them as a table and
 * writes JSON. Capabilities add their suites here (ingest, query, browser, faults …).
 */
export type BenchRow = {
  suite: string;
  metric: string;
  value: number;
  unit: string;
  /** The figure an issue asks for, if any, e.g. "<= 50 ms p95". */
  goal?: string;
};

export type BenchSuite = { name: string; description: string; run(): Promise<BenchRow[]> };

import { browserSuite } from "./browser.ts";
import { faultsSuite } from "./faults.ts";
import { ingestSuite } from "./ingest.ts";
import { querySuite } from "./query.ts";

export const SUITES: BenchSuite[] = [ingestSuite, querySuite, browserSuite, faultsSuite];
