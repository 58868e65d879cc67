import { z } from "@hono/zod-openapi";
import { TraceIdSchema } from "../assessments/schemas";
import { ProjectParams } from "../http/params";

export const ScoreJobParams = ProjectParams.extend({
  jobId: z.string().max(64).openapi({ example: "sjb_01jq7m2x8v4k3d9f6h5g2c1b0a" }),
});

/** At most this many traces in one scoring job. */
export const SCORE_JOB_MAX_TRACES = 1_000;

export const ScoreJobInput = z
  .object({
    scorer: z
      .union([
        z.object({ versionId: z.string().max(64) }).strict(),
        z.object({ scorerId: z.string().max(64) }).strict(),
      ])
      .openapi({
        description: "A registered scorer: `{ versionId }`, or `{ scorerId }` for its latest version.",
      }),
    traceIds: z
      .array(TraceIdSchema)
      .min(1)
      .max(SCORE_JOB_MAX_TRACES)
      .refine((ids) => new Set(ids).size === ids.length, { message: "must not repeat a trace id" })
      .openapi({ description: `The project's traces to score, 1 to ${SCORE_JOB_MAX_TRACES}.` }),
  })
  .strict()
  .openapi("ScoreJobInput");
export type ScoreJobInput = z.infer<typeof ScoreJobInput>;

export const ScoreJobSchema = z
  .object({
    id: z.string(),
    scorerId: z.string(),
    scorerVersionId: z.string(),
    name: z.string().openapi({ description: "The feedback name the job writes (the scorer's)." }),
    status: z.enum(["running", "completed", "cancelled"]),
    total: z.number().int(),
    done: z.number().int(),
    errors: z.number().int().openapi({ description: "Of `done`, traces whose result is an error." }),
    createdBy: z.string().openapi({ description: "Who started it." }),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi("ScoreJob");
export type ScoreJobView = z.infer<typeof ScoreJobSchema>;
