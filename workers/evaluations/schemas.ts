import { z } from "@hono/zod-openapi";
import { TraceIdSchema } from "../assessments/schemas";
import { ProjectParams } from "../http/params";
import { TraceFilterSchema } from "../traces/schemas";

export { ProjectParams };

export const RunParams = ProjectParams.extend({
  runId: z.string().max(64).openapi({ example: "run_01jq7m2x8v4k3d9f6h5g2c1b0a" }),
});

/** Rows per request (a run's first request, or each append). */
export const ROWS_PER_REQUEST = 1_000;
/** Records a run over a dataset may take. */
export const MAX_DATASET_ROWS = 50_000;
/** Traces a run over a trace-list filter may take. */
export const MAX_TRACE_ROWS = 10_000;

const JsonObject = z.record(z.string(), z.unknown());

/** One record as the SDK sends it, with the application's outputs (or its error). */
export const RowInput = z
  .object({
    inputs: JsonObject,
    outputs: z.unknown().optional(),
    expectations: JsonObject.optional(),
    recordId: z.string().max(64).optional().openapi({ description: "The dataset record it came from." }),
    traceId: TraceIdSchema.optional().openapi({ description: "The trace predictFn made for it." }),
    latencyMs: z.number().min(0).max(86_400_000).optional(),
    error: z
      .string()
      .max(10_000)
      .optional()
      .openapi({ description: "predictFn failed: this record is not scored." }),
  })
  .strict();
export type RowInput = z.infer<typeof RowInput>;

const ScorerRef = z.union([
  z.object({ scorerId: z.string().max(64) }).strict(),
  z.object({ versionId: z.string().max(64) }).strict(),
]);

export const RunInput = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    data: z
      .union([
        z
          .object({
            dataset: z
              .object({ id: z.string().max(64), version: z.number().int().min(1).optional() })
              .strict(),
          })
          .strict(),
        z
          .object({
            traces: z
              .object({
                filter: TraceFilterSchema.openapi({
                  description: "The trace list's filters (as `POST traces/delete` takes them).",
                }),
                limit: z.number().int().min(1).max(MAX_TRACE_ROWS).default(1_000),
              })
              .strict(),
          })
          .strict(),
        z
          .object({
            records: z.array(RowInput).max(ROWS_PER_REQUEST),
            open: z.boolean().default(false).openapi({ description: "More records follow (`POST …/rows`)." }),
          })
          .strict(),
      ])
      .openapi({
        description:
          "A dataset (its current version unless given) scored on its recorded outputs; the project's traces matching a " +
          "trace-list filter, scored on their outputs (newest first, up to `limit`); or records sent with their outputs.",
      }),
    scorers: z
      .array(ScorerRef)
      .min(1)
      .max(20)
      .openapi({ description: "Registered scorers (`{ scorerId }` pins its latest version) or versions." }),
    params: z.record(z.string(), z.unknown()).optional(),
    tags: z.record(z.string().min(1).max(100), z.string().max(500)).optional(),
    repeats: z.number().int().min(1).max(10).default(1),
  })
  .strict()
  .openapi("EvaluationInput");
export type RunInput = z.infer<typeof RunInput>;

export const RowsInput = z
  .object({
    records: z.array(RowInput).max(ROWS_PER_REQUEST),
    last: z.boolean().default(false).openapi({ description: "No more records follow." }),
  })
  .strict()
  .openapi("EvaluationRows");
export type RowsInput = z.infer<typeof RowsInput>;

const Interval = z.object({ low: z.number(), high: z.number() }).nullable();

export const ScorerMetricsSchema = z
  .object({
    name: z.string(),
    count: z.number().int().openapi({ description: "Valid values (errors excluded)." }),
    errors: z.number().int(),
    kind: z.enum(["pass_fail", "numeric"]).openapi({
      description:
        "`pass_fail` when every result passes or fails (its headline is `passRate`), else `numeric` (`mean`).",
    }),
    mean: z.number().nullable(),
    meanInterval: Interval.openapi({
      description:
        "95 % on the mean: Wilson when the values are their own verdict (yes/no), else Student's t.",
    }),
    passRateInterval: Interval.openapi({ description: "95 % Wilson interval on the pass rate." }),
    min: z.number().nullable(),
    max: z.number().nullable(),
    median: z.number().nullable(),
    p90: z.number().nullable(),
    variance: z.number().nullable(),
    passRate: z.number().nullable(),
    withinRecordVariance: z
      .number()
      .nullable()
      .openapi({ description: "With repeats: the mean of each record's variance." }),
  })
  .openapi("EvaluationScorerMetrics");
