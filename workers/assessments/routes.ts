import { OpenAPIHono, z } from "@hono/zod-openapi";
import { projectCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { IsoTimeMs } from "../http/params";
import { defineRoute } from "../http/route";
import { ScoreMetricsSchema, scoreMetrics } from "./metrics";
import {
  AssessmentInput,
  AssessmentListQuery,
  AssessmentListSchema,
  AssessmentParams,
  AssessmentSchema,
  BATCH_MAX,
  BatchBody,
  OverrideInput,
  ProjectParams,
  TraceParams,
} from "./schemas";
import {
  createAssessment,
  deleteAssessment,
  getAssessment,
  listSessionAssessments,
  listTraceAssessments,
  logAssessments,
  overrideAssessment,
} from "./service";

const tags = ["Assessments"];
const SessionParams = ProjectParams.extend({
  sessionId: z.string().min(1).max(200).openapi({ example: "session-42" }),
});
const SessionAssessmentParams = SessionParams.extend({ assessmentId: AssessmentParams.shape.assessmentId });
const base = "/api/v1/projects/{projectId}/traces/{traceId}/assessments";

const routes = {
  list: defineRoute(
    { level: "project", permission: "traces:read" },
    {
      method: "get",
      path: base,
      tags,
      summary: "List a trace's assessments",
      description:
        "Current feedback and expectations, oldest first; `history=true` adds the overridden and deleted ones.",
      request: { params: TraceParams, query: AssessmentListQuery },
      responses: {
        200: jsonResponse("The trace's assessments.", AssessmentListSchema),
        ...errorResponses("INVALID_INPUT"),
      },
    },
  ),
  create: defineRoute(
    { level: "project", permission: "feedback:write" },
    {
      method: "post",
      path: base,
      tags,
      summary: "Log feedback or an expectation on a trace",
      description:
        "On the whole trace, or one of its spans (`spanId`). The trace must be stored; to log feedback for a trace " +
        "whose spans may not have arrived yet, use `POST assessments/batch`. A dashboard user's assessment is HUMAN " +
        "feedback by that user; an API key may say HUMAN (an end user's, with their id) or CODE.",
      request: { params: TraceParams, body: jsonBody(AssessmentInput) },
      responses: { 201: jsonResponse("The assessment.", AssessmentSchema), ...BODY_ERRORS },
    },
  ),
  batch: defineRoute(
    { level: "project", permission: "feedback:write" },
    {
      method: "post",
      path: "/api/v1/projects/{projectId}/assessments/batch",
      tags,
      summary: "Log many assessments at once",
      description: `Up to ${BATCH_MAX} assessments on traces (or spans) and sessions, all or none. Traces need not be stored yet: an assessment shows on its trace once the spans arrive.`,
      request: { params: ProjectParams, body: jsonBody(BatchBody) },
      responses: {
        201: jsonResponse(
          "The new assessments' ids, in the order sent.",
          z.object({ ids: z.array(z.string()) }),
        ),
        ...BODY_ERRORS,
      },
    },
  ),
  get: defineRoute(
    { level: "project", permission: "traces:read" },
    {
      method: "get",
      path: `${base}/{assessmentId}`,
      tags,
      summary: "Get an assessment",
      request: { params: AssessmentParams },
      responses: { 200: jsonResponse("The assessment.", AssessmentSchema) },
    },
  ),
  override: defineRoute(
    { level: "project", permission: "feedback:write" },
    {
      method: "patch",
      path: `${base}/{assessmentId}`,
      tags,
      summary: "Override an assessment",
      description:
        "Writes a new assessment of the same name and target with the new value (or error) and rationale; the old one " +
        "becomes invalid and points at it, and stays in the history. Overriding one that is no longer current is 409.",
      request: { params: AssessmentParams, body: jsonBody(OverrideInput) },
      responses: {
        201: jsonResponse("The new assessment.", AssessmentSchema),
        ...BODY_ERRORS,
        ...errorResponses("CONFLICT"),
      },
    },
  ),
  metrics: defineRoute(
    { level: "project", permission: "traces:read" },
    {
      method: "get",
      path: "/api/v1/projects/{projectId}/score-metrics",
      tags,
      summary: "Feedback scores over time",
      description:
        "From the hourly score rollups, per feedback name: count, mean and standard deviation of numeric scores " +
        "(yes/no and booleans as 1/0), pass rate, errors. Feedback counts in the hour its trace started. Defaults: " +
        "`to` now, `from` one day (hour) or 30 days (day) before.",
      request: {
        params: ProjectParams,
        query: z.object({
          from: IsoTimeMs.optional(),
          to: IsoTimeMs.optional(),
          granularity: z.enum(["hour", "day"]).default("hour"),
          name: z.string().min(1).max(200).optional().openapi({ description: "One feedback name only." }),
        }),
      },
      responses: {
        200: jsonResponse("Series and totals per name.", ScoreMetricsSchema),
        ...errorResponses("INVALID_INPUT"),
      },
    },
  ),
  listSession: defineRoute(
    { level: "project", permission: "traces:read" },
    {
      method: "get",
      path: "/api/v1/projects/{projectId}/sessions/{sessionId}/assessments",
      tags,
      summary: "List a session's assessments",
      description:
        "Assessments of the whole session (logged with `sessionId` through the batch endpoint, or by session-level " +
        "judges), oldest first; `history=true` adds the overridden and deleted ones.",
      request: {
        params: ProjectParams.extend({
          sessionId: z.string().min(1).max(200).openapi({ example: "session-42" }),
        }),
        query: AssessmentListQuery,
      },
      responses: {
        200: jsonResponse("The session's assessments.", AssessmentListSchema),
        ...errorResponses("INVALID_INPUT"),
      },
    },
  ),
  overrideSession: defineRoute(
    { level: "project", permission: "feedback:write" },
    {
      method: "patch",
      path: "/api/v1/projects/{projectId}/sessions/{sessionId}/assessments/{assessmentId}",
      tags,
      summary: "Override a session's assessment",
      description: "As for a trace's: a new assessment replaces it, and the old one stays in the history.",
      request: { params: SessionAssessmentParams, body: jsonBody(OverrideInput) },
      responses: {
        201: jsonResponse("The new assessment.", AssessmentSchema),
        ...BODY_ERRORS,
        ...errorResponses("CONFLICT"),
      },
    },
  ),
  deleteSession: defineRoute(
    { level: "project", permission: "feedback:write" },
    {
      method: "delete",
      path: "/api/v1/projects/{projectId}/sessions/{sessionId}/assessments/{assessmentId}",
      tags,
      summary: "Delete a session's assessment",
      request: { params: SessionAssessmentParams },
      responses: { 204: { description: "Deleted." } },
    },
  ),
  delete: defineRoute(
    { level: "project", permission: "feedback:write" },
    {
      method: "delete",
      path: `${base}/{assessmentId}`,
      tags,
      summary: "Delete an assessment",
      description:
        "It leaves the trace's current assessments and the score rollups, and stays in the history, marked deleted.",
      request: { params: AssessmentParams },
      responses: { 204: { description: "Deleted." } },
    },
  ),
};

export const assessmentRoutes = new OpenAPIHono<HonoEnv>();

assessmentRoutes.openapi(routes.list, async (c) => {
  const { traceId } = c.req.valid("param");
  const history = c.req.valid("query").history === "true";
  return c.json(await listTraceAssessments({ ctx: projectCtxOf(c), input: { traceId, history } }), 200);
});

assessmentRoutes.openapi(routes.create, async (c) => {
  const { traceId } = c.req.valid("param");
  const input = { traceId, assessment: c.req.valid("json") };
  return c.json(await createAssessment({ ctx: projectCtxOf(c), input }), 201);
});

assessmentRoutes.openapi(routes.batch, async (c) =>
  c.json(await logAssessments({ ctx: projectCtxOf(c), input: c.req.valid("json").assessments }), 201),
);

assessmentRoutes.openapi(routes.get, async (c) =>
  c.json(await getAssessment({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);

assessmentRoutes.openapi(routes.override, async (c) => {
  const input = { ...c.req.valid("param"), override: c.req.valid("json") };
  return c.json(await overrideAssessment({ ctx: projectCtxOf(c), input }), 201);
});

assessmentRoutes.openapi(routes.delete, async (c) => {
  await deleteAssessment({ ctx: projectCtxOf(c), input: c.req.valid("param") });
  return c.body(null, 204);
});

assessmentRoutes.openapi(routes.metrics, async (c) =>
  c.json(await scoreMetrics({ ctx: projectCtxOf(c), input: c.req.valid("query") }), 200),
);

assessmentRoutes.openapi(routes.listSession, async (c) => {
  const { sessionId } = c.req.valid("param");
  const history = c.req.valid("query").history === "true";
  return c.json(await listSessionAssessments({ ctx: projectCtxOf(c), input: { sessionId, history } }), 200);
});

assessmentRoutes.openapi(routes.overrideSession, async (c) => {
  const { sessionId, assessmentId } = c.req.valid("param");
  const input = { sessionId, assessmentId, override: c.req.valid("json") };
  return c.json(await overrideAssessment({ ctx: projectCtxOf(c), input }), 201);
});

assessmentRoutes.openapi(routes.deleteSession, async (c) => {
  const { sessionId, assessmentId } = c.req.valid("param");
  await deleteAssessment({ ctx: projectCtxOf(c), input: { sessionId, assessmentId } });
  return c.body(null, 204);
});
