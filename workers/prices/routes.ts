import { OpenAPIHono, z } from "@hono/zod-openapi";
import { orgCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, jsonBody, jsonResponse } from "../http/openapi";
import { OrgParams } from "../http/params";
import { defineRoute } from "../http/route";
import { listModelPrices, replaceModelPrices } from "./service";

const Price = z
  .object({
    model: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .openapi({ description: "Prefix of the model name, e.g. gpt-4o-mini.", example: "gpt-4o-mini" }),
    inputPerMillion: z
      .number()
      .min(0)
      .max(100_000)
      .openapi({ description: "USD per million input tokens.", example: 0.15 }),
    outputPerMillion: z.number().min(0).max(100_000).openapi({ example: 0.6 }),
    cacheReadPerMillion: z.number().min(0).max(100_000).nullable().optional(),
  })
  .openapi("ModelPrice");

const Prices = z.object({ overrides: z.array(Price), defaults: z.array(Price) }).openapi("ModelPrices");
const tags = ["Organizations"];

const list = defineRoute(
  { level: "org", permission: "members:read" },
  {
    method: "get",
    path: "/api/v1/orgs/{orgId}/model-prices",
    tags,
    summary: "Model prices used for cost",
    description:
      "The organization's overrides and the built-in defaults (USD per million tokens; longest prefix wins).",
    request: { params: OrgParams },
    responses: { 200: jsonResponse("Prices.", Prices) },
  },
);

const replace = defineRoute(
  { level: "org", permission: "org:manage" },
  {
    method: "put",
    path: "/api/v1/orgs/{orgId}/model-prices",
    tags,
    summary: "Replace the organization's price overrides",
    description:
      "Applies to spans ingested afterwards (within a minute, the price cache's lifetime); stored costs are not rewritten.",
    request: {
      params: OrgParams,
      body: jsonBody(
        z
          .object({ prices: z.array(Price).max(500) })
          .strict()
          .refine((b) => new Set(b.prices.map((p) => p.model)).size === b.prices.length, {
            message: "each model may appear once",
            path: ["prices"],
          }),
      ),
    },
    responses: { 200: jsonResponse("The prices now in force.", Prices), ...BODY_ERRORS },
  },
);

export const priceRoutes = new OpenAPIHono<HonoEnv>();

priceRoutes.openapi(list, async (c) => c.json(await listModelPrices({ ctx: orgCtxOf(c) }), 200));
priceRoutes.openapi(replace, async (c) =>
  c.json(await replaceModelPrices({ ctx: orgCtxOf(c), input: c.req.valid("json") }), 200),
);
