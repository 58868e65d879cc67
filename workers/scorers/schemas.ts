import { z } from "@hono/zod-openapi";
import { AssessmentName, TraceIdSchema } from "../assessments/schemas";
import { ProjectParams } from "../http/params";
import { ScorerDefinition } from "./definitions";

export { ProjectParams };

export const ScorerParams = ProjectParams.extend({
  scorerId: z.string().max(64).openapi({ example: "scr_01jq7m2x8v4k3d9f6h5g2c1b0a" }),
});

export const ScorerInput = z
  .object({
    name: AssessmentName.openapi({
      description: "Unique in the project; the name of the feedback it writes.",
      example: "mentions_refund",
    }),
    description: z.string().max(2_000).optional(),
    definition: ScorerDefinition,
    message: z.string().max(500).optional().openapi({ description: "What this version changes." }),
  })
  .strict()
  .openapi("ScorerInput");
export type ScorerInput = z.infer<typeof ScorerInput>;

export const VersionInput = z
  .object({ definition: ScorerDefinition, message: z.string().max(500).optional() })
  .strict()
  .openapi("ScorerVersionInput");
export type VersionInput = z.infer<typeof VersionInput>;

export const ScorerPatch = z
  .object({ description: z.string().max(2_000).optional(), archived: z.boolean().optional() })
  .strict()
  .openapi("ScorerPatch");
export type ScorerPatch = z.infer<typeof ScorerPatch>;

export const ScorerVersionSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    definition: ScorerDefinition,
    message: z.string(),
    createdAt: z.string(),
  })
  .openapi("ScorerVersion");
export type ScorerVersionView = z.infer<typeof ScorerVersionSchema>;

export const ScorerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    kind: z.string(),
    archived: z.boolean(),
    latest: ScorerVersionSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Scorer");
export type ScorerView = z.infer<typeof ScorerSchema>;

const Target = z.union([
  z.object({ traceId: TraceIdSchema }).strict(),
  z.object({ sessionId: z.string().min(1).max(200) }).strict(),
  z
    .object({
      inputs: z.unknown().optional(),
      outputs: z.unknown(),
      expectations: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
]);

/** A scorer to run: a stored version, a scorer's latest version, or a definition given inline. */
const ScorerRef = z.union([
  z.object({ versionId: z.string().max(64) }).strict(),
  z.object({ scorerId: z.string().max(64) }).strict(),
  z.object({ name: AssessmentName, definition: ScorerDefinition }).strict(),
]);

export const ScoreInput = z
  .object({
    target: Target.openapi({
      description:
        "A stored trace, a session (its traces in order, for {{ conversation }} and the session judges), or `{ inputs, outputs, expectations }` given here.",
    }),
    scorer: ScorerRef.openapi({
      description: "`{ versionId }`, `{ scorerId }` (its latest version), or `{ name, definition }`.",
    }),
    persist: z.boolean().default(false).openapi({
      description:
        "Store the result as feedback on the trace or session (needs feedback:write; stored targets only).",
    }),
  })
  .strict()
  .openapi("ScoreRequest");
export type ScoreInput = z.infer<typeof ScoreInput>;

export const ScoreResultSchema = z
  .object({
    name: z.string(),
    value: z.union([z.boolean(), z.number(), z.string()]).nullable(),
    passed: z.boolean().nullable(),
    rationale: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    usage: z
      .object({
        model: z.string(),
        inputTokens: z.number().int(),
        outputTokens: z.number().int(),
        costUsd: z.number(),
        latencyMs: z.number(),
      })
      .nullable()
      .openapi({ description: "A judge's model call: model URI, tokens, cost and latency." }),
    scorerVersionId: z.string().nullable(),
    assessmentId: z.string().nullable().openapi({ description: "The stored feedback's id, with `persist`." }),
  })
  .openapi("ScoreResult");
export type ScoreResult = z.infer<typeof ScoreResultSchema>;
