import { z } from "@hono/zod-openapi";
import { ROLES } from "../../schema/accounts";
import { SCOPES } from "../../schema/api-keys";

export const RoleSchema = z
  .enum(ROLES)
  .openapi({ description: "owner, admin, member, annotator (labels only) or viewer (read only)." });
export const ScopeSchema = z
  .enum(SCOPES)
  .openapi({ description: "ingest: write traces and feedback; read; write (includes read); admin." });

export const EmailSchema = z.string().trim().toLowerCase().email("must be an email address").max(254);
export const PasswordSchema = z
  .string()
  .min(10, "must be at least 10 characters")
  .max(200, "must be at most 200 characters");

export const UserSchema = z
  .object({
    id: z.string().openapi({ example: "usr_01jbz8q4x6v9c2m7k3n5p8r1t0" }),
    email: z.string(),
    name: z.string(),
  })
  .openapi("User");

export const OrganizationSchema = z
  .object({
    id: z.string().openapi({ example: "org_01jbz8q4x6v9c2m7k3n5p8r1t0" }),
    name: z.string(),
    role: RoleSchema.nullable(),
  })
  .openapi("Organization");

export const ProjectSchema = z
  .object({
    id: z.string().openapi({ example: "prj_01jbz8q4x6v9c2m7k3n5p8r1t0" }),
    orgId: z.string(),
    name: z.string(),
    description: z.string(),
    retentionDays: z.number().int(),
    createdAt: z.string(),
  })
  .openapi("Project");

export const WhoamiSchema = z
  .object({
    type: z.enum(["user", "api_key"]),
    user: UserSchema.nullable(),
    apiKey: z
      .object({ id: z.string(), name: z.string(), prefix: z.string(), expiresAt: z.string().nullable() })
      .nullable(),
    organizations: z.array(OrganizationSchema),
    projects: z.array(ProjectSchema),
    scopes: z
      .array(ScopeSchema)
      .nullable()
      .openapi({ description: "The key's scopes; null for a dashboard user." }),
  })
  .openapi("Whoami");

/** The answer to signing up: the new user, their organization and its first project. */
export const SignupResultSchema = z.object({
  user: UserSchema,
  organization: OrganizationSchema,
  project: ProjectSchema,
});

export type User = z.infer<typeof UserSchema>;
export type Organization = z.infer<typeof OrganizationSchema>;
export type Project = z.infer<typeof ProjectSchema>;
export type Whoami = z.infer<typeof WhoamiSchema>;
export type SignupResult = z.infer<typeof SignupResultSchema>;
