import { OpenAPIHono, z } from "@hono/zod-openapi";
import { projectCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { defineRoute } from "../http/route";
import { SCORE_JOB_MAX_TRACES, ScoreJobInput, ScoreJobParams, ScoreJobSchema } from "./job-schemas";
import { ProjectParams } from "./schemas";
import { cancelScoreJob, getScoreJob, listScoreJobs, startScoreJob } from "./score-jobs";

const tags = ["Scorers"];
const base = "/api/v1/projects/{projectId}/score/jobs";

const routes = {
  start: defineRoute(
    { level: "project", permission: "project:write" },
    {
      method: "post",
      path: base,
      tags,
      summary: "Score many traces in the background",
      description:
        `Scores up to ${SCORE_JOB_MAX_TRACES} of the project's traces with a registered scorer version, one queue job ` +
        "per trace bounded by the organization's judge concurrency, and stores each result as feedback on its trace. " +
        "Poll the job for progress; a trace that is not found counts as an error.",
      request: { params: ProjectParams, body: jsonBody(ScoreJobInput) },
      responses: { 202: jsonResponse("The job, started.", ScoreJobSchema), ...BODY_ERRORS },
    },
  ),
  list: defineRoute(
    { level: "project", permission: "project:read" },
    {
      method: "get",
      path: base,
      tags,
      summary: "List scoring jobs",
      description: "The last 50, newest first.",
      request: { params: ProjectParams },
      responses: { 200: jsonResponse("The jobs.", z.object({ jobs: z.array(ScoreJobSchema) })) },
    },
  ),
  get: defineRoute(
    { level: "project", permission: "project:read" },
    {
      method: "get",
      path: `${base}/{jobId}`,
      tags,
      summary: "Get a scoring job",
      description: "Its status and progress: done of total, and how many ended in an error.",
      request: { params: ScoreJobParams },
      responses: { 200: jsonResponse("The job.", ScoreJobSchema) },
    },
  ),
  cancel: defineRoute(
    { level: "project", permission: "project:write" },
    {
      method: "post",
      path: `${base}/{jobId}/cancel`,
      tags,
      summary: "Cancel a scoring job",
      description: "Traces not yet scored are left alone; feedback already written stays.",
      request: { params: ScoreJobParams },
      responses: { 200: jsonResponse("The job.", ScoreJobSchema), ...errorResponses("NOT_FOUND") },
    },
  ),
};

export const scoreJobRoutes = new OpenAPIHono<HonoEnv>();

scoreJobRoutes.openapi(routes.start, async (c) =>
  c.json(await startScoreJob({ ctx: projectCtxOf(c), input: c.req.valid("json") }), 202),
);
scoreJobRoutes.openapi(routes.list, async (c) => c.json(await listScoreJobs({ ctx: projectCtxOf(c) }), 200));
scoreJobRoutes.openapi(routes.get, async (c) =>
  c.json(await getScoreJob({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);
scoreJobRoutes.openapi(routes.cancel, async (c) =>
  c.json(await cancelScoreJob({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);
