import { OpenAPIHono, z } from "@hono/zod-openapi";
import { orgCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { defineRoute } from "../http/route";
import {
  OrgParams,
  ProviderInput,
  ProviderParams,
  ProviderPatch,
  ProviderSchema,
  ProviderTestSchema,
} from "./provider-schemas";
import { createProvider, deleteProvider, listProviders, testProvider, updateProvider } from "./providers";
import { getJudgeSettings, JudgeSettingsInput, JudgeSettingsSchema, updateJudgeSettings } from "./settings";

const tags = ["Judge providers"];
const base = "/api/v1/orgs/{orgId}/judge-providers";

const routes = {
  settings: defineRoute(
    { level: "org", permission: "providers:read" },
    {
      method: "get",
      path: "/api/v1/orgs/{orgId}/judge-settings",
      tags,
      summary: "Judge limits and spend",
      description:
        "Concurrency, monthly budget and the price of unpriced models; this month's spend and calls in flight.",
      request: { params: OrgParams },
      responses: { 200: jsonResponse("The settings and spend.", JudgeSettingsSchema) },
    },
  ),
  updateSettings: defineRoute(
    { level: "org", permission: "providers:manage" },
    {
      method: "patch",
      path: "/api/v1/orgs/{orgId}/judge-settings",
      tags,
      summary: "Change judge limits",
      description:
        "Past the monthly budget, judges answer an error assessment BUDGET_EXHAUSTED instead of calling the model.",
      request: { params: OrgParams, body: jsonBody(JudgeSettingsInput) },
      responses: { 200: jsonResponse("The settings and spend.", JudgeSettingsSchema), ...BODY_ERRORS },
    },
  ),
  list: defineRoute(
    { level: "org", permission: "providers:read" },
    {
      method: "get",
      path: base,
      tags,
      summary: "List judge model providers",
      description: "OpenAI-compatible providers the organization's judges call; keys are never returned.",
      request: { params: OrgParams },
      responses: {
        200: jsonResponse("The providers, by name.", z.object({ providers: z.array(ProviderSchema) })),
      },
    },
  ),
  create: defineRoute(
    { level: "org", permission: "providers:manage" },
    {
      method: "post",
      path: base,
      tags,
      summary: "Add a judge model provider",
      description:
        "The API key and extra headers are sealed at rest (AES-GCM under ENCRYPTION_KEY) and never returned or logged. " +
        "Model URIs name the provider: `<name>:/<model>`. In production the URL must be public https.",
      request: { params: OrgParams, body: jsonBody(ProviderInput) },
      responses: {
        201: jsonResponse("The provider.", ProviderSchema),
        ...BODY_ERRORS,
        ...errorResponses("CONFLICT"),
      },
    },
  ),
  update: defineRoute(
    { level: "org", permission: "providers:manage" },
    {
      method: "patch",
      path: `${base}/{providerId}`,
      tags,
      summary: "Change a judge model provider",
      description: "Any of name, URL, key and headers; a new key or headers are sealed again.",
      request: { params: ProviderParams, body: jsonBody(ProviderPatch) },
      responses: {
        200: jsonResponse("The provider.", ProviderSchema),
        ...BODY_ERRORS,
        ...errorResponses("CONFLICT"),
      },
    },
  ),
  delete: defineRoute(
    { level: "org", permission: "providers:manage" },
    {
      method: "delete",
      path: `${base}/{providerId}`,
      tags,
      summary: "Remove a judge model provider",
      request: { params: ProviderParams },
      responses: { 204: { description: "Removed." } },
    },
  ),
  test: defineRoute(
    { level: "org", permission: "providers:manage" },
    {
      method: "post",
      path: `${base}/{providerId}/test`,
      tags,
      summary: "Test a provider's connection",
      description:
        "Lists the provider's models with its key. A provider that refuses or cannot be reached answers `ok: false` " +
        "with what went wrong, not an error status.",
      request: { params: ProviderParams },
      responses: { 200: jsonResponse("The models, or what went wrong.", ProviderTestSchema) },
    },
  ),
};

export const providerRoutes = new OpenAPIHono<HonoEnv>();

providerRoutes.openapi(routes.list, async (c) => c.json(await listProviders({ ctx: orgCtxOf(c) }), 200));

providerRoutes.openapi(routes.create, async (c) =>
  c.json(await createProvider({ ctx: orgCtxOf(c), input: c.req.valid("json") }), 201),
);

providerRoutes.openapi(routes.update, async (c) => {
  const input = { providerId: c.req.valid("param").providerId, patch: c.req.valid("json") };
  return c.json(await updateProvider({ ctx: orgCtxOf(c), input }), 200);
});

providerRoutes.openapi(routes.delete, async (c) => {
  await deleteProvider({ ctx: orgCtxOf(c), input: c.req.valid("param") });
  return c.body(null, 204);
});

providerRoutes.openapi(routes.test, async (c) =>
  c.json(await testProvider({ ctx: orgCtxOf(c), input: c.req.valid("param") }), 200),
);

providerRoutes.openapi(routes.settings, async (c) =>
  c.json(await getJudgeSettings({ ctx: orgCtxOf(c) }), 200),
);

providerRoutes.openapi(routes.updateSettings, async (c) =>
  c.json(await updateJudgeSettings({ ctx: orgCtxOf(c), input: c.req.valid("json") }), 200),
);
