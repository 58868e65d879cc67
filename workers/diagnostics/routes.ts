import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { publicContext } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { defineRoute } from "../http/route";
import { ApiError } from "../lib/errors";
import { getQueueProbe, startQueueProbe } from "./service";

const ProbeSchema = z
  .object({
    id: z.string().openapi({ example: "qpr_01jbz8q4x6v9c2m7k3n5p8r1t0" }),
    status: z.enum(["queued", "done", "dead"]).openapi({
      description: "`done` once the queue consumer ran it; `dead` once it reached the dead-letter queue.",
    }),
    fail: z.boolean(),
    attempts: z.number().int().openapi({ description: "Deliveries to the consumer so far." }),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
    lastError: z.string().nullable(),
  })
  .openapi("QueueProbe");

const StartProbeBody = z
  .object({
    fail: z
      .boolean()
      .default(false)
      .openapi({ description: "Make the consumer fail every attempt, to exercise retries and the DLQ." }),
  })
  .strict();

const startProbe = defineRoute(
  { level: "public" },
  {
    method: "post",
    path: "/api/diagnostics/queue-probes",
    tags: ["Platform"],
    summary: "Send a probe through the job queue",
    description: "Development and test deployments only: enqueues a job that the queue consumer completes.",
    request: { body: jsonBody(StartProbeBody) },
    responses: {
      202: jsonResponse("Enqueued.", ProbeSchema),
      ...BODY_ERRORS,
      ...errorResponses("NOT_FOUND"),
    },
  },
);

const getProbe = defineRoute(
  { level: "public" },
  {
    method: "get",
    path: "/api/diagnostics/queue-probes/{probeId}",
    tags: ["Platform"],
    summary: "Read a queue probe",
    request: {
      params: z.object({ probeId: z.string().openapi({ example: "qpr_01jbz8q4x6v9c2m7k3n5p8r1t0" }) }),
    },
    responses: {
      200: jsonResponse("The probe.", ProbeSchema),
      ...errorResponses("NOT_FOUND"),
    },
  },
);

/** Unauthenticated by design while it is dev-only: production answers as if these routes did not exist. */
function developmentOnly(): MiddlewareHandler<HonoEnv> {
  return async function developmentOnlyMiddleware(c, next) {
    if (publicContext(c).services.env.SIGHTLINE_ENV === "production") {
      throw new ApiError("NOT_FOUND", `There is no route for ${c.req.method} ${c.req.path}.`);
    }
    await next();
  };
}

export const diagnosticsRoutes = new OpenAPIHono<HonoEnv>();

diagnosticsRoutes.use("/api/diagnostics/*", developmentOnly());

diagnosticsRoutes.openapi(startProbe, async (c) =>
  c.json(await startQueueProbe({ ctx: publicContext(c), input: c.req.valid("json") }), 202),
);

diagnosticsRoutes.openapi(getProbe, async (c) =>
  c.json(await getQueueProbe({ ctx: publicContext(c), input: c.req.valid("param") }), 200),
);
