import { OpenAPIHono, z } from "@hono/zod-openapi";
import { ProjectSchema } from "../auth/schemas";
import { ctxOf, projectCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { ProjectParams } from "../http/params";
import { defineRoute } from "../http/route";
import { createProject, deleteProject, listProjects, updateProject } from "./service";
import { projectView } from "./view";

const Name = z.string().trim().min(1).max(100).openapi({ example: "Support agent" });
const Description = z.string().trim().max(2000);
const RetentionDays = z
  .number()
  .int()
  .min(1)
  .max(3650)
  .openapi({ description: "Days traces are kept.", example: 30 });
const tags = ["Projects"];

const routes = {
  list: defineRoute(
    { level: "authenticated" },
    {
      method: "get",
      path: "/api/v1/projects",
      tags,
      summary: "List projects",
      description:
        "A user sees the projects of their organizations (optionally one, with orgId); an API key sees its own project.",
      request: { query: z.object({ orgId: z.string().optional() }) },
      responses: {
        200: jsonResponse("Projects.", z.object({ projects: z.array(ProjectSchema) })),
        ...errorResponses("NOT_FOUND", "INVALID_INPUT"),
      },
    },
  ),
  create: defineRoute(
    { level: "user" },
    {
      method: "post",
      path: "/api/v1/projects",
      tags,
      summary: "Create a project",
      description: "Needs the owner or admin role in the organization.",
      request: {
        body: jsonBody(
          z
            .object({
              orgId: z.string(),
              name: Name,
              description: Description.optional(),
              retentionDays: RetentionDays.optional(),
            })
            .strict(),
        ),
      },
      responses: {
        201: jsonResponse("Created.", ProjectSchema),
        ...BODY_ERRORS,
        ...errorResponses("NOT_FOUND", "CONFLICT"),
      },
    },
  ),
  get: defineRoute(
    { level: "project", permission: "traces:read" },
    {
      method: "get",
      path: "/api/v1/projects/{projectId}",
      tags,
      summary: "Get a project",
      request: { params: ProjectParams },
      responses: { 200: jsonResponse("The project.", ProjectSchema) },
    },
  ),
  update: defineRoute(
    { level: "project", permission: "project:manage" },
    {
      method: "patch",
      path: "/api/v1/projects/{projectId}",
      tags,
      summary: "Rename or describe a project",
      request: {
        params: ProjectParams,
        body: jsonBody(
          z
            .object({
              name: Name.optional(),
              description: Description.optional(),
              retentionDays: RetentionDays.optional(),
            })
            .strict(),
        ),
      },
      responses: {
        200: jsonResponse("Updated.", ProjectSchema),
        ...BODY_ERRORS,
        ...errorResponses("CONFLICT"),
      },
    },
  ),
  delete: defineRoute(
    { level: "project", permission: "project:manage" },
    {
      method: "delete",
      path: "/api/v1/projects/{projectId}",
      tags,
      summary: "Delete a project and everything in it",
      request: { params: ProjectParams },
      responses: { 204: { description: "Deleted." } },
    },
  ),
};

export const projectRoutes = new OpenAPIHono<HonoEnv>();

projectRoutes.openapi(routes.list, async (c) =>
  c.json({ projects: await listProjects({ ctx: ctxOf(c), input: c.req.valid("query") }) }, 200),
);
projectRoutes.openapi(routes.create, async (c) =>
  c.json(await createProject({ ctx: ctxOf(c), input: c.req.valid("json") }), 201),
);
projectRoutes.openapi(routes.get, async (c) => c.json(projectView(projectCtxOf(c).project), 200));
projectRoutes.openapi(routes.update, async (c) =>
  c.json(await updateProject({ ctx: projectCtxOf(c), input: c.req.valid("json") }), 200),
);
projectRoutes.openapi(routes.delete, async (c) => {
  await deleteProject({ ctx: projectCtxOf(c) });
  return c.body(null, 204);
});
