import { OpenAPIHono, z } from "@hono/zod-openapi";
import { projectCtxOf } from "../http/context";
import type { HonoEnv } from "../http/hono-env";
import { BODY_ERRORS, errorResponses, jsonBody, jsonResponse } from "../http/openapi";
import { defineRoute } from "../http/route";
import { exportDataset } from "./export-service";
import { startFromTraces } from "./from-traces-start";
import {
  abortImportRoute,
  chunkRoute,
  commitImportRoute,
  getImportRoute,
  openImportRoute,
} from "./import-service";
import { MAX_CHUNK_BYTES, MAX_CHUNK_RECORDS } from "./parse";
import {
  ChunkParams,
  ChunkQuery,
  ChunkResult,
  DatasetParams,
  DiffQuery,
  DiffSchema,
  ExportQuery,
  FromTracesInput,
  ImportOpenInput,
  ImportParams,
  ImportSchema,
  MessageInput,
  PageQuery,
  VersionParams,
  VersionSchema,
} from "./schemas";
import { diffVersions, listVersions, restoreVersion } from "./versions";

const tags = ["Datasets"];
const base = "/api/v1/projects/{projectId}/datasets/{datasetId}";
const read = { level: "project", permission: "project:read" } as const;
const write = { level: "project", permission: "project:write" } as const;

const routes = {
  versions: defineRoute(read, {
    method: "get",
    path: `${base}/versions`,
    tags,
    summary: "List a dataset's versions",
    description: "Newest first, each with its kind, message, author and counts.",
    request: { params: DatasetParams, query: PageQuery },
    responses: {
      200: jsonResponse(
        "The versions.",
        z.object({ versions: z.array(VersionSchema), nextCursor: z.string().nullable() }),
      ),
      ...errorResponses("INVALID_INPUT"),
    },
  }),
  diff: defineRoute(read, {
    method: "get",
    path: `${base}/diff`,
    tags,
    summary: "Compare two versions",
    description:
      "Records added, removed and changed from `from` to `to`, with their states before and after, paged.",
    request: { params: DatasetParams, query: DiffQuery },
    responses: { 200: jsonResponse("The differences.", DiffSchema), ...errorResponses("INVALID_INPUT") },
  }),
  restore: defineRoute(write, {
    method: "post",
    path: `${base}/versions/{version}/restore`,
    tags,
    summary: "Restore a version",
    description: "Makes a new version equal to this one.",
    request: { params: VersionParams, body: jsonBody(MessageInput) },
    responses: {
      200: jsonResponse(
        "The new version and what it changed.",
        z.object({
          version: z.number().int(),
          inserted: z.number().int(),
          updated: z.number().int(),
          deleted: z.number().int(),
        }),
      ),
      ...BODY_ERRORS,
      ...errorResponses("CONFLICT"),
    },
  }),
  openImport: defineRoute(write, {
    method: "post",
    path: `${base}/imports`,
    tags,
    summary: "Open an import session",
    description:
      `A file in chunks (≤ ${MAX_CHUNK_RECORDS} records, ≤ 5 MB each), committed as one version. One session per ` +
      "dataset at a time; other changes answer 409 while it is open. CSV: give the header row as `columns`.",
    request: { params: DatasetParams, body: jsonBody(ImportOpenInput) },
    responses: {
      201: jsonResponse("The session.", ImportSchema),
      ...BODY_ERRORS,
      ...errorResponses("CONFLICT"),
    },
  }),
  getImport: defineRoute(read, {
    method: "get",
    path: `${base}/imports/{importId}`,
    tags,
    summary: "Get an import",
    description: "Its progress, counts and the first 1,000 rejected rows by line.",
    request: { params: ImportParams },
    responses: { 200: jsonResponse("The import.", ImportSchema) },
  }),
  chunk: defineRoute(write, {
    method: "put",
    path: `${base}/imports/{importId}/chunks/{seq}`,
    tags,
    summary: "Send a chunk of an import",
    description:
      "The chunk as text (whole lines or rows). Bad rows are rejected with their line (`firstLine` + offset) and " +
      "reason; the good rows are kept. Sending a `seq` again answers its first result and writes nothing.",
    request: {
      params: ChunkParams,
      query: ChunkQuery,
      body: { content: { "text/plain": { schema: z.string() } }, required: true },
    },
    responses: {
      200: jsonResponse("What the chunk did.", ChunkResult),
      ...BODY_ERRORS,
      ...errorResponses("CONFLICT", "PAYLOAD_TOO_LARGE"),
    },
  }),
  commit: defineRoute(write, {
    method: "post",
    path: `${base}/imports/{importId}/commit`,
    tags,
    summary: "Commit an import",
    description: "Its records become the dataset's next version (none when it changed nothing).",
    request: { params: ImportParams, body: jsonBody(MessageInput) },
    responses: {
      200: jsonResponse("The import.", ImportSchema),
      ...BODY_ERRORS,
      ...errorResponses("CONFLICT"),
    },
  }),
  abort: defineRoute(write, {
    method: "delete",
    path: `${base}/imports/{importId}`,
    tags,
    summary: "Abort an import",
    description: "Drops what an open session wrote; the dataset is as before.",
    request: { params: ImportParams },
    responses: { 204: { description: "Aborted." }, ...errorResponses("CONFLICT") },
  }),
  fromTraces: defineRoute(write, {
    method: "post",
    path: `${base}/from-traces`,
    tags,
    summary: "Add traces to a dataset",
    description:
      "Up to 1,000 traces by id, or up to 10,000 matching a trace-list filter, as a background import: each trace's " +
      "inputs and outputs (the preview rule) and its expectations. Poll the import for progress.",
    request: { params: DatasetParams, body: jsonBody(FromTracesInput) },
    responses: {
      202: jsonResponse("The import.", ImportSchema),
      ...BODY_ERRORS,
      ...errorResponses("CONFLICT"),
    },
  }),
  export: defineRoute(read, {
    method: "get",
    path: `${base}/export`,
    tags,
    summary: "Export a version",
    description: "JSONL (one record per line) or CSV (the import's header convention), streamed.",
    request: { params: DatasetParams, query: ExportQuery },
    responses: {
      200: {
        description: "The records.",
        content: { "application/x-ndjson": { schema: z.string() }, "text/csv": { schema: z.string() } },
      },
      ...errorResponses("INVALID_INPUT"),
    },
  }),
};

