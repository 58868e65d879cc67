import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { issuePasswordReset } from "../auth/password-reset";
import { EmailSchema, OrganizationSchema, ProjectSchema, RoleSchema } from "../auth/schemas";
import { whoami } from "../auth/whoami";
import { orgCtxOf, publicContext, userCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { OrgParams } from "../http/params";
import { defineRoute } from "../http/route";
import {
  acceptInvitation,
  createInvitation,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from "./invitations";
import { changeMemberRole, listMembers, removeMember } from "./members";
import {
  CreatedInvitationSchema,
  InvitationPreviewSchema,
  InvitationSchema,
  MemberSchema,
  PasswordResetLinkSchema,
} from "./schemas";
import { createOrganization, renameOrganization } from "./service";

const MemberParams = OrgParams.extend({
  userId: z.string().openapi({ example: "usr_01jbz8q4x6v9c2m7k3n5p8r1t0" }),
});
const TokenParams = z.object({ token: z.string().min(10).max(200) });
const OrgName = z.string().trim().min(1).max(100).openapi({ example: "Analytical Engines" });

const tags = ["Organizations"];

const routes = {
  list: defineRoute(
    { level: "user" },
    {
      method: "get",
      path: "/api/v1/orgs",
      tags,
      summary: "List your organizations",
      responses: {
        200: jsonResponse(
          "Organizations with your role.",
          z.object({ organizations: z.array(OrganizationSchema) }),
        ),
      },
    },
  ),
  create: defineRoute(
    { level: "user" },
    {
      method: "post",
      path: "/api/v1/orgs",
      tags,
      summary: "Create an organization",
      description: "You become its owner; it starts with a Default project.",
      request: { body: jsonBody(z.object({ name: OrgName }).strict()) },
      responses: {
        201: jsonResponse("Created.", z.object({ organization: OrganizationSchema, project: ProjectSchema })),
        ...BODY_ERRORS,
      },
    },
  ),
  rename: defineRoute(
    { level: "org", permission: "org:manage" },
    {
      method: "patch",
      path: "/api/v1/orgs/{orgId}",
      tags,
      summary: "Rename an organization",
      request: { params: OrgParams, body: jsonBody(z.object({ name: OrgName }).strict()) },
      responses: { 200: jsonResponse("Renamed.", OrganizationSchema), ...BODY_ERRORS },
    },
  ),
  members: defineRoute(
    { level: "org", permission: "members:read" },
    {
      method: "get",
      path: "/api/v1/orgs/{orgId}/members",
      tags,
      summary: "List members",
      request: { params: OrgParams },
      responses: { 200: jsonResponse("Members.", z.object({ members: z.array(MemberSchema) })) },
    },
  ),
  changeRole: defineRoute(
    { level: "org", permission: "members:manage" },
    {
      method: "patch",
      path: "/api/v1/orgs/{orgId}/members/{userId}",
      tags,
      summary: "Change a member's role",
      description: "Only owners can make or unmake owners; the last owner cannot be demoted (409).",
      request: { params: MemberParams, body: jsonBody(z.object({ role: RoleSchema }).strict()) },
      responses: {
        200: jsonResponse("The member.", MemberSchema),
        ...BODY_ERRORS,
        ...errorResponses("CONFLICT"),
      },
    },
  ),
  remove: defineRoute(
    { level: "org", permission: "members:read" },
    {
      method: "delete",
      path: "/api/v1/orgs/{orgId}/members/{userId}",
      tags,
      summary: "Remove a member, or leave",
      description:
        "Removing someone else needs members:manage; anyone may remove themselves (leave). The last owner cannot (409).",
      request: { params: MemberParams },
      responses: { 204: { description: "Removed." }, ...errorResponses("CONFLICT") },
    },
  ),
  passwordReset: defineRoute(
    { level: "org", permission: "members:manage" },
    {
      method: "post",
      path: "/api/v1/orgs/{orgId}/members/{userId}/password-reset",
      tags,
      summary: "Issue a password-reset link",
      description: "The link is shown once, to pass on to the member; it works for 24 hours.",
      request: { params: MemberParams },
      responses: {
        201: jsonResponse("The link.", PasswordResetLinkSchema),
      },
    },
  ),
  invitations: defineRoute(
    { level: "org", permission: "members:manage" },
    {
      method: "get",
      path: "/api/v1/orgs/{orgId}/invitations",
      tags,
      summary: "List pending invitations",
      request: { params: OrgParams },
      responses: {
        200: jsonResponse("Pending invitations.", z.object({ invitations: z.array(InvitationSchema) })),
      },
    },
  ),
  invite: defineRoute(
    { level: "org", permission: "members:manage" },
    {
      method: "post",
      path: "/api/v1/orgs/{orgId}/invitations",
      tags,
      summary: "Invite by link",
      description:
        "The invite link is shown only in this answer. With an email, only that account may accept.",
      request: {
        params: OrgParams,
        body: jsonBody(z.object({ role: RoleSchema, email: EmailSchema.optional() }).strict()),
      },
      responses: {
        201: jsonResponse("Created.", CreatedInvitationSchema),
        ...BODY_ERRORS,
      },
    },
  ),
  revokeInvitation: defineRoute(
    { level: "org", permission: "members:manage" },
    {
      method: "delete",
      path: "/api/v1/orgs/{orgId}/invitations/{invitationId}",
      tags,
      summary: "Revoke an invitation",
      request: { params: OrgParams.extend({ invitationId: z.string() }) },
      responses: { 204: { description: "Revoked." } },
    },
  ),
  preview: defineRoute(
    { level: "public" },
    {
      method: "get",
      path: "/api/v1/invitations/{token}",
      tags,
      summary: "Look at an invitation",
      request: { params: TokenParams },
      responses: {
        200: jsonResponse("The invitation.", InvitationPreviewSchema),
        ...errorResponses("NOT_FOUND"),
      },
    },
  ),
  accept: defineRoute(
    { level: "user" },
    {
      method: "post",
      path: "/api/v1/invitations/{token}/accept",
      tags,
      summary: "Accept an invitation",
      request: { params: TokenParams },
      responses: {
        200: jsonResponse("Joined.", z.object({ organization: OrganizationSchema })),
        ...errorResponses("NOT_FOUND", "CONFLICT"),
      },
    },
  ),
};

export const orgRoutes = new OpenAPIHono<HonoEnv>();

/** Where the dashboard that opens a link lives: this API's own origin. */
const originOf = (c: Context<HonoEnv>) => new URL(c.req.url).origin;

orgRoutes.openapi(routes.list, async (c) => {
  const { organizations } = await whoami({ ctx: userCtxOf(c) });
  return c.json({ organizations }, 200);
});
orgRoutes.openapi(routes.create, async (c) =>
  c.json(await createOrganization({ ctx: userCtxOf(c), input: c.req.valid("json") }), 201),
);
orgRoutes.openapi(routes.rename, async (c) =>
  c.json(await renameOrganization({ ctx: orgCtxOf(c), input: c.req.valid("json") }), 200),
);
orgRoutes.openapi(routes.members, async (c) =>
  c.json({ members: await listMembers({ ctx: orgCtxOf(c) }) }, 200),
);
orgRoutes.openapi(routes.changeRole, async (c) =>
  c.json(
    await changeMemberRole({
      ctx: orgCtxOf(c),
      input: { userId: c.req.valid("param").userId, role: c.req.valid("json").role },
    }),
    200,
  ),
);
orgRoutes.openapi(routes.remove, async (c) => {
  await removeMember({ ctx: orgCtxOf(c), input: c.req.valid("param") });
  return c.body(null, 204);
});
orgRoutes.openapi(routes.passwordReset, async (c) =>
  c.json(
    await issuePasswordReset({
      ctx: orgCtxOf(c),
      input: { userId: c.req.valid("param").userId, origin: originOf(c) },
    }),
    201,
  ),
);
orgRoutes.openapi(routes.invitations, async (c) =>
  c.json({ invitations: await listInvitations({ ctx: orgCtxOf(c) }) }, 200),
);
orgRoutes.openapi(routes.invite, async (c) =>
  c.json(
    await createInvitation({ ctx: orgCtxOf(c), input: { ...c.req.valid("json"), origin: originOf(c) } }),
    201,
  ),
);
orgRoutes.openapi(routes.revokeInvitation, async (c) => {
  await revokeInvitation({ ctx: orgCtxOf(c), input: c.req.valid("param") });
  return c.body(null, 204);
});
orgRoutes.openapi(routes.preview, async (c) =>
  c.json(await previewInvitation({ ctx: publicContext(c), input: c.req.valid("param") }), 200),
);
orgRoutes.openapi(routes.accept, async (c) =>
  c.json(await acceptInvitation({ ctx: userCtxOf(c), input: c.req.valid("param") }), 200),
);
