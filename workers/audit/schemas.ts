import { z } from "@hono/zod-openapi";

/** Answers of the audit-log route; free of server imports, so the dashboard can use the types. */

export const AuditEntrySchema = z
  .object({
    id: z.string(),
    time: z.string(),
    action: z.string().openapi({ example: "api_key.created" }),
    actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string() }),
    target: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
    projectId: z.string().nullable(),
    ip: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
  })
  .openapi("AuditEntry");

export const AuditPageSchema = z.object({
  entries: z.array(AuditEntrySchema),
  nextCursor: z.string().nullable(),
});

export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type AuditPage = z.infer<typeof AuditPageSchema>;
