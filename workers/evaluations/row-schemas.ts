import { z } from "@hono/zod-openapi";
import { AssessmentName, TraceIdSchema } from "../assessments/schemas";

/** Rows per request (a run's first request, or each append). */
export const ROWS_PER_REQUEST = 1_000;
/** Code scorers a run may declare (like registered scorers: 20). */
export const MAX_CODE_SCORERS = 20;

const JsonObject = z.record(z.string(), z.unknown());

/** A code scorer's result for one record, as the SDK ran it in the user's process. */
export const CodeScoreInput = z
  .object({
    name: AssessmentName.openapi({ description: "One of the run's declared `codeScorers`." }),
    value: z
      .union([z.boolean(), z.number().finite(), z.string().max(1_000)])
      .nullable()
      .optional()
      .openapi({
        description: "A boolean, a finite number or a string (yes/no pass or fail); null with `error`.",
      }),
    rationale: z.string().max(10_000).nullable().optional(),
    error: z
      .object({ code: z.string().min(1).max(100), message: z.string().max(2_000).default("") })
      .strict()
      .nullable()
      .optional()
      .openapi({ description: "The scorer failed or returned no score: instead of a value." }),
  })
  .strict()
  .refine(
    (s) => (s.value === undefined || s.value === null) !== (s.error === undefined || s.error === null),
    {
      message: "give a value or an error, not both",
    },
  )
  .openapi("EvaluationCodeScore");
export type CodeScoreInput = z.infer<typeof CodeScoreInput>;

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
    scores: z.array(CodeScoreInput).max(MAX_CODE_SCORERS).optional().openapi({
      description:
        "A scored record's code-scorer results, one per code scorer the run declared (none on a record not scored).",
    }),
  })
  .strict();
export type RowInput = z.infer<typeof RowInput>;

export const RowsInput = z
  .object({
    records: z.array(RowInput).max(ROWS_PER_REQUEST),
    last: z.boolean().default(false).openapi({ description: "No more records follow." }),
    seq: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .openapi({
        description:
          "This batch's number: 1 for the first `…/rows` request, then each next one. The same batch sent again " +
          "(a retry) is answered with the run and stored once; a different body under a taken number, or a gap, is 409.",
        example: 1,
      }),
  })
  .strict()
  .openapi("EvaluationRows");
export type RowsInput = z.infer<typeof RowsInput>;
