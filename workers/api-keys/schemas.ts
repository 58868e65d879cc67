import { z } from "@hono/zod-openapi";
import { ScopeSchema } from "../auth/schemas";

/** Answers of the API-key routes; free of server imports, so the dashboard can use the types. */

export const ApiKeySchema = z
  .object({
    id: z.string().openapi({ example: "key_01jbz8q4x6v9c2m7k3n5p8r1t0" }),
    name: z.string(),
    prefix: z.string().openapi({ example: "sl_4f9XkQ2b" }),
    scopes: z.array(ScopeSchema),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  })
  .openapi("ApiKey");

export type ApiKey = z.infer<typeof ApiKeySchema>;