export type ScorerMetrics = z.infer<typeof ScorerMetricsSchema>;

export const RunSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(["running", "completed", "cancelled", "failed"]),
    source: z.enum(["dataset", "records", "traces"]),
    dataset: z.object({ id: z.string(), version: z.number().int() }).nullable(),
    scorers: z.array(z.object({ scorerId: z.string(), versionId: z.string(), name: z.string() })),
    params: z.record(z.string(), z.unknown()),
    tags: z.record(z.string(), z.string()),
    repeats: z.number().int(),
    open: z.boolean(),
    rows: z.number().int(),
    progress: z.object({ total: z.number().int(), done: z.number().int(), errors: z.number().int() }),
    metrics: z.record(z.string(), z.number().nullable()).openapi({
      description: "`<scorer>/<aggregation>`: mean, min, max, median, p90, variance, pass_rate.",
    }),
    scorerMetrics: z.array(ScorerMetricsSchema),
    judge: z.object({ inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number() }),
    latency: z.object({
      mean: z.number().nullable(),
      p50: z.number().nullable(),
      p95: z.number().nullable(),
    }),
    createdBy: z.string(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi("Evaluation");
export type RunView = z.infer<typeof RunSchema>;

export const ResultsQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ResultSchema = z
  .object({
    rowKey: z.string(),
    position: z.number().int(),
    recordId: z.string().nullable(),
    traceId: z.string().nullable(),
    inputs: z.unknown(),
    outputs: z.unknown().nullable(),
    expectations: z.record(z.string(), z.unknown()),
    latencyMs: z.number().nullable(),
    error: z.string().nullable(),
    scores: z.array(
      z.object({
        scorer: z.string(),
        scorerVersionId: z.string(),
        repeat: z.number().int(),
        value: z.unknown().nullable(),
        passed: z.boolean().nullable(),
        rationale: z.string().nullable(),
        error: z.object({ code: z.string(), message: z.string() }).nullable(),
        costUsd: z.number().nullable(),
        assessmentId: z.string().nullable(),
      }),
    ),
  })
  .openapi("EvaluationResult");
export type ResultView = z.infer<typeof ResultSchema>;

export const CompareQuery = z.object({
  // A query string carries one value as a string, several as an array.
  runs: z
    .preprocess((v) => (typeof v === "string" ? [v] : v), z.array(z.string().max(64)).min(2).max(5))
    .openapi({
      description: "Repeat: the baseline first, then the runs compared with it (2 to 5 runs).",
      example: ["run_01jq7m2x8v4k3d9f6h5g2c1b0a", "run_01jq7m2x8v4k3d9f6h5g2c1b0b"],
    }),
});

export const ComparisonSchema = z
  .object({
    baseline: z.string(),
    comparisons: z.array(
      z.object({
        candidate: z.string(),
        pairs: z.number().int().openapi({ description: "Records both runs scored." }),
        metrics: z.array(
          z.object({
            scorer: z.string(),
            kind: z.enum(["pass_fail", "numeric"]),
            baseline: z.number().nullable(),
            candidate: z.number().nullable(),
            difference: z.number().nullable(),
            interval: z.object({ low: z.number(), high: z.number() }).nullable(),
            test: z.enum(["mcnemar", "wilcoxon"]),
            pValue: z.number(),
            adjustedPValue: z.number(),
            verdict: z.enum(["better", "worse", "no detectable change"]),
            summary: z.string().openapi({ example: "no detectable change (n = 120)" }),
            n: z.number().int(),
          }),
        ),
        familywise: z.string(),
        records: z.array(
          z.object({
            rowKey: z.string(),
            scorer: z.string(),
            change: z.enum(["regressed", "fixed", "delta"]),
            baseline: z.union([z.number(), z.boolean()]),
            candidate: z.union([z.number(), z.boolean()]),
            delta: z.number(),
          }),
        ),
        recordsTotal: z.number().int(),
      }),
    ),
  })
  .openapi("EvaluationComparison");

export const RunListQuery = z.object({
  name: z.string().max(200).optional().openapi({ description: "Runs of exactly this name." }),
  datasetId: z.string().max(64).optional().openapi({ description: "Runs over this dataset." }),
  status: z.enum(["running", "completed", "cancelled", "failed"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
});
export type RunListQuery = z.infer<typeof RunListQuery>;
