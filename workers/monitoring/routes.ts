import { OpenAPIHono, z } from "@hono/zod-openapi";
import { projectCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { defineRoute } from "../http/route";
import { cancelBackfill, estimateBackfill, listBackfills, startBackfill } from "./backfill";
import {
  BackfillInput,
  BackfillParams,
  BackfillSchema,
  EstimateQuery,
  EstimateSchema,
  MonitorInput,
  MonitorParams,
  MonitorPatch,
  MonitorSchema,
  ProjectParams,
} from "./schemas";
import { createMonitor, deleteMonitor, getMonitor, listMonitors, updateMonitor } from "./service";

const tags = ["Monitors"];
const base = "/api/v1/projects/{projectId}/monitors";
const read = { level: "project", permission: "project:read" } as const;
const write = { level: "project", permission: "project:write" } as const;

const routes = {
  list: defineRoute(read, {
    method: "get",
    path: base,
    tags,
    summary: "List monitors",
    description:
      "Each with its scorer version, rate, filter, today's scored subjects and judge spend, and its last 24 hours of scores.",
    request: { params: ProjectParams },
    responses: {
      200: jsonResponse("The monitors, by name.", z.object({ monitors: z.array(MonitorSchema) })),
      ...errorResponses("INVALID_INPUT"),
    },
  }),
  create: defineRoute(write, {
    method: "post",
    path: base,
    tags,
    summary: "Start a monitor",
    description:
      "A scorer version (an LLM judge or a rule) on a sample of the project's live traces (`level: trace`, each once it settled) " +
      "or sessions (`level: session`, once idle, again on new turns). Sampling is deterministic and nested: one hash " +
      "of the trace (or session) id, shared by every monitor, compared with each rate. Evaluation runs' traces are never " +
      "scored. Audited.",
    request: { params: ProjectParams, body: jsonBody(MonitorInput) },
    responses: {
      201: jsonResponse("The monitor.", MonitorSchema),
      ...BODY_ERRORS,
      ...errorResponses("CONFLICT"),
    },
  }),
  get: defineRoute(read, {
    method: "get",
    path: `${base}/{monitorId}`,
    tags,
    summary: "Get a monitor",
    request: { params: MonitorParams },
    responses: { 200: jsonResponse("The monitor.", MonitorSchema), ...errorResponses("INVALID_INPUT") },
  }),
  update: defineRoute(write, {
    method: "patch",
    path: `${base}/{monitorId}`,
    tags,
    summary: "Change, pause or start a monitor",
    description:
      "Rate, filter, settle time, name, its scorer's version, or `status`. Applies to traces that settle from now on. Audited.",
    request: { params: MonitorParams, body: jsonBody(MonitorPatch) },
    responses: {
      200: jsonResponse("The monitor.", MonitorSchema),
      ...BODY_ERRORS,
      ...errorResponses("CONFLICT"),
    },
  }),
  remove: defineRoute(write, {
    method: "delete",
    path: `${base}/{monitorId}`,
    tags,
    summary: "Delete a monitor",
    description: "Its queued scoring stops; the feedback it wrote stays. Audited.",
    request: { params: MonitorParams },
    responses: { 204: { description: "Deleted." }, ...errorResponses("INVALID_INPUT") },
  }),
  estimate: defineRoute(read, {
    method: "get",
    path: `${base}/{monitorId}/backfill-estimate`,
    tags,
    summary: "Estimate a backfill",
    description:
      "How many traces (or sessions) of the last `days` days match the monitor's filter, how many its rate samples, " +
      "and what judging them would cost (from the monitor's own judge calls, else the model's price).",
    request: { params: MonitorParams, query: EstimateQuery },
    responses: { 200: jsonResponse("The estimate.", EstimateSchema), ...errorResponses("INVALID_INPUT") },
  }),
  backfill: defineRoute(write, {
    method: "post",
    path: `${base}/{monitorId}/backfills`,
    tags,
    summary: "Backfill a monitor",
    description:
      "Scores the matching traces (or sessions) of the last `days` days in the background, with progress: those " +
      "already scored by the monitor's current scorer version are skipped, those scored by an older one are scored " +
      "again (replacing the old result). Results count in the hour their trace started. One at a time per monitor. Audited.",
    request: { params: MonitorParams, body: jsonBody(BackfillInput) },
    responses: {
      202: jsonResponse("The backfill, collecting.", BackfillSchema),
      ...BODY_ERRORS,
      ...errorResponses("CONFLICT"),
    },
  }),
  backfills: defineRoute(read, {
    method: "get",
    path: `${base}/{monitorId}/backfills`,
    tags,
    summary: "List a monitor's backfills",
    description: "The last 20, newest first, with their progress and spend.",
    request: { params: MonitorParams },
    responses: {
      200: jsonResponse("The backfills.", z.object({ backfills: z.array(BackfillSchema) })),
      ...errorResponses("INVALID_INPUT"),
    },
  }),
  cancelBackfill: defineRoute(write, {
    method: "post",
    path: `${base}/{monitorId}/backfills/{backfillId}/cancel`,
    tags,
    summary: "Cancel a backfill",
    description: "Subjects not yet scored are left alone; what was written stays. Audited.",
    request: { params: BackfillParams },
    responses: { 200: jsonResponse("The backfill.", BackfillSchema), ...errorResponses("INVALID_INPUT") },
  }),
};

export const monitorRoutes = new OpenAPIHono<HonoEnv>();

monitorRoutes.openapi(routes.list, async (c) => c.json(await listMonitors({ ctx: projectCtxOf(c) }), 200));
monitorRoutes.openapi(routes.create, async (c) =>
  c.json(await createMonitor({ ctx: projectCtxOf(c), input: c.req.valid("json") }), 201),
);
monitorRoutes.openapi(routes.get, async (c) =>
  c.json(await getMonitor({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);
monitorRoutes.openapi(routes.update, async (c) => {
  const input = { monitorId: c.req.valid("param").monitorId, patch: c.req.valid("json") };
  return c.json(await updateMonitor({ ctx: projectCtxOf(c), input }), 200);
});
monitorRoutes.openapi(routes.remove, async (c) => {
  await deleteMonitor({ ctx: projectCtxOf(c), input: c.req.valid("param") });
  return c.body(null, 204);
});
monitorRoutes.openapi(routes.estimate, async (c) => {
  const input = { ...c.req.valid("param"), ...c.req.valid("query") };
  return c.json(await estimateBackfill({ ctx: projectCtxOf(c), input }), 200);
});
monitorRoutes.openapi(routes.backfill, async (c) => {
  const input = { ...c.req.valid("param"), ...c.req.valid("json") };
  return c.json(await startBackfill({ ctx: projectCtxOf(c), input }), 202);
});
monitorRoutes.openapi(routes.backfills, async (c) =>
  c.json(await listBackfills({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);
monitorRoutes.openapi(routes.cancelBackfill, async (c) =>
  c.json(await cancelBackfill({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);
