import { z } from "@hono/zod-openapi";
import { OrgParams } from "../http/params";

export { OrgParams };

export const ProviderParams = OrgParams.extend({
  providerId: z.string().max(64).openapi({ example: "crd_01jq7m2x8v4k3d9f6h5g2c1b0a" }),
});

/** A provider's name is the first part of a model URI (`openai:/gpt-4o-mini`). */
const ProviderName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,63}$/,
    "must be 1–64 lower-case letters, digits, - or _, starting with a letter or digit",
  )
  .openapi({ example: "openai" });

const BaseUrl = z
  .url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" })
  .max(2_000)
  .transform((v) => v.replace(/\/+$/, ""))
  .openapi({ example: "https://api.openai.com/v1" });

const ApiKey = z
  .string()
  .min(8)
  .max(4_000)
  .openapi({ description: "Stored sealed; never returned.", example: "sk-…" });

/** Extra headers sent with every call (an organization header, a gateway's key); sealed like the key. */
const Headers = z
  .record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/, "must be a header name"), z.string().max(4_000))
  .refine((h) => Object.keys(h).length <= 20, { message: "must have at most 20 headers" })
  .refine(
    (h) => !Object.keys(h).some((k) => ["authorization", "host", "content-length"].includes(k.toLowerCase())),
    { message: "must not set authorization, host or content-length" },
  );

export const ProviderInput = z
  .object({ name: ProviderName, baseUrl: BaseUrl, apiKey: ApiKey, headers: Headers.optional() })
  .strict()
  .openapi("JudgeProviderInput");
export type ProviderInput = z.infer<typeof ProviderInput>;

export const ProviderPatch = z
  .object({
    name: ProviderName.optional(),
    baseUrl: BaseUrl.optional(),
    apiKey: ApiKey.optional(),
    headers: Headers.optional(),
  })
  .strict()
  .openapi("JudgeProviderPatch");
export type ProviderPatch = z.infer<typeof ProviderPatch>;

export const ProviderSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    baseUrl: z.string(),
    keyHint: z.string().openapi({ description: "The key's last four characters.", example: "…x9Qz" }),
    headerNames: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("JudgeProvider");
export type ProviderView = z.infer<typeof ProviderSchema>;

export const ProviderTestSchema = z
  .union([
    z.object({ ok: z.literal(true), models: z.array(z.string()) }),
    z.object({ ok: z.literal(false), error: z.string() }),
  ])
  .openapi("JudgeProviderTest");
