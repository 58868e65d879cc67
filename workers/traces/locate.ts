import { OpenAPIHono, z } from "@hono/zod-openapi";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { projects, traces } from "../../schema";
import { visibleOrgIds } from "../auth/access";
import type { UserContext } from "../auth/context";
import { userCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { errorResponses, jsonResponse } from "../http/openapi";
import { defineRoute } from "../http/route";
import { ApiError } from "../lib/errors";
import { normaliseTraceId } from "./list";

/**
 * Which of the viewer's projects holds a trace or a session: old dashboard links (`/traces/{id}`,
 * without the project) and links pasted from logs resolve through it. Two steps, never a join:
 * the viewer's projects from the control plane, then the traces of those projects, by the indexes
 * (project, trace id) and (project, session, start).
 */
export async function locate({
  ctx,
  input,
}: {
  ctx: UserContext;
  input: { traceId?: string | undefined; sessionId?: string | undefined };
}): Promise<{ orgId: string; projectId: string }> {
  const what = input.traceId !== undefined ? "Trace" : "Session";
  const visible = await ctx.control
    .select({ id: projects.id, orgId: projects.orgId })
    .from(projects)
    .where(and(inArray(projects.orgId, visibleOrgIds(ctx.principal)), isNull(projects.deletedAt)))
    .orderBy(projects.createdAt);
  if (visible.length === 0) throw ApiError.notFound(what);
  const holder =
    input.traceId !== undefined
      ? eq(traces.traceId, normaliseTraceId(input.traceId))
      : eq(traces.sessionId, input.sessionId ?? "");
  // Each organization's traces through its own database handle (the seam), oldest project first.
  const holders = new Set<string>();
  for (const orgId of new Set(visible.map((p) => p.orgId))) {
    const ids = visible.filter((p) => p.orgId === orgId).map((p) => p.id);
    const rows = await ctx.services
      .orgDb(orgId)
      .select({ projectId: traces.projectId })
      .from(traces)
      .where(and(inArray(traces.projectId, ids), holder))
      .groupBy(traces.projectId);
    for (const r of rows) holders.add(r.projectId);
  }
  const found = visible.find((p) => holders.has(p.id));
  if (!found) throw ApiError.notFound(what);
  return { orgId: found.orgId, projectId: found.id };
}

const LocateQuery = z
  .object({
    traceId: z.string().min(1).max(64).optional().openapi({ example: "5b8efff798038103d269b633813fc60c" }),
    sessionId: z.string().min(1).max(200).optional().openapi({ example: "chat-4f2a" }),
  })
  .strict()
  .refine((q) => (q.traceId === undefined) !== (q.sessionId === undefined), {
    message: "give exactly one of traceId and sessionId",
  });

const locateRoute = defineRoute(
  { level: "user" },
  {
    method: "get",
    path: "/api/v1/locate",
    tags: ["Traces"],
    summary: "Find the project of a trace or session",
    description:
      "The first of the signed-in user's projects (oldest first) that holds the trace or the session, for links " +
      "that do not name a project. 404 when none of the user's projects holds it.",
    request: { query: LocateQuery },
    responses: {
      200: jsonResponse(
        "Where it is.",
        z.object({ orgId: z.string(), projectId: z.string() }).openapi("Location"),
      ),
      ...errorResponses("NOT_FOUND", "INVALID_INPUT"),
    },
  },
);

export const locateRoutes = new OpenAPIHono<HonoEnv>().openapi(locateRoute, async (c) =>
  c.json(await locate({ ctx: userCtxOf(c), input: c.req.valid("query") }), 200),
);
