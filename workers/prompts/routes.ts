import { OpenAPIHono, z } from "@hono/zod-openapi";
import { projectCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { defineRoute } from "../http/route";
import { resolvePrompt } from "./resolve";
import {
  ProjectParams,
  PromptInput,
  PromptListQuery,
  PromptParams,
  PromptPatch,
  PromptSchema,
  ResolvedSchema,
  ResolveQuery,
} from "./schemas";
import { createPrompt, deletePrompt, getPrompt, listPrompts, updatePrompt } from "./service";

const tags = ["Prompts"];
const base = "/api/v1/projects/{projectId}/prompts";
const read = { level: "project", permission: "project:read" } as const;
const write = { level: "project", permission: "project:write" } as const;

/** Answers depend on the credential: never in a shared cache. */
const IMMUTABLE = "private, max-age=31536000, immutable";
const REVALIDATE = "private, no-cache";

const routes = {
  // Declared before `{promptName}`, so the name `resolve` is a route (no prompt may take it).
  resolve: defineRoute(read, {
    method: "get",
    path: `${base}/resolve`,
    tags,
    summary: "Resolve a prompt URI",
    description:
      "`prompts:/name/3` (a version: `Cache-Control: private, max-age=31536000, immutable`), `prompts:/name@alias` " +
      "or `prompts:/name@latest` (`private, no-cache`: revalidate with `If-None-Match`, 304 until the alias moves). " +
      "An unknown alias is a 404 naming the aliases there are.",
    request: { params: ProjectParams, query: ResolveQuery },
    responses: {
      200: jsonResponse("The version the URI names now, with an `ETag`.", ResolvedSchema),
      304: { description: "Not modified: the `If-None-Match` ETag is still what the URI names." },
      ...errorResponses("INVALID_INPUT"),
    },
  }),
  list: defineRoute(read, {
    method: "get",
    path: base,
    tags,
    summary: "List and search prompts",
    description:
      "By name; `search` (name), `tag`, `text` (the latest version's template); archived ones with `archived=true`. " +
      "Each with its latest version number, aliases and when a trace last used it. Paged by `nextCursor`.",
    request: { params: ProjectParams, query: PromptListQuery },
    responses: {
      200: jsonResponse(
        "The prompts.",
        z.object({ prompts: z.array(PromptSchema), nextCursor: z.string().nullable() }),
      ),
      ...errorResponses("INVALID_INPUT"),
    },
  }),
  create: defineRoute(write, {
    method: "post",
    path: base,
    tags,
    summary: "Create a prompt",
    description: "With its version 1 (a text or chat template, optional response format and model config).",
    request: { params: ProjectParams, body: jsonBody(PromptInput) },
    responses: {
      201: jsonResponse("The prompt.", PromptSchema),
      ...BODY_ERRORS,
      ...errorResponses("CONFLICT"),
    },
  }),
  get: defineRoute(read, {
    method: "get",
    path: `${base}/{promptName}`,
    tags,
    summary: "Get a prompt",
    request: { params: PromptParams },
    responses: { 200: jsonResponse("The prompt.", PromptSchema), ...errorResponses("INVALID_INPUT") },
  }),
  update: defineRoute(write, {
    method: "patch",
    path: `${base}/{promptName}`,
    tags,
    summary: "Describe, tag or archive a prompt",
    description:
      "Not a version: templates change only by a new version. Archived prompts leave the list and still resolve. Audited.",
    request: { params: PromptParams, body: jsonBody(PromptPatch) },
    responses: { 200: jsonResponse("The prompt.", PromptSchema), ...BODY_ERRORS },
  }),
  remove: defineRoute(write, {
    method: "delete",
    path: `${base}/{promptName}`,
    tags,
    summary: "Delete a prompt",
    description:
      "With its versions, alias history and trace links; refused (409) while an alias points at it. Audited.",
    request: { params: PromptParams },
    responses: { 204: { description: "Deleted." }, ...errorResponses("INVALID_INPUT", "CONFLICT") },
  }),
};

export const promptRoutes = new OpenAPIHono<HonoEnv>();

promptRoutes.openapi(routes.resolve, async (c) => {
  const { etag, body } = await resolvePrompt({ ctx: projectCtxOf(c), input: c.req.valid("query") });
  c.header("ETag", etag);
  c.header("Cache-Control", body.alias === null ? IMMUTABLE : REVALIDATE);
  c.header("Vary", "Authorization, Cookie");
  const seen = c.req.header("if-none-match");
  if (seen?.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) return c.body(null, 304);
  return c.json(body, 200);
});
promptRoutes.openapi(routes.list, async (c) =>
  c.json(await listPrompts({ ctx: projectCtxOf(c), input: c.req.valid("query") }), 200),
);
promptRoutes.openapi(routes.create, async (c) =>
  c.json(await createPrompt({ ctx: projectCtxOf(c), input: c.req.valid("json") }), 201),
);
promptRoutes.openapi(routes.get, async (c) =>
  c.json(await getPrompt({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);
promptRoutes.openapi(routes.update, async (c) => {
  const input = { promptName: c.req.valid("param").promptName, patch: c.req.valid("json") };
  return c.json(await updatePrompt({ ctx: projectCtxOf(c), input }), 200);
});
promptRoutes.openapi(routes.remove, async (c) => {
  await deletePrompt({ ctx: projectCtxOf(c), input: c.req.valid("param") });
  return c.body(null, 204);
});
