import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { HonoEnv } from "../http/hono-env";
import { errorResponses } from "../http/openapi";
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

const getHealth = createRoute({
  method: "get",
  path: "/api/health",
  tags: ["Platform"],
  summary: "Service health",
  description: "Whether the database is reachable and its migrations are current. Needs no credential.",
  responses: {
    200: { description: "Healthy.", content: { "application/json": { schema: HealthSchema } } },
    503: {
      description: "Degraded: see `database` and `migrations`.",
      content: { "application/json": { schema: HealthSchema } },
    },
    ...errorResponses("BAD_ENVIRONMENT"),
  },
});

export const healthRoutes = new OpenAPIHono<HonoEnv>().openapi(getHealth, async (c) => {
  const report = await checkHealth(c.get("services"));
  c.header("Cache-Control", "no-store");
  return report.status === "ok" ? c.json(report, 200) : c.json(report, 503);
});
