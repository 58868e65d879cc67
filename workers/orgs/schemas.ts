import { z } from "@hono/zod-openapi";
import { RoleSchema } from "../auth/schemas";

/** Answers of the organisation routes; free of server imports, so the dashboard can use the types. */

export const MemberSchema = z
  .object({ userId: z.string(), email: z.string(), name: z.string(), role: RoleSchema, joinedAt: z.string() })
  .openapi("Member");

export const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string().nullable(),
    role: RoleSchema,
    createdAt: z.string(),
    expiresAt: z.string(),
    invitedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  })
  .openapi("Invitation");

export type Member = z.infer<typeof MemberSchema>;
export type Invitation = z.infer<typeof InvitationSchema>;
