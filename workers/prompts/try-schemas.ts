import { z } from "@hono/zod-openapi";

/** The try-it route's request and answer (workers/prompts/try-it.ts); no server imports, so the dashboard may type from it. */
export const TryInput = z
  .object({
    variables: z.record(z.string().max(100), z.unknown()).default({}),
    model: z.string().min(3).max(300).optional().openapi({
      description:
        "A judge model URI `<provider>:/<model>` of the organization's judge providers; defaults to the version's model config.",
      example: "openai:/gpt-4o-mini",
    }),
  })
  .strict()
  .openapi("PromptTryInput");

export const TryResultSchema = z
  .object({
    output: z.string().openapi({ description: "The model's answer (its refusal when it refused)." }),
    usage: z.object({ inputTokens: z.number().int(), outputTokens: z.number().int() }),
    costUsd: z.number().openapi({ description: "Priced from the organization's price table." }),
    latencyMs: z.number().int(),
    model: z
      .string()
      .openapi({ description: "The model URI that answered.", example: "openai:/gpt-4o-mini" }),
  })
  .openapi("PromptTryResult");
export type TryResult = z.infer<typeof TryResultSchema>;
