import { z } from "@hono/zod-openapi";
import { ProjectParams } from "../http/params";
import { extractVariables } from "./template";

export { ProjectParams };

/** Bounds on what a version may hold (422 beyond them, nothing written). */
export const LIMITS = {
  templateChars: 100_000,
  messages: 100,
  variables: 100,
  responseFormatChars: 20_000,
  extraChars: 10_000,
} as const;

/** Path segments that are routes of their own, so no prompt may be named after them. */
const RESERVED_NAMES = new Set(["resolve"]);

export const PromptName = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,100}$/, "must be 1–100 letters, digits, '-', '_' or '.'")
  .refine((v) => /[A-Za-z0-9_-]/.test(v), "must not be only dots")
  .refine((v) => !RESERVED_NAMES.has(v), "is reserved")
  .openapi({ description: "Unique in the project; never changes.", example: "support-answer" });

export const AliasName = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be 1–64 letters, digits, '-', '_' or '.'")
  .refine((v) => /[A-Za-z0-9_-]/.test(v), "must not be only dots")
  .openapi({ example: "production" });

/** A version number in a path: digits only, from 1 (a blank is not version 0). */
const VersionNumber = z
  .string()
  .regex(/^[1-9]\d{0,8}$/, "must be a version number (1, 2, 3 …)")
  .transform(Number)
  .openapi({ type: "integer", example: 3 });

export const PromptParams = ProjectParams.extend({ promptName: PromptName });
export const VersionParams = PromptParams.extend({ version: VersionNumber });
export const AliasParams = PromptParams.extend({ alias: AliasName });

const ChatMessageSchema = z
  .object({
    role: z.enum(["system", "developer", "user", "assistant"]),
    content: z.string().max(LIMITS.templateChars),
  })
  .strict();

type BranchIssue = { message: string; path: PropertyKey[] };

/** The union's own message names what is wrong in the branch the input was meant for (text or chat). */
function templateIssue(issue: { input?: unknown; errors?: BranchIssue[][] }): string {
  const first = issue.errors?.[Array.isArray(issue.input) ? 1 : 0]?.[0];
  if (!first) return "must be text or a list of chat messages";
  return first.path.length > 0 ? `${first.path.join(".")}: ${first.message}` : first.message;
}

const TemplateSchema = z
  .union(
    [z.string().min(1).max(LIMITS.templateChars), z.array(ChatMessageSchema).min(1).max(LIMITS.messages)],
    { error: (issue) => templateIssue(issue as { input?: unknown; errors?: BranchIssue[][] }) },
  )
  .superRefine((template, ctx) => {
    if (Array.isArray(template)) {
      const chars = template.reduce((n, m) => n + m.content.length, 0);
      if (chars > LIMITS.templateChars)
        ctx.addIssue({
          code: "custom",
          message: `must hold at most ${LIMITS.templateChars} characters in all`,
        });
    }
    const variables = extractVariables(template).length;
    if (variables > LIMITS.variables)
      ctx.addIssue({
        code: "custom",
        message: `uses ${variables} variables; at most ${LIMITS.variables} are allowed`,
      });
  })
  .openapi({
    description:
      "Text with `{{ variable }}` placeholders, or chat messages `[{ role, content }]` whose contents have them.",
    example: [{ role: "system", content: "You answer questions about {{ product }}." }],
  });

const jsonCapped = (max: number, what: string) => (v: unknown) =>
  JSON.stringify(v).length <= max || `${what} must be at most ${max} characters as JSON`;

const JsonObject = z.record(z.string(), z.unknown());

const ModelConfigSchema = z
  .object({
    provider: z.string().min(1).max(100).optional(),
    model: z.string().min(1).max(200).optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().min(1).max(1_000_000).optional(),
    topP: z.number().min(0).max(1).optional(),
    stop: z.array(z.string().min(1).max(200)).max(16).optional(),
    extra: JsonObject.refine((v) => jsonCapped(LIMITS.extraChars, "extra")(v) === true, {
      message: `must be at most ${LIMITS.extraChars} characters as JSON`,
    }).optional(),
  })
  .strict()
  .openapi("PromptModelConfig", { description: "How to call a model with this version." });
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

const ResponseFormat = JsonObject.refine(
  (v) => jsonCapped(LIMITS.responseFormatChars, "responseFormat")(v) === true,
  { message: `must be at most ${LIMITS.responseFormatChars} characters as JSON` },
).openapi({ description: "A JSON schema the answer must follow." });

