import { z } from "@hono/zod-openapi";
import { RoleSchema } from "../auth/schemas";

/** Answers of the organization routes; free of server imports, so the dashboard can use the types. */

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

/** The answer to creating an invitation: the link is in it only. */
export const CreatedInvitationSchema = z.object({
  id: z.string(),
  email: z.string().nullable(),
  role: RoleSchema,
  expiresAt: z.string(),
  inviteUrl: z.string(),
});

/** What the invite link's page shows before the invitee accepts. */
export const InvitationPreviewSchema = z.object({
  organization: z.object({ id: z.string(), name: z.string() }),
  role: RoleSchema,
  email: z.string().nullable(),
  expiresAt: z.string(),
  invitedBy: z.object({ name: z.string() }).nullable(),
});

export const PasswordResetLinkSchema = z.object({ resetUrl: z.string(), expiresAt: z.string() });

export type Member = z.infer<typeof MemberSchema>;
export type Invitation = z.infer<typeof InvitationSchema>;
export type CreatedInvitation = z.infer<typeof CreatedInvitationSchema>;
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>;
export type PasswordResetLink = z.infer<typeof PasswordResetLinkSchema>;
