import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { HonoEnv } from "../http/hono-env";
import { errorResponses, jsonResponse } from "../http/openapi";
import { defineRoute } from "../http/route";
import { ApiError } from "../lib/errors";
import { DAY_MS, projectMetrics } from "./metrics";
import { projectOf } from "./routes";
import { ProjectParams } from "./schemas";

/** Longest ranges per granularity, so an answer stays a few hundred points. */
const MAX_RANGE_MS = { hour: 31 * DAY_MS, day: 400 * DAY_MS } as const;
const DEFAULT_RANGE_MS = { hour: DAY_MS, day: 30 * DAY_MS } as const;

const time = z.iso
  .datetime({ offset: true })
  .transform((v) => Date.parse(v))
  .openapi({ type: "string", format: "date-time", example: "2026-03-01T00:00:00Z" });

const rate = z.number().nullable();
const Figures = z.object({
  traces: z.number().int().nullable().openapi({ description: "Null in per-model points." }),
  errorTraces: z.number().int().nullable().openapi({ description: "Null in per-model points." }),
  errorRate: rate.openapi({
    description: "errorTraces / traces; per model errorCalls / calls. Null when there is nothing to divide.",
  }),
  latencyP50Ms: rate.openapi({ description: "Estimated from the latency histogram; null without data." }),
  latencyP95Ms: rate,
  latencyP99Ms: rate,
  calls: z.number().int().openapi({ description: "Model calls (spans with a model)." }),
  errorCalls: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number(),
});

const MetricsSchema = z
  .object({
    granularity: z.enum(["hour", "day"]),
    series: z.array(
      Figures.extend({
        time: z.string().openapi({ description: "Start of the hour or day (UTC)." }),
        group: z.string().nullable().openapi({ description: "The model, or null for all traces." }),
      }),
    ),
    totals: Figures,
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
        from: time.optional(),
        to: time.optional(),
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

metricRoutes.openapi(metrics, async (c) => {
  const query = c.req.valid("query");
  const services = c.get("services");
  const to = query.to ?? services.clock.now();
  const from = query.from ?? to - DEFAULT_RANGE_MS[query.granularity];
  if (from >= to) throw new ApiError("INVALID_INPUT", "Invalid query. from: must be before to");
  if (to - from > MAX_RANGE_MS[query.granularity])
    throw new ApiError(
      "INVALID_INPUT",
      `Invalid query. from: the range may span at most ${MAX_RANGE_MS[query.granularity] / DAY_MS} days with granularity=${query.granularity}`,
    );
  return c.json(
    await projectMetrics({
      services,
      projectId: projectOf(c.get("access")).id,
      from,
      to,
      granularity: query.granularity,
      groupBy: query.groupBy,
    }),
    200,
  );
});