export const datasetVersionRoutes = new OpenAPIHono<HonoEnv>();

datasetVersionRoutes.openapi(routes.versions, async (c) => {
  const input = { datasetId: c.req.valid("param").datasetId, ...c.req.valid("query") };
  return c.json(await listVersions({ ctx: projectCtxOf(c), input }), 200);
});
datasetVersionRoutes.openapi(routes.diff, async (c) => {
  const input = { datasetId: c.req.valid("param").datasetId, query: c.req.valid("query") };
  return c.json(await diffVersions({ ctx: projectCtxOf(c), input }), 200);
});
datasetVersionRoutes.openapi(routes.restore, async (c) => {
  const { datasetId, version } = c.req.valid("param");
  const input = { datasetId, version, message: c.req.valid("json").message };
  return c.json(await restoreVersion({ ctx: projectCtxOf(c), input }), 200);
});
datasetVersionRoutes.openapi(routes.openImport, async (c) => {
  const input = { datasetId: c.req.valid("param").datasetId, open: c.req.valid("json") };
  return c.json(await openImportRoute({ ctx: projectCtxOf(c), input }), 201);
});
datasetVersionRoutes.openapi(routes.getImport, async (c) =>
  c.json(await getImportRoute({ ctx: projectCtxOf(c), input: c.req.valid("param") }), 200),
);
datasetVersionRoutes.openapi(routes.chunk, async (c) => {
  const input = { ...c.req.valid("param"), firstLine: c.req.valid("query").firstLine, body: c.req.raw.body };
  return c.json(await chunkRoute({ ctx: projectCtxOf(c), input, limit: MAX_CHUNK_BYTES }), 200);
});
datasetVersionRoutes.openapi(routes.commit, async (c) => {
  const input = { ...c.req.valid("param"), message: c.req.valid("json").message };
  return c.json(await commitImportRoute({ ctx: projectCtxOf(c), input }), 200);
});
datasetVersionRoutes.openapi(routes.abort, async (c) => {
  await abortImportRoute({ ctx: projectCtxOf(c), input: c.req.valid("param") });
  return c.body(null, 204);
});
datasetVersionRoutes.openapi(routes.fromTraces, async (c) => {
  const input = { datasetId: c.req.valid("param").datasetId, body: c.req.valid("json") };
  return c.json(await startFromTraces({ ctx: projectCtxOf(c), input }), 202);
});
datasetVersionRoutes.openapi(routes.export, async (c) => {
  const { stream, fileName, contentType } = await exportDataset({
    ctx: projectCtxOf(c),
    input: { datasetId: c.req.valid("param").datasetId, ...c.req.valid("query") },
  });
  // zod-openapi types only JSON and text answers; this one is a documented stream.
  return c.body(stream, 200, {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="${fileName}"`,
    "Cache-Control": "no-store",
  }) as never;
});
