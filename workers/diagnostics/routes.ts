import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { HonoEnv } from "../http/hono-env";
import { errorResponses } from "../http/openapi";
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

const startProbe = createRoute({
  method: "post",
  path: "/api/diagnostics/queue-probes",
  tags: ["Platform"],
  summary: "Send a probe through the job queue",
  description: "Development and test deployments only: enqueues a job that the queue consumer completes.",
  request: { body: { required: true, content: { "application/json": { schema: StartProbeBody } } } },
  responses: {
    202: { description: "Enqueued.", content: { "application/json": { schema: ProbeSchema } } },
    ...errorResponses(
      "BAD_REQUEST",
      "NOT_FOUND",
      "PAYLOAD_TOO_LARGE",
      "UNSUPPORTED_MEDIA_TYPE",
      "INVALID_INPUT",
    ),
  },
});

const getProbe = createRoute({
  method: "get",
  path: "/api/diagnostics/queue-probes/{probeId}",
  tags: ["Platform"],
  summary: "Read a queue probe",
  request: {
    params: z.object({ probeId: z.string().openapi({ example: "qpr_01jbz8q4x6v9c2m7k3n5p8r1t0" }) }),
  },
  responses: {
    200: { description: "The probe.", content: { "application/json": { schema: ProbeSchema } } },
    ...errorResponses("NOT_FOUND"),
  },
});

export const diagnosticsRoutes = new OpenAPIHono<HonoEnv>();

diagnosticsRoutes.use("/api/diagnostics/*", async (c, next) => {
  // Unauthenticated by design while it is dev-only; production answers as if it did not exist.
  if (c.get("services").env.SIGHTLINE_ENV === "production") {
    throw new ApiError("NOT_FOUND", `There is no route for ${c.req.method} ${c.req.path}.`);
  }
  await next();
});

diagnosticsRoutes.openapi(startProbe, async (c) => {
  const probe = await startQueueProbe({ services: c.get("services"), fail: c.req.valid("json").fail });
  return c.json(probe, 202);
});

diagnosticsRoutes.openapi(getProbe, async (c) => {
  const probe = await getQueueProbe({ services: c.get("services"), id: c.req.valid("param").probeId });
  return c.json(probe, 200);
});
