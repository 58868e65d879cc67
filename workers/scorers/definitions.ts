import { z } from "@hono/zod-openapi";
import { ValueTypeSchema } from "../judges/parse";
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
    model: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}:\/.+$/, "must be a model URI, <provider>:/<model>")
      .max(300)
      .openapi({ example: "openai:/gpt-4o-mini" }),
    temperature: z.number().min(0).max(2).optional(),
  })
  .strict();

/**
 * What a scorer version is: a rule (no model, no user code) or a custom LLM judge. A stored
 * definition is parsed again through this when it runs.
 */
export const ScorerDefinition = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("rule"), rule: RuleSchema }).strict(),
    JudgeDefinition,
  ])
  .openapi("ScorerDefinition", {
    example: {
      type: "rule",
      rule: { kind: "contains", keywords: ["refund"], mode: "all", caseSensitive: false },
    },
  });
export type ScorerDefinition = z.infer<typeof ScorerDefinition>;
export type JudgeDefinition = z.infer<typeof JudgeDefinition>;