const versionFields = {
  template: TemplateSchema,
  responseFormat: ResponseFormat.nullable().optional(),
  modelConfig: ModelConfigSchema.nullable().optional(),
  message: z.string().max(500).optional().openapi({ description: "What this version changes." }),
};

export const VersionInput = z.object(versionFields).strict().openapi("PromptVersionInput");
export type VersionInput = z.infer<typeof VersionInput>;

const Tags = z.array(z.string().min(1).max(64)).max(20);

export const PromptInput = z
  .object({
    name: PromptName,
    description: z.string().max(2_000).optional(),
    tags: Tags.optional(),
    ...versionFields,
  })
  .strict()
  .openapi("PromptInput");
export type PromptInput = z.infer<typeof PromptInput>;

export const PromptPatch = z
  .object({
    description: z.string().max(2_000).optional(),
    tags: Tags.optional(),
    archived: z.boolean().optional(),
  })
  .strict()
  .openapi("PromptPatch");
export type PromptPatch = z.infer<typeof PromptPatch>;

export const AliasInput = z
  .object({ version: z.number().int().min(1).max(999_999_999) })
  .strict()
  .openapi("PromptAliasInput");

export const RenderInput = z
  .object({ variables: z.record(z.string().max(100), z.unknown()).default({}) })
  .strict()
  .openapi("PromptRenderInput");

export const PromptListQuery = z.object({
  search: z.string().min(1).max(200).optional().openapi({ description: "Text in the name." }),
  tag: z.string().min(1).max(64).optional().openapi({ description: "Only prompts with this tag." }),
  text: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: "Text in the latest version's template (case-insensitive)." }),
  archived: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "`true` includes archived prompts." }),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(1).max(200))
    .optional()
    .openapi({ type: "integer" }),
  cursor: z.string().max(1000).optional(),
});
export type PromptListQuery = z.infer<typeof PromptListQuery>;

export const ResolveQuery = z.object({
  uri: z
    .string()
    .max(300)
    .openapi({ description: "`prompts:/name/3`, `prompts:/name@alias` or `prompts:/name@latest`." }),
});

const AliasRef = z.object({ alias: z.string(), version: z.number().int() });

export const PromptVersionSchema = z
  .object({
    name: z.string(),
    version: z.number().int(),
    kind: z.enum(["text", "chat"]),
    template: z.union([z.string(), z.array(z.object({ role: z.string(), content: z.string() }))]),
    variables: z.array(z.string()),
    responseFormat: JsonObject.nullable(),
    modelConfig: JsonObject.nullable(),
    message: z.string(),
    aliases: z.array(z.string()).openapi({ description: "The aliases pointing at it (`latest` included)." }),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi("PromptVersion");
export type PromptVersionView = z.infer<typeof PromptVersionSchema>;

export const PromptSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    tags: z.array(z.string()),
    archived: z.boolean(),
    latestVersion: z.number().int(),
    aliases: z.array(AliasRef),
    lastUsedAt: z
      .string()
      .nullable()
      .openapi({ description: "When a trace last linked one of its versions." }),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Prompt");
export type PromptView = z.infer<typeof PromptSchema>;

export const AliasMoveSchema = z.object({
  fromVersion: z.number().int().nullable(),
  toVersion: z.number().int().nullable().openapi({ description: "Null: the alias was deleted." }),
  movedBy: z.string(),
  movedAt: z.string(),
});

export const AliasSchema = z
  .object({
    alias: z.string(),
    version: z.number().int().nullable().openapi({ description: "Null once deleted (its history stays)." }),
    updatedBy: z.string().nullable(),
    updatedAt: z.string().nullable(),
    history: z.array(AliasMoveSchema).openapi({ description: "Every set, move and delete, newest first." }),
  })
  .openapi("PromptAlias");
export type AliasView = z.infer<typeof AliasSchema>;

export const ResolvedSchema = z
  .object({ uri: z.string(), alias: z.string().nullable(), prompt: PromptVersionSchema })
  .openapi("ResolvedPrompt");

export const RenderedSchema = z
  .object({
    kind: z.enum(["text", "chat"]),
    text: z.string().nullable(),
    messages: z.array(z.object({ role: z.string(), content: z.string() })).nullable(),
    unknownVariables: z
      .array(z.string())
      .openapi({ description: "Variables given that the template does not use." }),
  })
  .openapi("RenderedPrompt");
