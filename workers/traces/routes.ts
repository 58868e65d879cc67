import { OpenAPIHono, z } from "@hono/zod-openapi";
import { projectCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { defineRoute } from "../http/route";
import { getSpan, getTraceDetail, getTraceOutline } from "./detail";
import { deleteTrace, deleteTracesByFilter, removeTraceTag, setTraceTag } from "./edit";
import { exportTraces } from "./export";
import { listTraces } from "./list";
import {
  EXPORT_CAP,
  ProjectParams,
  SpanParams,
  SpanSchema,
  TAG_KEY_MAX,
  TAG_VALUE_MAX,
  TraceDeleteBody,
  TraceDetailQuery,
  TraceDetailSchema,
  TraceExportQuery,
  TraceListQuery,
  TraceOutlineSchema,
  TracePageSchema,
  TraceParams,
} from "./schemas";

const tags = ["Traces"];
const base = "/api/v1/projects/{projectId}/traces";

const TagParams = TraceParams.extend({
  key: z
    .string()
    .min(1)
    .max(TAG_KEY_MAX)
    .refine((k) => !k.includes("="), "must not contain '=' (tag filters are key=value)")
    .openapi({ example: "env" }),
});

const routes = {
  list: defineRoute(
    { level: "project", permission: "traces:read" },
    {
      method: "get",
      path: base,
      tags,
      summary: "List traces",
      description:
        "Filters combine with AND. Page with `cursor` = the previous answer's `nextCursor` (same filters and sort); " +
        "each trace appears exactly once across pages, ties broken by trace id.",
      request: { params: ProjectParams, query: TraceListQuery },
      responses: {
        200: jsonResponse("A page of traces.", TracePageSchema),
        ...errorResponses("INVALID_INPUT"),
      },
    },
  ),
  // Declared before `traces/{traceId}` so "export" is never taken for a trace id.
  export: defineRoute(
    { level: "project", permission: "traces:read" },
    {
      method: "get",
      path: `${base}/export`,
      tags,
      summary: "Export traces as JSON Lines",
      description: `The list filters and sort; one full trace (with spans) per line, streamed, at most ${EXPORT_CAP} traces.`,
      request: { params: ProjectParams, query: TraceExportQuery },
      responses: {
        200: {
          description: "One TraceDetail per line.",
          content: { "application/x-ndjson": { schema: TraceDetailSchema } },
        },
        ...errorResponses("INVALID_INPUT"),
      },
    },
  ),
  deleteByFilter: defineRoute(
    { level: "project", permission: "project:write" },
    {
      method: "post",
      path: `${base}/delete`,
      tags,
      summary: "Delete traces matching filters",
      description:
        "The body takes the list filters by the same names (at least one). Spans, facets and text go too; " +
        "hourly metrics keep counting them.",
      request: { params: ProjectParams, body: jsonBody(TraceDeleteBody) },
      responses: {
        200: jsonResponse("How many traces were deleted.", z.object({ deleted: z.number().int() })),
        ...BODY_ERRORS,
      },
    },
  ),
  get: defineRoute(
    { level: "project", permission: "traces:read" },
    {
      method: "get",
      path: `${base}/{traceId}`,
      tags,
      summary: "Get a trace with its spans",
      description:
        "Spans are ordered by start time. With `spans=summary` they come without `inputs`, `outputs`, " +
        "`attributes` and `events` (a TraceOutline); `GET traces/{traceId}/spans/{spanId}` reads one whole.",
      request: { params: TraceParams, query: TraceDetailQuery },
      responses: {
        200: jsonResponse(
          "The trace: a TraceDetail, or a TraceOutline with `spans=summary`.",
          z.union([TraceDetailSchema, TraceOutlineSchema]),
        ),
        ...errorResponses("INVALID_INPUT"),
      },
    },
  ),
  getSpan: defineRoute(
    { level: "project", permission: "traces:read" },
    {
      method: "get",
      path: `${base}/{traceId}/spans/{spanId}`,
      tags,
      summary: "Get one span of a trace",
      description: "The whole span, with its inputs, outputs, attributes and events.",
      request: { params: SpanParams },
      responses: { 200: jsonResponse("The span.", SpanSchema) },
    },
  ),
  delete: defineRoute(
    { level: "project", permission: "project:write" },
    {
      method: "delete",
      path: `${base}/{traceId}`,
      tags,
      summary: "Delete a trace",
      description: "Its spans, facets and text go too; hourly metrics keep counting it.",
      request: { params: TraceParams },
      responses: { 204: { description: "Deleted." } },
    },
  ),
  setTag: defineRoute(
    { level: "project", permission: "project:write" },
    {
      method: "put",
      path: `${base}/{traceId}/tags/{key}`,
      tags,
      summary: "Set a tag on a trace",
      request: {
        params: TagParams,
        body: jsonBody(
          z.object({ value: z.string().max(TAG_VALUE_MAX).openapi({ example: "production" }) }).strict(),
        ),
      },
      responses: {
        200: jsonResponse("The trace's tags.", z.object({ tags: z.record(z.string(), z.string()) })),
        ...BODY_ERRORS,
      },
    },
  ),
  removeTag: defineRoute(
    { level: "project", permission: "project:write" },
    {
      method: "delete",
      path: `${base}/{traceId}/tags/{key}`,
      tags,
      summary: "Remove a tag from a trace",
      request: { params: TagParams },
      responses: { 204: { description: "Removed (or was not set)." }, ...errorResponses("INVALID_INPUT") },
    },
  ),
};

export const traceRoutes = new OpenAPIHono<HonoEnv>();

traceRoutes.openapi(routes.list, async (c) => {
  const { sort, order, limit, cursor, feedbackColumns, ...filter } = c.req.valid("query");
  return c.json(
    await listTraces({
      ctx: projectCtxOf(c),
      input: { filter, sort, order, limit, cursor, feedbackColumns },
    }),
    200,
  );
});

traceRoutes.openapi(routes.export, async (c) => {
  const { sort, order, limit, ...filter } = c.req.valid("query");
  const ctx = projectCtxOf(c);
  const stream = await exportTraces({ ctx, input: { filter, sort, order, limit } });
  // zod-openapi types only JSON and text answers; this one is a documented NDJSON stream.
  return c.body(stream, 200, {
    "Content-Type": "application/x-ndjson; charset=utf-8",
    "Content-Disposition": `attachment; filename="traces-${ctx.project.id}.jsonl"`,
    "Cache-Control": "no-store",
  }) as never;
});

traceRoutes.openapi(routes.deleteByFilter, async (c) =>
  c.json(await deleteTracesByFilter({ ctx: projectCtxOf(c), input: c.req.valid("json") }), 200),
);

traceRoutes.openapi(routes.get, async (c) => {
  const args = { ctx: projectCtxOf(c), input: c.req.valid("param") };
  const summary = c.req.valid("query").spans === "summary";
  return c.json(summary ? await getTraceOutline(args) : await getTraceDetail(args), 200);
});

traceRoutes.openapi(routes.getSpan, async (c) =>
  c.json(await getSpan({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);

traceRoutes.openapi(routes.delete, async (c) => {
  await deleteTrace({ ctx: projectCtxOf(c), input: c.req.valid("param") });
  return c.body(null, 204);
});

traceRoutes.openapi(routes.setTag, async (c) => {
  const input = { ...c.req.valid("param"), value: c.req.valid("json").value };
  return c.json({ tags: await setTraceTag({ ctx: projectCtxOf(c), input }) }, 200);
});

traceRoutes.openapi(routes.removeTag, async (c) => {
  await removeTraceTag({ ctx: projectCtxOf(c), input: c.req.valid("param") });
  return c.body(null, 204);
});
