import { OpenAPIHono, z } from "@hono/zod-openapi";
import { publicContext } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { errorResponses, jsonResponse } from "../http/openapi";
import { defineRoute } from "../http/route";
import { checkHealth } from "./service";

const HealthSchema = z
  .object({
    status: z
      .enum(["ok", "degraded"])
      .openapi({ description: "`ok` when the database answers and is migrated." }),
    version: z.string().openapi({ example: "0.1.0" }),
    time: z.string().openapi({ example: "2026-11-22T10:00:00.000Z" }),
    database: z.object({
      reachable: z.boolean(),
      latencyMs: z.number().nullable().openapi({ description: "Round trip of `select 1`." }),
      error: z.string().optional(),
    }),
    migrations: z.object({
      current: z.boolean(),
      applied: z.number().int(),
      expected: z.number().int(),
      pending: z.array(z.string()).openapi({ description: "Tags of migrations not yet applied." }),
    }),
  })
  .openapi("Health");

const getHealth = defineRoute(
  { level: "public" },
  {
    method: "get",
    path: "/api/health",
    tags: ["Platform"],
    summary: "Service health",
    description: "Whether the database is reachable and its migrations are current. Needs no credential.",
    responses: {
      200: jsonResponse("Healthy.", HealthSchema),
      // The report itself, not the error body: a degraded service still says what is wrong.
      503: jsonResponse("Degraded: see `database` and `migrations`.", HealthSchema),
      ...errorResponses("BAD_ENVIRONMENT"),
    },
  },
);

export const healthRoutes = new OpenAPIHono<HonoEnv>().openapi(getHealth, async (c) => {
  const report = await checkHealth({ ctx: publicContext(c) });
  c.header("Cache-Control", "no-store");
  return report.status === "ok" ? c.json(report, 200) : c.json(report, 503);
});
