import { z } from "@hono/zod-openapi";
import { BUILTIN_JUDGES } from "../judges/builtins";
import { ModelUriSchema, ValueTypeSchema } from "../judges/parse";
import { placeholdersOf, TEMPLATE_VARIABLES } from "../judges/template";
import { RuleSchema } from "./rules";

/** A custom LLM judge (`make_judge`): instructions with placeholders, the answer's type, the model. */
const JudgeDefinition = z
  .object({
    type: z.literal("judge"),
    instructions: z
      .string()
      .min(1)
      .max(20_000)
      .superRefine((text, ctx) => {
        const { used, unknown } = placeholdersOf(text);
        if (unknown.length > 0)
          ctx.addIssue({
            code: "custom",
            message: `uses unknown variables ${unknown.map((u) => `{{ ${u} }}`).join(", ")}; the variables are ${TEMPLATE_VARIABLES.map((v) => `{{ ${v} }}`).join(", ")}`,
          });
        else if (used.length === 0)
          ctx.addIssue({
            code: "custom",
            message: `must use at least one of ${TEMPLATE_VARIABLES.map((v) => `{{ ${v} }}`).join(", ")}`,
          });
      }),
    valueType: ValueTypeSchema.default({ kind: "bool" }),
    model: ModelUriSchema,
    temperature: z.number().min(0).max(2).optional(),
  })
  .strict();

/** A built-in LLM judge (docs/scoring.md): which one, its model, and its own parameters. */
const BuiltinDefinition = z
  .object({
    type: z.literal("builtin"),
    judge: z.enum(BUILTIN_JUDGES),
    model: ModelUriSchema,
    guidelines: z
      .array(z.string().min(1).max(2_000))
      .min(1)
      .max(50)
      .optional()
      .openapi({ description: "For `guidelines`: the rules the response must follow." }),
    exact: z.boolean().optional().openapi({
      description: "For `tool_call_correctness`: compare with expected_tool_calls without a model.",
    }),
  })
  .strict();

/**
 * What a scorer version is: a rule (no model, no user code), a built-in judge or a custom LLM
 * judge. A stored definition is parsed again through this when it runs.
 */
export const ScorerDefinition = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("rule"), rule: RuleSchema }).strict(),
    JudgeDefinition,
    BuiltinDefinition,
  ])
  .openapi("ScorerDefinition", {
    example: {
      type: "rule",
      rule: { kind: "contains", keywords: ["refund"], mode: "all", caseSensitive: false },
    },
  });
export type ScorerDefinition = z.infer<typeof ScorerDefinition>;
export type JudgeDefinition = z.infer<typeof JudgeDefinition>;
export type BuiltinDefinition = z.infer<typeof BuiltinDefinition>;
