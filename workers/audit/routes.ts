import { OpenAPIHono, z } from "@hono/zod-openapi";
import { orgCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { errorResponses, jsonResponse } from "../http/openapi";
import { IsoTimeMs } from "../http/params";
import { defineRoute } from "../http/route";
import { AuditPageSchema } from "./schemas";
import { listAuditEntries } from "./service";

const list = defineRoute(
  { level: "org", permission: "audit:read" },
  {
    method: "get",
    path: "/api/v1/orgs/{orgId}/audit-log",
    tags: ["Organizations"],
    summary: "Read the audit log",
    description: "Newest first. Filters combine; page with `cursor` = the previous answer's `nextCursor`.",
    request: {
      params: z.object({ orgId: z.string() }),
      query: z.object({
        action: z.string().max(100).optional().openapi({ example: "api_key.revoked" }),
        actorId: z.string().max(100).optional(),
        projectId: z.string().max(100).optional(),
        since: IsoTimeMs.optional(),
        until: IsoTimeMs.optional(),
        cursor: z.string().max(500).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
    },
    responses: {
      200: jsonResponse("A page of entries.", AuditPageSchema),
      ...errorResponses("INVALID_INPUT"),
    },
  },
);

export const auditRoutes = new OpenAPIHono<HonoEnv>();

auditRoutes.openapi(list, async (c) =>
  c.json(await listAuditEntries({ ctx: orgCtxOf(c), input: c.req.valid("query") }), 200),
);
