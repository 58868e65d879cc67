import { OpenAPIHono, z } from "@hono/zod-openapi";
import { ScopeSchema } from "../auth/schemas";
import { projectCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, jsonBody, jsonResponse } from "../http/openapi";
import { ProjectParams } from "../http/params";
import { defineRoute } from "../http/route";
import { ApiKeySchema, CreatedApiKeySchema } from "./schemas";
import { createApiKey, listApiKeys, revokeApiKey } from "./service";

const tags = ["API keys"];

const CreateBody = z
  .object({
    name: z.string().trim().min(1).max(100).openapi({ example: "support-agent production" }),
    scopes: z
      .array(ScopeSchema)
      .min(1, "needs at least one scope")
      .openapi({ example: ["ingest"] }),
    expiresAt: z.iso.datetime({ offset: true }).optional().openapi({ example: "2027-06-30T00:00:00Z" }),
  })
  .strict();

const routes = {
  list: defineRoute(
    { level: "project", permission: "apikeys:manage" },
    {
      method: "get",
      path: "/api/v1/projects/{projectId}/api-keys",
      tags,
      summary: "List API keys",
      request: { params: ProjectParams },
      responses: {
        200: jsonResponse(
          "Keys, newest first (never the secret).",
          z.object({ apiKeys: z.array(ApiKeySchema) }),
        ),
      },
    },
  ),
  create: defineRoute(
    { level: "project", permission: "apikeys:manage" },
    {
      method: "post",
      path: "/api/v1/projects/{projectId}/api-keys",
      tags,
      summary: "Create an API key",
      description:
        "`key` is in this answer only; Sightline stores its SHA-256. Keys with the admin scope need an owner or admin.",
      request: { params: ProjectParams, body: jsonBody(CreateBody) },
      responses: {
        201: jsonResponse("Created.", CreatedApiKeySchema),
        ...BODY_ERRORS,
      },
    },
  ),
  revoke: defineRoute(
    { level: "project", permission: "apikeys:manage" },
    {
      method: "delete",
      path: "/api/v1/projects/{projectId}/api-keys/{keyId}",
      tags,
      summary: "Revoke an API key",
      description: "Takes effect on the key's next request.",
      request: { params: ProjectParams.extend({ keyId: z.string() }) },
      responses: { 204: { description: "Revoked." } },
    },
  ),
};

export const apiKeyRoutes = new OpenAPIHono<HonoEnv>();

apiKeyRoutes.openapi(routes.list, async (c) =>
  c.json({ apiKeys: await listApiKeys({ ctx: projectCtxOf(c) }) }, 200),
);
apiKeyRoutes.openapi(routes.create, async (c) =>
  c.json(await createApiKey({ ctx: projectCtxOf(c), input: c.req.valid("json") }), 201),
);
apiKeyRoutes.openapi(routes.revoke, async (c) => {
  await revokeApiKey({ ctx: projectCtxOf(c), input: c.req.valid("param") });
  return c.body(null, 204);
});
