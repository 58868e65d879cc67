import { and, asc, desc, eq, gt, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { datasetImports, datasets } from "../../schema";
import { actorRef, auditData, type ProjectContext, type ProjectScope } from "../auth/context";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { findFirst, isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { isoTime } from "../lib/time";
import type { DatasetRow } from "./changes";
import type { DatasetInput, DatasetListQuery, DatasetPatch, DatasetView } from "./schemas";

const nameTaken = (name: string) =>
  new ApiError("CONFLICT", `The project already has a dataset named "${name}"; choose another name.`);

export async function datasetView(ctx: ProjectScope, row: DatasetRow): Promise<DatasetView> {
  const importing =
    row.openImportId === null
      ? null
      : ((await findFirst(ctx.db, datasetImports, eq(datasetImports.id, row.openImportId))) ?? null);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tags: row.tags,
    version: row.version,
    recordCount: row.recordCount,
    createdBy: row.createdByLabel,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
    lastUsedAt: row.lastUsedAt === null ? null : isoTime(row.lastUsedAt),
    importing: importing && { id: importing.id, format: importing.format, accepted: importing.accepted },
  };
}

/** One of the project's datasets (not deleted), or 404. */
export async function getDatasetInProject(ctx: ProjectScope, datasetId: string): Promise<DatasetRow> {
  const row = await findFirst(
    ctx.db,
    datasets,
    and(eq(datasets.id, datasetId), eq(datasets.projectId, ctx.project.id), isNull(datasets.deletedAt)),
  );
  if (!row) throw ApiError.notFound("Dataset");
  return row;
}

export async function createDataset({ ctx, input }: { ctx: ProjectContext; input: DatasetInput }) {
  const now = ctx.services.clock.now();
  const row: DatasetRow = {
    id: ctx.services.ids("dataset"),
    orgId: ctx.org.id,
    projectId: ctx.project.id,
    name: input.name,
    description: input.description ?? "",
    tags: input.tags ?? {},
    version: 0,
    recordCount: 0,
    openImportId: null,
    createdBy: actorRef(ctx),
    createdByLabel: ctx.actor.label,
    createdAt: now,
    updatedAt: now,
    lastUsedAt: null,
    deletedAt: null,
  };
  try {
    await ctx.db.insert(datasets).values(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(input.name);
    throw err;
  }
  return datasetView(ctx, row);
}

export async function getDataset({ ctx, input }: { ctx: ProjectContext; input: { datasetId: string } }) {
  return datasetView(ctx, await getDatasetInProject(ctx, input.datasetId));
}

const listCursor = z.object({ k: z.union([z.string(), z.number()]), id: z.string() });

/** The project's datasets, searched by name, sorted, paged by a cursor. */
export async function listDatasets({ ctx, input }: { ctx: ProjectContext; input: DatasetListQuery }) {
  const order = input.order ?? (input.sort === "name" ? "asc" : "desc");
  const column = { name: datasets.name, updated: datasets.updatedAt, created: datasets.createdAt }[
    input.sort
  ];
  const after = decodeCursor(listCursor, input.cursor);
  const where: (SQL | undefined)[] = [eq(datasets.projectId, ctx.project.id), isNull(datasets.deletedAt)];
  if (input.search) where.push(sql`instr(lower(${datasets.name}), ${input.search.toLowerCase()}) > 0`);
  if (after) {
    const past = order === "asc" ? gt : lt;
    where.push(or(past(column, after.k), and(eq(column, after.k), past(datasets.id, after.id))));
  }
  const by = order === "asc" ? asc : desc;
  const rows = await ctx.db
    .select()
    .from(datasets)
    .where(and(...where))
    .orderBy(by(column), by(datasets.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    datasets: await Promise.all(page.map((r) => datasetView(ctx, r))),
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor({
            k: { name: last.name, updated: last.updatedAt, created: last.createdAt }[input.sort],
            id: last.id,
          })
        : null,
  };
}

/** Renames, describes or tags a dataset: not a version (records are unchanged). */
export async function updateDataset({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { datasetId: string; patch: DatasetPatch };
}) {
  const row = await getDatasetInProject(ctx, input.datasetId);
  const next = { ...row, ...input.patch, updatedAt: ctx.services.clock.now() };
  try {
    await ctx.db
      .update(datasets)
      .set({ name: next.name, description: next.description, tags: next.tags, updatedAt: next.updatedAt })
      .where(eq(datasets.id, row.id));
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken(next.name);
    throw err;
  }
  return datasetView(ctx, next);
}

/**
 * Deletes a dataset: hidden at once and its name free, audited. Its records stay, so what used a
 * version of it (evaluation runs) still reads that version; the project's purge removes them.
 */
export async function deleteDataset({ ctx, input }: { ctx: ProjectContext; input: { datasetId: string } }) {
  const row = await getDatasetInProject(ctx, input.datasetId);
  const now = ctx.services.clock.now();
  await ctx.db.batch([
    ctx.db
      .update(datasets)
      .set({ deletedAt: now, openImportId: null, updatedAt: now })
      .where(eq(datasets.id, row.id)),
    ctx.db
      .update(datasetImports)
      .set({ status: "aborted" })
      .where(and(eq(datasetImports.datasetId, row.id), eq(datasetImports.status, "open"))),
    auditData(
      ctx,
      "dataset.delete",
      { type: "dataset", id: row.id, label: row.name },
      { version: row.version, records: row.recordCount },
    ),
  ]);
}
