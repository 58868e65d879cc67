import { OpenAPIHono, z } from "@hono/zod-openapi";
import { projectCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { errorResponses, jsonResponse } from "../http/openapi";
import { IsoTimeMs } from "../http/params";
import { defineRoute } from "../http/route";
import { checkRanges, ProjectParams, SessionDetailSchema, SessionPageSchema } from "./schemas";
import { getSession, listSessions, SESSION_TRACES_CAP } from "./sessions";

const tags = ["Sessions"];

const routes = {
  list: defineRoute(
    { level: "project", permission: "traces:read" },
    {
      method: "get",
      path: "/api/v1/projects/{projectId}/sessions",
      tags,
      summary: "List sessions",
      description:
        "Sessions (traces sharing `session.id`) with a turn starting in [from, to), most recent activity first; " +
        "figures cover all their turns. Page with `cursor`.",
      request: {
        params: ProjectParams,
        query: z
          .object({
            from: IsoTimeMs.optional(),
            to: IsoTimeMs.optional(),
            userId: z.string().min(1).max(200).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            cursor: z.string().max(500).optional(),
          })
          .superRefine(checkRanges),
      },
      responses: {
        200: jsonResponse("A page of sessions.", SessionPageSchema),
        ...errorResponses("INVALID_INPUT"),
      },
    },
  ),
  get: defineRoute(
    { level: "project", permission: "traces:read" },
    {
      method: "get",
      path: "/api/v1/projects/{projectId}/sessions/{sessionId}",
      tags,
      summary: "Get a session's traces",
      description: `The conversation: its traces in time order (the first ${SESSION_TRACES_CAP}).`,
      request: { params: ProjectParams.extend({ sessionId: z.string().min(1).max(200) }) },
      responses: {
        200: jsonResponse("The session.", SessionDetailSchema),
      },
    },
  ),
};

export const sessionRoutes = new OpenAPIHono<HonoEnv>();

sessionRoutes.openapi(routes.list, async (c) =>
  c.json(await listSessions({ ctx: projectCtxOf(c), input: c.req.valid("query") }), 200),
);

sessionRoutes.openapi(routes.get, async (c) =>
  c.json(await getSession({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);
