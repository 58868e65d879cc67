import { OpenAPIHono, z } from "@hono/zod-openapi";
import { projectCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { defineRoute } from "../http/route";
import { describeBuiltins } from "../judges/builtins";
import {
  createScorer,
  createScorerVersion,
  getScorer,
  listScorers,
  listScorerVersions,
  updateScorer,
} from "./registry";
import { RULE_KINDS } from "./rules";
import {
  ProjectParams,
  ScoreInput,
  ScoreResultSchema,
  ScorerInput,
  ScorerParams,
  ScorerPatch,
  ScorerSchema,
  ScorerVersionSchema,
  VersionInput,
} from "./schemas";
import { scoreOne } from "./score";

const tags = ["Scorers"];
const base = "/api/v1/projects/{projectId}/scorers";

const routes = {
  kinds: defineRoute(
    { level: "project", permission: "project:read" },
    {
      method: "get",
      path: "/api/v1/projects/{projectId}/scorer-kinds",
      tags,
      summary: "What scorers can be",
      description: "The rule kinds and built-in judges, each with what it checks and what it needs.",
      request: { params: ProjectParams },
      responses: {
        200: jsonResponse(
          "Rules and built-in judges.",
          z.object({
            rules: z.array(
              z.object({ kind: z.string(), description: z.string(), needs: z.string().nullable() }),
            ),
            judges: z.array(z.object({ judge: z.string(), description: z.string() })),
          }),
        ),
      },
    },
  ),
  list: defineRoute(
    { level: "project", permission: "project:read" },
    {
      method: "get",
      path: base,
      tags,
      summary: "List scorers",
      description: "By name, each with its latest version; `archived=true` includes archived ones.",
      request: { params: ProjectParams, query: z.object({ archived: z.enum(["true", "false"]).optional() }) },
      responses: {
        200: jsonResponse("The scorers.", z.object({ scorers: z.array(ScorerSchema) })),
        ...errorResponses("INVALID_INPUT"),
      },
    },
  ),
  create: defineRoute(
    { level: "project", permission: "project:write" },
    {
      method: "post",
      path: base,
      tags,
      summary: "Create a scorer",
      description:
        "With its version 1. Rule scorers today (exact match, keywords, regex, JSON, length, PII, thresholds …).",
      request: { params: ProjectParams, body: jsonBody(ScorerInput) },
      responses: {
        201: jsonResponse("The scorer.", ScorerSchema),
        ...BODY_ERRORS,
        ...errorResponses("CONFLICT"),
      },
    },
  ),
  get: defineRoute(
    { level: "project", permission: "project:read" },
    {
      method: "get",
      path: `${base}/{scorerId}`,
      tags,
      summary: "Get a scorer",
      request: { params: ScorerParams },
      responses: { 200: jsonResponse("The scorer with its latest version.", ScorerSchema) },
    },
  ),
  update: defineRoute(
    { level: "project", permission: "project:write" },
    {
      method: "patch",
      path: `${base}/{scorerId}`,
      tags,
      summary: "Describe or archive a scorer",
      description:
        "Its definition changes only by a new version. An archived scorer leaves the list; its versions still run.",
      request: { params: ScorerParams, body: jsonBody(ScorerPatch) },
      responses: { 200: jsonResponse("The scorer.", ScorerSchema), ...BODY_ERRORS },
    },
  ),
  versions: defineRoute(
    { level: "project", permission: "project:read" },
    {
      method: "get",
      path: `${base}/{scorerId}/versions`,
      tags,
      summary: "List a scorer's versions",
      description: "Newest first. Versions never change.",
      request: { params: ScorerParams },
      responses: { 200: jsonResponse("The versions.", z.object({ versions: z.array(ScorerVersionSchema) })) },
    },
  ),
  createVersion: defineRoute(
    { level: "project", permission: "project:write" },
    {
      method: "post",
      path: `${base}/{scorerId}/versions`,
      tags,
      summary: "Save a new version of a scorer",
      request: { params: ScorerParams, body: jsonBody(VersionInput) },
      responses: {
        201: jsonResponse("The new version.", ScorerVersionSchema),
        ...BODY_ERRORS,
        ...errorResponses("CONFLICT"),
      },
    },
  ),
  score: defineRoute(
    { level: "project", permission: "traces:read" },
    {
      method: "post",
      path: "/api/v1/projects/{projectId}/score",
      tags,
      summary: "Score a trace or an input/output pair",
      description:
        "Runs a scorer (a stored version, a scorer's latest version, or a definition given inline) on a stored trace or " +
        "on `{ inputs, outputs, expectations }`. With `persist`, the result is stored as feedback on the trace " +
        "(source CODE, naming the scorer version). A scorer that cannot apply answers an `error`, not a score.",
      request: { params: ProjectParams, body: jsonBody(ScoreInput) },
      responses: {
        200: jsonResponse("The result.", ScoreResultSchema),
        ...BODY_ERRORS,
        ...errorResponses("CONFLICT"),
      },
    },
  ),
};

export const scorerRoutes = new OpenAPIHono<HonoEnv>();

scorerRoutes.openapi(routes.kinds, async (c) =>
  c.json({ rules: RULE_KINDS, judges: describeBuiltins() }, 200),
);

scorerRoutes.openapi(routes.list, async (c) => {
  const archived = c.req.valid("query").archived === "true";
  return c.json(await listScorers({ ctx: projectCtxOf(c), input: { archived } }), 200);
});
scorerRoutes.openapi(routes.create, async (c) =>
  c.json(await createScorer({ ctx: projectCtxOf(c), input: c.req.valid("json") }), 201),
);
scorerRoutes.openapi(routes.get, async (c) =>
  c.json(await getScorer({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);
scorerRoutes.openapi(routes.update, async (c) => {
  const input = { scorerId: c.req.valid("param").scorerId, patch: c.req.valid("json") };
  return c.json(await updateScorer({ ctx: projectCtxOf(c), input }), 200);
});
scorerRoutes.openapi(routes.versions, async (c) =>
  c.json(await listScorerVersions({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);
scorerRoutes.openapi(routes.createVersion, async (c) => {
  const input = { scorerId: c.req.valid("param").scorerId, version: c.req.valid("json") };
  return c.json(await createScorerVersion({ ctx: projectCtxOf(c), input }), 201);
});
scorerRoutes.openapi(routes.score, async (c) =>
  c.json(await scoreOne({ ctx: projectCtxOf(c), input: c.req.valid("json") }), 200),
);
