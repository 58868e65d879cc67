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

/** The answer to creating a key: the only one that holds the secret. */
export const CreatedApiKeySchema = z.object({
  id: z.string(),
  key: z.string().openapi({ description: "The secret, shown once." }),
  prefix: z.string(),
  name: z.string(),
  scopes: z.array(ScopeSchema),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
});

export type ApiKey = z.infer<typeof ApiKeySchema>;
export type CreatedApiKey = z.infer<typeof CreatedApiKeySchema>;
