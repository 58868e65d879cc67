import type { Evaluation } from "../src/index.ts";

/** A run as the API answers it: completed, over records, one scorer `correctness`; `over` replaces fields. */
export const evaluationView = (over: Partial<Evaluation> = {}): Evaluation => ({
  id: "run_2",
  name: "bot",
  status: "completed",
  source: "records",
  dataset: null,
  scorers: [{ scorerId: "scr_1", versionId: "scv_1", name: "correctness" }],
  params: {},
  tags: {},
  repeats: 1,
  open: false,
  rows: 10,
  progress: { total: 10, done: 10, errors: 0 },
  metrics: {},
  scorerMetrics: [],
  judge: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  latency: { mean: null, p50: null, p95: null },
  createdBy: "key",
  createdAt: "2026-01-02T00:00:00.000Z",
  finishedAt: null,
  ...over,
});
