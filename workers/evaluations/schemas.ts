import { z } from "@hono/zod-openapi";
import { AssessmentName } from "../assessments/schemas";
import { ProjectParams } from "../http/params";
import { TraceFilterSchema } from "../traces/schemas";
import { MAX_CODE_SCORERS, ROWS_PER_REQUEST, RowInput } from "./row-schemas";

export { CodeScoreInput, ROWS_PER_REQUEST, RowInput, RowsInput } from "./row-schemas";
export { ProjectParams };

export const RunParams = ProjectParams.extend({
  runId: z.string().max(64).openapi({ example: "run_01jq7m2x8v4k3d9f6h5g2c1b0a" }),
});

/** Records a run over a dataset may take. */
export const MAX_DATASET_ROWS = 50_000;
/** Traces a run over a trace-list filter may take. */
export const MAX_TRACE_ROWS = 10_000;

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
            dataset: z
              .object({ id: z.string().max(64), version: z.number().int().min(1).optional() })
              .strict()
              .optional()
              .openapi({
                description:
                  "The dataset version the records come from (the SDK's evaluate() running your app over a dataset): " +
                  "the run is listed, and found as a baseline, with that dataset's runs.",
              }),
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
      .max(20)
      .default([])
      .openapi({ description: "Registered scorers (`{ scorerId }` pins its latest version) or versions." }),
    codeScorers: z
      .array(AssessmentName)
      .max(MAX_CODE_SCORERS)
      .default([])
      .openapi({
        description:
          "Names of code scorers the SDK runs in your process (records runs only): each scored record brings their " +
          "results (`records[].scores`). A run needs at least one scorer, registered or code.",
        example: ["exact_match"],
      }),
    params: z.record(z.string(), z.unknown()).optional(),
    tags: z.record(z.string().min(1).max(100), z.string().max(500)).optional(),
    repeats: z.number().int().min(1).max(10).default(1),
  })
  .strict()
  .openapi("EvaluationInput");
export type RunInput = z.infer<typeof RunInput>;

const Interval = z.object({ low: z.number(), high: z.number() }).nullable();

export const ScorerMetricsSchema = z
  .object({
    name: z.string(),
    source: z.enum(["registered", "code"]).openapi({
      description: "`registered`: scored on the server; `code`: a code scorer's results sent with the rows.",
    }),
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
    codeScorers: z.array(z.string()).openapi({ description: "Code scorers declared at the start (SDK)." }),
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
    prompts: z
      .array(z.object({ name: z.string(), version: z.number().int(), traces: z.number().int() }))
      .optional()
      .openapi({
        description:
          "The prompt versions the run's traces used (their links: the SDK sets them when a prompt is rendered), with " +
          "how many traces used each. Only when one run is read.",
      }),
  })
  .openapi("Evaluation");
export type RunView = z.infer<typeof RunSchema>;

export const ResultsQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  show: z
    .enum(["all", "failures", "errors"])
    .default("all")
    .openapi({
      description:
        "`failures`: records a scorer failed (a pass/fail value that did not pass, in any repeat); `errors`: records " +
        "not scored (no outputs, the application failed) or that a scorer could not score.",
    }),
  scorer: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: "Only this scorer's results count for `show` (a name of the run's scorers)." }),
});

const ResultScore = z
  .object({
    scorer: z.string(),
    scorerVersionId: z.string().nullable().openapi({ description: "Null for a code scorer's result." }),
    repeat: z.number().int(),
    value: z.unknown().nullable(),
    passed: z.boolean().nullable(),
    rationale: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    costUsd: z.number().nullable(),
    assessmentId: z.string().nullable(),
  })
  .openapi("EvaluationResultScore");

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
    scores: z.array(ResultScore),
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

/** Changed records per comparison whose outputs the answer carries, and the characters kept of each. */
export const OUTPUT_RECORDS = 100;
export const OUTPUT_CHARS = 8_000;
/** The characters kept of each rationale the comparison's outputs carry. */
export const RATIONALE_CHARS = 2_000;

const RunOutput = z.object({
  text: z.string().openapi({ description: "The outputs as text: a string as is, other JSON indented; cut." }),
  truncated: z.boolean().openapi({ description: "The outputs are longer than the text shown." }),
  traceId: z.string().nullable(),
  error: z.string().nullable().openapi({ description: "The application failed on this record." }),
  scores: z.array(ResultScore).openapi({
    description:
      "The run's results on the record (each scorer and repeat), rationales cut to 2,000 characters.",
  }),
});

const RecordOutputsSchema = z.object({
  rowKey: z.string(),
  inputs: z.string().openapi({ description: "The record's inputs as JSON text, cut to 1,000 characters." }),
  baseline: RunOutput.nullable(),
  candidate: RunOutput.nullable(),
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
        outputs: z.array(RecordOutputsSchema).openapi({
          description: `Both runs' outputs for the first ${OUTPUT_RECORDS} changed records in \`records\`' order, each cut to its first ${OUTPUT_CHARS.toLocaleString("en")} characters.`,
        }),
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
