import { OpenAPIHono, z } from "@hono/zod-openapi";
import { projectCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { defineRoute } from "../http/route";
import { deleteRecords, editRecord, listRecords, mergeRecords } from "./record-service";
import {
  DatasetInput,
  DatasetListQuery,
  DatasetParams,
  DatasetPatch,
  DatasetSchema,
  DeleteInput,
  MergeInput,
  MergeResult,
  ProjectParams,
  RecordListQuery,
  RecordPage,
  RecordParams,
  RecordPatch,
  RecordSchema,
} from "./schemas";
import { createDataset, deleteDataset, getDataset, listDatasets, updateDataset } from "./service";

const tags = ["Datasets"];
const base = "/api/v1/projects/{projectId}/datasets";
const read = { level: "project", permission: "project:read" } as const;
const write = { level: "project", permission: "project:write" } as const;

const routes = {
  list: defineRoute(read, {
    method: "get",
    path: base,
    tags,
    summary: "List datasets",
    description: "Searched by name, sorted (`updated` newest first by default), paged by `nextCursor`.",
    request: { params: ProjectParams, query: DatasetListQuery },
    responses: {
      200: jsonResponse(
        "The datasets.",
        z.object({ datasets: z.array(DatasetSchema), nextCursor: z.string().nullable() }),
      ),
      ...errorResponses("INVALID_INPUT"),
    },
  }),
  create: defineRoute(write, {
    method: "post",
    path: base,
    tags,
    summary: "Create a dataset",
    description: "At version 0, without records.",
    request: { params: ProjectParams, body: jsonBody(DatasetInput) },
    responses: {
      201: jsonResponse("The dataset.", DatasetSchema),
      ...BODY_ERRORS,
      ...errorResponses("CONFLICT"),
    },
  }),
  get: defineRoute(read, {
    method: "get",
    path: `${base}/{datasetId}`,
    tags,
    summary: "Get a dataset",
    request: { params: DatasetParams },
    responses: { 200: jsonResponse("The dataset.", DatasetSchema) },
  }),
  update: defineRoute(write, {
    method: "patch",
    path: `${base}/{datasetId}`,
    tags,
    summary: "Rename, describe or tag a dataset",
    description: "Not a version: the records are unchanged.",
    request: { params: DatasetParams, body: jsonBody(DatasetPatch) },
    responses: {
      200: jsonResponse("The dataset.", DatasetSchema),
      ...BODY_ERRORS,
      ...errorResponses("CONFLICT"),
    },
  }),
  remove: defineRoute(write, {
    method: "delete",
    path: `${base}/{datasetId}`,
    tags,
    summary: "Delete a dataset",
    description: "Hidden at once and its name free; audited. What used one of its versions still reads it.",
    request: { params: DatasetParams },
    responses: { 204: { description: "Deleted." } },
  }),
  records: defineRoute(read, {
    method: "get",
    path: `${base}/{datasetId}/records`,
    tags,
    summary: "List a version's records",
    description:
      "In the order records were first added; `version` defaults to the current one. `search` matches text in inputs " +
      "and expectations; `tag=key:value` (repeatable) and `source` filter. Page with `cursor`, or jump with `page`.",
    request: { params: DatasetParams, query: RecordListQuery },
    responses: { 200: jsonResponse("A page of records.", RecordPage), ...errorResponses("INVALID_INPUT") },
  }),
  merge: defineRoute(write, {
    method: "post",
    path: `${base}/{datasetId}/records`,
    tags,
    summary: "Merge records",
    description:
      "Up to 1,000 records, matched on their canonical inputs: a match's outputs are replaced when given and its " +
      "expectations and tags merged key by key; the rest are inserted. One new version, none when nothing changed.",
    request: { params: DatasetParams, body: jsonBody(MergeInput) },
    responses: {
      200: jsonResponse("The counts and version.", MergeResult),
      ...BODY_ERRORS,
      ...errorResponses("CONFLICT"),
    },
  }),
  edit: defineRoute(write, {
    method: "patch",
    path: `${base}/{datasetId}/records/{recordId}`,
    tags,
    summary: "Edit a record",
    description: "Replaces the fields given, as a new version; the record keeps its id.",
    request: { params: RecordParams, body: jsonBody(RecordPatch) },
    responses: {
      200: jsonResponse(
        "The version and record.",
        z.object({ version: z.number().int(), record: RecordSchema }),
      ),
      ...BODY_ERRORS,
      ...errorResponses("CONFLICT"),
    },
  }),
  deleteRecords: defineRoute(write, {
    method: "post",
    path: `${base}/{datasetId}/records/delete`,
    tags,
    summary: "Delete records",
    description: "All the ids given (current records), or none; one new version.",
    request: { params: DatasetParams, body: jsonBody(DeleteInput) },
    responses: {
      200: jsonResponse("The version.", z.object({ version: z.number().int(), deleted: z.number().int() })),
      ...BODY_ERRORS,
      ...errorResponses("CONFLICT"),
    },
  }),
};

export const datasetRoutes = new OpenAPIHono<HonoEnv>();

datasetRoutes.openapi(routes.list, async (c) =>
  c.json(await listDatasets({ ctx: projectCtxOf(c), input: c.req.valid("query") }), 200),
);
datasetRoutes.openapi(routes.create, async (c) =>
  c.json(await createDataset({ ctx: projectCtxOf(c), input: c.req.valid("json") }), 201),
);
datasetRoutes.openapi(routes.get, async (c) =>
  c.json(await getDataset({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);
datasetRoutes.openapi(routes.update, async (c) => {
  const input = { datasetId: c.req.valid("param").datasetId, patch: c.req.valid("json") };
  return c.json(await updateDataset({ ctx: projectCtxOf(c), input }), 200);
});
datasetRoutes.openapi(routes.remove, async (c) => {
  await deleteDataset({ ctx: projectCtxOf(c), input: c.req.valid("param") });
  return c.body(null, 204);
});
datasetRoutes.openapi(routes.records, async (c) => {
  const input = { datasetId: c.req.valid("param").datasetId, query: c.req.valid("query") };
  return c.json(await listRecords({ ctx: projectCtxOf(c), input }), 200);
});
datasetRoutes.openapi(routes.merge, async (c) => {
  const input = { datasetId: c.req.valid("param").datasetId, merge: c.req.valid("json") };
  return c.json(await mergeRecords({ ctx: projectCtxOf(c), input }), 200);
});
datasetRoutes.openapi(routes.edit, async (c) => {
  const { datasetId, recordId } = c.req.valid("param");
  const input = { datasetId, recordId, patch: c.req.valid("json") };
  const { dbMs, ...edited } = await editRecord({ ctx: projectCtxOf(c), input });
  c.header("Server-Timing", `db;dur=${dbMs.toFixed(1)}`);
  return c.json(edited, 200);
});
datasetRoutes.openapi(routes.deleteRecords, async (c) => {
  const input = { datasetId: c.req.valid("param").datasetId, delete: c.req.valid("json") };
  return c.json(await deleteRecords({ ctx: projectCtxOf(c), input }), 200);
});
