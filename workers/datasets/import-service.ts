import type { ProjectContext } from "../auth/context";
import { readCapped } from "../http/body";
import { ApiError } from "../lib/errors";
import {
  abortImport,
  commitImport,
  getImportRow,
  importColumns,
  importView,
  openImport,
  sendChunk,
} from "./imports";
import type { ImportOpenInput } from "./schemas";
import { getDatasetInProject } from "./service";

/** The routes' verbs of import sessions: each checks the dataset is the project's first. */
export async function openImportRoute({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { datasetId: string; open: ImportOpenInput };
}) {
  const dataset = await getDatasetInProject(ctx, input.datasetId);
  const columns = importColumns(input.open);
  const row = await openImport(ctx, dataset, {
    format: input.open.format,
    ...(input.open.fileName === undefined ? {} : { fileName: input.open.fileName }),
    columns,
  });
  return importView(ctx, row);
}

export async function getImportRoute({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { datasetId: string; importId: string };
}) {
  await getDatasetInProject(ctx, input.datasetId);
  return importView(ctx, await getImportRow(ctx, input.datasetId, input.importId));
}

export async function chunkRoute({
  ctx,
  input,
  limit,
}: {
  ctx: ProjectContext;
  input: {
    datasetId: string;
    importId: string;
    seq: number;
    firstLine: number;
    body: ReadableStream<Uint8Array> | null;
  };
  limit: number;
}) {
  const bytes = input.body
    ? await readCapped(
        input.body,
        limit,
        () =>
          new ApiError(
            "PAYLOAD_TOO_LARGE",
            `A chunk is at most ${limit / 1024 / 1024} MB; split the file into smaller chunks.`,
          ),
      )
    : new Uint8Array();
  const text = new TextDecoder().decode(bytes);
  return sendChunk(ctx, { ...input, text });
}

export async function commitImportRoute({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { datasetId: string; importId: string; message?: string | undefined };
}) {
  await getDatasetInProject(ctx, input.datasetId);
  const row = await getImportRow(ctx, input.datasetId, input.importId);
  if (row.format === "traces")
    throw new ApiError("CONFLICT", "A from-traces import commits itself when its job has added every trace.");
  const name = row.fileName ? ` of ${row.fileName}` : "";
  return importView(ctx, await commitImport(ctx, row, input.message ?? `Import${name}`));
}

export async function abortImportRoute({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { datasetId: string; importId: string };
}) {
  await getDatasetInProject(ctx, input.datasetId);
  await abortImport(ctx, await getImportRow(ctx, input.datasetId, input.importId));
}
