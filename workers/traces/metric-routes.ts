import { OpenAPIHono, z } from "@hono/zod-openapi";
import { projectCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { errorResponses, jsonResponse } from "../http/openapi";
import { IsoTimeMs } from "../http/params";
import { defineRoute } from "../http/route";
import { projectMetrics } from "./metrics";
import { MetricFiguresSchema, ProjectParams } from "./schemas";

const MetricsSchema = z
  .object({
    granularity: z.enum(["hour", "day"]),
    series: z.array(
      MetricFiguresSchema.extend({
        time: z.string().openapi({ description: "Start of the hour or day (UTC)." }),
        group: z.string().nullable().openapi({ description: "The model, or null for all traces." }),
      }),
    ),
    totals: MetricFiguresSchema,
  })
  .openapi("Metrics");

const metrics = defineRoute(
  { level: "project", permission: "traces:read" },
  {
    method: "get",
    path: "/api/v1/projects/{projectId}/metrics",
    tags: ["Metrics"],
    summary: "Trace metrics over time",
    description:
      "From the hourly rollups. Trace counts, error rate and latency percentiles (geometric interpolation in " +
      "the histogram) come from traces' root spans; calls, tokens and cost from model calls. `groupBy=model` " +
      "gives one point per model and bucket, with that model's call latency and error rate. Defaults: `to` now, " +
      "`from` one day (hour) or 30 days (day) before; `from` is rounded down to its hour or day.",
    request: {
      params: ProjectParams,
      query: z.object({
        from: IsoTimeMs.optional(),
        to: IsoTimeMs.optional(),
        granularity: z.enum(["hour", "day"]).default("hour"),
        groupBy: z.enum(["none", "model"]).default("none"),
      }),
    },
    responses: {
      200: jsonResponse("Series and totals over the range.", MetricsSchema),
      ...errorResponses("INVALID_INPUT"),
    },
  },
);

export const metricRoutes = new OpenAPIHono<HonoEnv>();

metricRoutes.openapi(metrics, async (c) =>
  c.json(await projectMetrics({ ctx: projectCtxOf(c), input: c.req.valid("query") }), 200),
);
