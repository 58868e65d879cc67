import { z } from "@hono/zod-openapi";
import { RuleSchema } from "./rules";

/**
 * What a scorer version is. Today: rule scorers, which need no model and run no user code. The
 * LLM judges (built-in and custom) join this union as the scoring engine grows; a stored
 * definition is parsed again through it when it runs.
 */
export const ScorerDefinition = z
  .discriminatedUnion("type", [z.object({ type: z.literal("rule"), rule: RuleSchema }).strict()])
  .openapi("ScorerDefinition", {
    example: {
      type: "rule",
      rule: { kind: "contains", keywords: ["refund"], mode: "all", caseSensitive: false },
    },
  });
export type ScorerDefinition = z.infer<typeof ScorerDefinition>;
