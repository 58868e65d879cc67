import { OpenAPIHono, z } from "@hono/zod-openapi";
import { projectCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { defineRoute } from "../http/route";
import { compareEvaluations } from "./compare-service";
import { addRows, cancelRun, deleteRun, getRunInProject, listRuns, resumeRun, startRun } from "./runs";
import {
  CompareQuery,
  ComparisonSchema,
  ProjectParams,
  ResultSchema,
  ResultsQuery,
  RowsInput,
  RunInput,
  RunListQuery,
  RunParams,
  RunSchema,
} from "./schemas";
import { runPrompts, runResults, runView } from "./views";

const tags = ["Evaluations"];
const base = "/api/v1/projects/{projectId}/evaluations";
const read = { level: "project", permission: "project:read" } as const;
const write = { level: "project", permission: "project:write" } as const;

const routes = {
  compare: defineRoute(read, {
    method: "get",
    path: `${base}/compare`,
    tags,
    summary: "Compare runs",
    description:
      "Each later run against the first over the records both scored: per scorer the paired difference with a " +
      "bootstrap interval, McNemar's exact or Wilcoxon's signed-rank test, Holm-adjusted p-values and a verdict; " +
      "the changed records, regressions first.",
    request: { params: ProjectParams, query: CompareQuery },
    responses: { 200: jsonResponse("The comparison.", ComparisonSchema), ...errorResponses("INVALID_INPUT") },
  }),
  list: defineRoute(read, {
    method: "get",
    path: base,
    tags,
    summary: "List evaluation runs",
    description:
      "Newest first (at most `limit`, 100 by default), by name, dataset and status when given, each with its progress and metrics.",
    request: { params: ProjectParams, query: RunListQuery },
    responses: {
      200: jsonResponse("The runs.", z.object({ runs: z.array(RunSchema) })),
      ...errorResponses("INVALID_INPUT"),
    },
  }),
  start: defineRoute(write, {
    method: "post",
    path: base,
    tags,
    summary: "Start an evaluation run",
    description:
      "Scores a dataset version's recorded outputs, or records sent with their outputs, with pinned scorer versions " +
      "(`repeats` times each), as queue jobs bounded by the organization's judge concurrency. `open: true` takes " +
      "more records by `POST …/{runId}/rows` while the application is still answering.",
    request: { params: ProjectParams, body: jsonBody(RunInput) },
    responses: { 202: jsonResponse("The run, started.", RunSchema), ...BODY_ERRORS },
  }),
  get: defineRoute(read, {
    method: "get",
    path: `${base}/{runId}`,
    tags,
    summary: "Get an evaluation run",
    description:
      "Its progress and metrics (`<scorer>/<aggregation>`, with 95 % intervals), judge cost and app latency.",
    request: { params: RunParams },
    responses: { 200: jsonResponse("The run.", RunSchema) },
  }),
  rows: defineRoute(write, {
    method: "post",
    path: `${base}/{runId}/rows`,
    tags,
    summary: "Add records to an open run",
    description:
      "Up to 1,000 records with their outputs and their code scorers' results; `last: true` closes the run to more. " +
      "Number batches with `seq` (1, 2, …): a batch sent again is answered with the run and stored once.",
    request: { params: RunParams, body: jsonBody(RowsInput) },
    responses: { 200: jsonResponse("The run.", RunSchema), ...BODY_ERRORS, ...errorResponses("CONFLICT") },
  }),
  results: defineRoute(read, {
    method: "get",
    path: `${base}/{runId}/results`,
    tags,
    summary: "A run's results per record",
    description:
      "Each record in order with its inputs, outputs, expectations, latency and every scorer's result.",
    request: { params: RunParams, query: ResultsQuery },
    responses: {
      200: jsonResponse(
        "A page of results.",
        z.object({ results: z.array(ResultSchema), nextCursor: z.string().nullable() }),
      ),
      ...errorResponses("INVALID_INPUT"),
    },
  }),
  cancel: defineRoute(write, {
    method: "post",
    path: `${base}/{runId}/cancel`,
    tags,
    summary: "Cancel a run",
    description: "Records not yet scored are left; scores written stay. A cancelled run can be resumed.",
    request: { params: RunParams },
    responses: { 200: jsonResponse("The run.", RunSchema) },
  }),
  delete: defineRoute(write, {
    method: "delete",
    path: `${base}/{runId}`,
    tags,
    summary: "Delete a run",
    description:
      "Its records, results and scores go, in one transaction (a running run stops: its queued jobs find nothing); " +
      "audited. The traces it made stay in the project.",
    request: { params: RunParams },
    responses: { 204: { description: "Deleted." } },
  }),
  resume: defineRoute(write, {
    method: "post",
    path: `${base}/{runId}/resume`,
    tags,
    summary: "Resume a cancelled run",
    description: "It scores what is left; what was scored is not scored again.",
    request: { params: RunParams },
    responses: { 200: jsonResponse("The run.", RunSchema), ...errorResponses("CONFLICT") },
  }),
};

export const evaluationRoutes = new OpenAPIHono<HonoEnv>();

// Before `/{runId}`: "compare" is not a run id.
evaluationRoutes.openapi(routes.compare, async (c) =>
  c.json(await compareEvaluations({ ctx: projectCtxOf(c), input: c.req.valid("query") }), 200),
);

evaluationRoutes.openapi(routes.list, async (c) => {
  const ctx = projectCtxOf(c);
  const runs = await listRuns({ ctx, input: c.req.valid("query") });
  return c.json({ runs: await Promise.all(runs.map((r) => runView(ctx, r))) }, 200);
});
evaluationRoutes.openapi(routes.start, async (c) => {
  const ctx = projectCtxOf(c);
  return c.json(await runView(ctx, await startRun({ ctx, input: c.req.valid("json") })), 202);
});
evaluationRoutes.openapi(routes.get, async (c) => {
  const ctx = projectCtxOf(c);
  const run = await getRunInProject(ctx, c.req.valid("param").runId);
  const [view, prompts] = await Promise.all([runView(ctx, run), runPrompts(ctx, run.id)]);
  return c.json({ ...view, prompts }, 200);
});
evaluationRoutes.openapi(routes.rows, async (c) => {
  const ctx = projectCtxOf(c);
  const run = await addRows({ ctx, input: { runId: c.req.valid("param").runId, rows: c.req.valid("json") } });
  return c.json(await runView(ctx, run), 200);
});
evaluationRoutes.openapi(routes.results, async (c) => {
  const ctx = projectCtxOf(c);
  const run = await getRunInProject(ctx, c.req.valid("param").runId);
  return c.json(await runResults(ctx, run, c.req.valid("query")), 200);
});
evaluationRoutes.openapi(routes.cancel, async (c) => {
  const ctx = projectCtxOf(c);
  return c.json(await runView(ctx, await cancelRun({ ctx, input: c.req.valid("param") })), 200);
});
evaluationRoutes.openapi(routes.delete, async (c) => {
  await deleteRun({ ctx: projectCtxOf(c), input: c.req.valid("param") });
  return c.body(null, 204);
});
evaluationRoutes.openapi(routes.resume, async (c) => {
  const ctx = projectCtxOf(c);
  return c.json(await runView(ctx, await resumeRun({ ctx, input: c.req.valid("param") })), 200);
});
