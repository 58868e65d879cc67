import { OpenAPIHono, z } from "@hono/zod-openapi";
import { projectCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { defineRoute } from "../http/route";
import { TracePageSchema } from "../traces/schemas";
import { deleteAlias, getAlias, setAlias } from "./aliases";
import { VersionTracesQuery, versionTraces } from "./linked-traces";
import {
  AliasInput,
  AliasParams,
  AliasSchema,
  PromptParams,
  PromptVersionSchema,
  RenderedSchema,
  RenderInput,
  VersionInput,
  VersionParams,
} from "./schemas";
import { tryPromptVersion } from "./try-it";
import { TryInput, TryResultSchema } from "./try-schemas";
import { createPromptVersion, getPromptVersion, listPromptVersions, renderPromptVersion } from "./versions";

const tags = ["Prompts"];
const base = "/api/v1/projects/{projectId}/prompts/{promptName}";
const read = { level: "project", permission: "project:read" } as const;
const write = { level: "project", permission: "project:write" } as const;
const promote = { level: "project", permission: "prompts:promote" } as const;

const routes = {
  versions: defineRoute(read, {
    method: "get",
    path: `${base}/versions`,
    tags,
    summary: "List a prompt's versions",
    description: "Newest first, each with the aliases pointing at it. Versions never change.",
    request: { params: PromptParams },
    responses: {
      200: jsonResponse("The versions.", z.object({ versions: z.array(PromptVersionSchema) })),
      ...errorResponses("INVALID_INPUT"),
    },
  }),
  createVersion: defineRoute(write, {
    method: "post",
    path: `${base}/versions`,
    tags,
    summary: "Save a new version",
    description: "The next number; it becomes `latest`. Editing a prompt is saving a new version.",
    request: { params: PromptParams, body: jsonBody(VersionInput) },
    responses: {
      201: jsonResponse("The new version.", PromptVersionSchema),
      ...BODY_ERRORS,
      ...errorResponses("CONFLICT"),
    },
  }),
  version: defineRoute(read, {
    method: "get",
    path: `${base}/versions/{version}`,
    tags,
    summary: "Get a version",
    request: { params: VersionParams },
    responses: { 200: jsonResponse("The version.", PromptVersionSchema), ...errorResponses("INVALID_INPUT") },
  }),
  render: defineRoute(read, {
    method: "post",
    path: `${base}/versions/{version}/render`,
    tags,
    summary: "Render a version",
    description:
      "Fills `{{ variable }}` placeholders: text, or chat messages ready for the `openai` client. A missing variable is " +
      "a 422 naming it; variables the template does not use are listed in `unknownVariables`. Strings go in as they " +
      "are, other values as JSON.",
    request: { params: VersionParams, body: jsonBody(RenderInput) },
    responses: { 200: jsonResponse("The rendered prompt.", RenderedSchema), ...BODY_ERRORS },
  }),
  tryIt: defineRoute(write, {
    method: "post",
    path: `${base}/versions/{version}/try`,
    tags,
    summary: "Try a version against a model",
    description:
      "Renders the version with `variables` and makes one model call through the organization's judge provider " +
      "(its permits and monthly budget; the version's temperature, max tokens, top p, stop and response format). " +
      "Answers the output, tokens, cost and latency; nothing is stored. A missing variable is a 422; no such judge " +
      "provider a 422 pointing to Settings → Judge providers; a spent budget or no free permit a 429. Spends the " +
      "organization's judge budget, so it needs `project:write`.",
    request: { params: VersionParams, body: jsonBody(TryInput) },
    responses: {
      200: jsonResponse("The model's answer.", TryResultSchema),
      ...BODY_ERRORS,
      ...errorResponses("RATE_LIMITED", "SERVICE_UNAVAILABLE"),
    },
  }),
  traces: defineRoute(
    { level: "project", permission: "traces:read" },
    {
      method: "get",
      path: `${base}/versions/{version}/traces`,
      tags,
      summary: "A version's traces",
      description:
        "The traces linked to this version (latency, tokens, cost, and `feedbackColumns`), sorted and paged like the trace list.",
      request: { params: VersionParams, query: VersionTracesQuery },
      responses: {
        200: jsonResponse("A page of traces.", TracePageSchema),
        ...errorResponses("INVALID_INPUT"),
      },
    },
  ),
  alias: defineRoute(read, {
    method: "get",
    path: `${base}/aliases/{alias}`,
    tags,
    summary: "Get an alias and its history",
    description:
      "Where it points, who moved it when, and every earlier set, move and delete. `latest` is computed.",
    request: { params: AliasParams },
    responses: { 200: jsonResponse("The alias.", AliasSchema), ...errorResponses("INVALID_INPUT") },
  }),
  setAlias: defineRoute(promote, {
    method: "put",
    path: `${base}/aliases/{alias}`,
    tags,
    summary: "Set or move an alias",
    description:
      "Points the alias at a version (apps resolving `name@alias` get it on their next revalidation). Recorded in its " +
      "history and audited. `latest` cannot be set. Needs `prompts:promote` (admins and owners).",
    request: { params: AliasParams, body: jsonBody(AliasInput) },
    responses: { 200: jsonResponse("The alias.", AliasSchema), ...BODY_ERRORS },
  }),
  deleteAlias: defineRoute(promote, {
    method: "delete",
    path: `${base}/aliases/{alias}`,
    tags,
    summary: "Delete an alias",
    description: "Recorded in its history and audited. Needs `prompts:promote`.",
    request: { params: AliasParams },
    responses: { 204: { description: "Deleted." }, ...errorResponses("INVALID_INPUT") },
  }),
};

export const promptVersionRoutes = new OpenAPIHono<HonoEnv>();

promptVersionRoutes.openapi(routes.versions, async (c) =>
  c.json(await listPromptVersions({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);
promptVersionRoutes.openapi(routes.createVersion, async (c) => {
  const input = { promptName: c.req.valid("param").promptName, version: c.req.valid("json") };
  return c.json(await createPromptVersion({ ctx: projectCtxOf(c), input }), 201);
});
promptVersionRoutes.openapi(routes.version, async (c) =>
  c.json(await getPromptVersion({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);
promptVersionRoutes.openapi(routes.render, async (c) => {
  const input = { ...c.req.valid("param"), variables: c.req.valid("json").variables };
  return c.json(await renderPromptVersion({ ctx: projectCtxOf(c), input }), 200);
});
promptVersionRoutes.openapi(routes.tryIt, async (c) => {
  const input = { ...c.req.valid("param"), ...c.req.valid("json") };
  return c.json(await tryPromptVersion({ ctx: projectCtxOf(c), input }), 200);
});
promptVersionRoutes.openapi(routes.traces, async (c) => {
  const input = { ...c.req.valid("param"), page: c.req.valid("query") };
  return c.json(await versionTraces({ ctx: projectCtxOf(c), input }), 200);
});
promptVersionRoutes.openapi(routes.alias, async (c) =>
  c.json(await getAlias({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);
promptVersionRoutes.openapi(routes.setAlias, async (c) => {
  const input = { ...c.req.valid("param"), version: c.req.valid("json").version };
  return c.json(await setAlias({ ctx: projectCtxOf(c), input }), 200);
});
promptVersionRoutes.openapi(routes.deleteAlias, async (c) => {
  await deleteAlias({ ctx: projectCtxOf(c), input: c.req.valid("param") });
  return c.body(null, 204);
});
