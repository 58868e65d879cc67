/**
 * Benchmark suites. A suite measures and returns rows; the runner prints them as a table and
 * writes JSON. Capabilities add their suites here (ingest, query, browser, faults …).
 */
import { alertsSuite } from "./alerts.ts";
import { browserSuite } from "./browser.ts";
import { datasetsSuite } from "./datasets.ts";
import { evaluationsSuite } from "./evaluations.ts";
import { faultsSuite } from "./faults.ts";
import { ingestSuite } from "./ingest.ts";
import { judgesSuite } from "./judges.ts";
import { monitoringSuite } from "./monitoring.ts";
import { promptsSuite } from "./prompts.ts";
import { querySuite } from "./query.ts";
import type { BenchSuite } from "./types.ts";
import { webhooksSuite } from "./webhooks.ts";

export const SUITES: BenchSuite[] = [
  ingestSuite,
  querySuite,
  judgesSuite,
  evaluationsSuite,
  datasetsSuite,
  promptsSuite,
  monitoringSuite,
  webhooksSuite,
  browserSuite,
  faultsSuite,
  alertsSuite,
];
