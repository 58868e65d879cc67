import { and, asc, eq, gt, isNull, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { datasetRecords } from "../../schema";
import { actorRef, type ProjectContext, type ProjectScope } from "../auth/context";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { ApiError } from "../lib/errors";
import { readStoredJson, stringifyWellFormed } from "../lib/json-input";
import { isoTime } from "../lib/time";
import { changeDataset, closeStatement, type DatasetRow, mergeStatements, validAt } from "./changes";
import { draftOf, inputsHash, type RecordSource, type SourceType } from "./records";
import type { DeleteInput, MergeInput, RecordListQuery, RecordPatch, RecordView } from "./schemas";
import { getDatasetInProject } from "./service";

type RecordRow = typeof datasetRecords.$inferSelect;

export function recordView(row: RecordRow): RecordView {
  return {
    id: row.recordId,
    inputs: readStoredJson(row.inputs) as Record<string, unknown>,
    expectations: readStoredJson(row.expectations) as Record<string, unknown>,
    outputs: readStoredJson(row.outputs) ?? null,
    tags: readStoredJson(row.tags) as Record<string, string>,
    source: { type: row.sourceType as SourceType, id: row.sourceId },
    createdBy: row.createdBy,
    createdAt: isoTime(row.createdAt),
    updatedBy: row.updatedBy,
    updatedAt: isoTime(row.updatedAt),
  };
}

/** A dataset's version to read: the current one unless asked, never one not yet written. */
export function versionToRead(dataset: DatasetRow, asked: number | undefined): number {
  if (asked === undefined) return dataset.version;
  if (asked > dataset.version)
    throw new ApiError(
      "NOT_FOUND",
      `Dataset ${dataset.id} has no version ${asked}; its current version is ${dataset.version}.`,
    );
  return asked;
}

/**
 * The rows of version `n` of the dataset. The current version with no import open is the live
 * states (a partial index in record order); any other reads the version ranges.
 */
export function statesAt(dataset: DatasetRow, n: number): SQL {
  const live = n === dataset.version && dataset.openImportId === null;
  return and(
    eq(datasetRecords.datasetId, dataset.id),
    live ? isNull(datasetRecords.toVersion) : validAt(n),
  ) as SQL;
}

const cursorSchema = z.object({ id: z.string() });

export async function listRecords({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { datasetId: string; query: RecordListQuery };
}) {
  const dataset = await getDatasetInProject(ctx, input.datasetId);
  const q = input.query;
  const n = versionToRead(dataset, q.version);
  const filters: SQL[] = [statesAt(dataset, n)];
  if (q.search) {
    const needle = q.search.toLowerCase();
    filters.push(
      sql`(instr(lower(${datasetRecords.inputs}), ${needle}) > 0 or instr(lower(${datasetRecords.expectations}), ${needle}) > 0)`,
    );
  }
  for (const tag of q.tag ?? []) {
    const at = tag.indexOf(":");
    filters.push(
      sql`exists (select 1 from json_each(${datasetRecords.tags}) where key = ${tag.slice(0, at)} and value = ${tag.slice(at + 1)})`,
    );
  }
  if (q.source) filters.push(eq(datasetRecords.sourceType, q.source));
  const unfiltered = filters.length === 1;
  const after = decodeCursor(cursorSchema, q.cursor);
  const where = after ? and(...filters, gt(datasetRecords.recordId, after.id)) : and(...filters);
  const offset = !after && q.page ? (q.page - 1) * q.limit : 0;
  const [rows, total] = await Promise.all([
    ctx.db
      .select()
      .from(datasetRecords)
      .where(where)
      .orderBy(asc(datasetRecords.recordId))
      .limit(q.limit + 1)
      .offset(offset),
    unfiltered && n === dataset.version
      ? Promise.resolve(dataset.recordCount)
      : ctx.db
          .select({ n: sql<number>`count(*)` })
          .from(datasetRecords)
          .where(and(...filters))
          .then((r) => r[0]?.n ?? 0),
  ]);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    records: page.map(recordView),
    version: n,
    total,
    nextCursor: rows.length > q.limit && last ? encodeCursor({ id: last.recordId }) : null,
  };
}

/** Where a change's records come from when the request does not say: its credential. */
export function sourceOf(ctx: ProjectScope): RecordSource {
  return ctx.actor.type === "user" ? { type: "human", id: ctx.actor.id } : { type: "code", id: ctx.actor.id };
}

/** Merges records into the dataset as one version (none when nothing changed). */
export async function mergeRecords({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { datasetId: string; merge: MergeInput };
}) {
  const dataset = await getDatasetInProject(ctx, input.datasetId);
  const drafts = await Promise.all(input.merge.records.map((r) => draftOf(r, sourceOf(ctx))));
  const { version, counts } = await changeDataset(ctx, dataset, "merge", input.merge.message ?? "", (p) =>
    mergeStatements(ctx, dataset.id, p, drafts),
  );
  return { version, inserted: counts.inserted, updated: counts.updated, unchanged: counts.unchanged };
}

async function currentState(ctx: ProjectScope, dataset: DatasetRow, recordId: string): Promise<RecordRow> {
  const [row] = await ctx.db
    .select()
    .from(datasetRecords)
    .where(
      and(
        eq(datasetRecords.datasetId, dataset.id),
        eq(datasetRecords.recordId, recordId),
        validAt(dataset.version),
      ),
    )
    .limit(1);
  if (!row) throw ApiError.notFound("Record");
  return row;
}

/** Replaces the given fields of one record as a new version. */
export async function editRecord({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { datasetId: string; recordId: string; patch: RecordPatch };
}) {
  const dataset = await getDatasetInProject(ctx, input.datasetId);
  // The version's database time (reading the record, the inputs check, the write), for Server-Timing.
  const started = performance.now();
  const old = await currentState(ctx, dataset, input.recordId);
  const { message, ...patch } = input.patch;
  const now = ctx.services.clock.now();
  const next: RecordRow = {
    ...old,
    toVersion: null,
    inputs: patch.inputs === undefined ? old.inputs : stringifyWellFormed(patch.inputs),
    inputsHash: patch.inputs === undefined ? old.inputsHash : await inputsHash(patch.inputs),
    expectations:
      patch.expectations === undefined ? old.expectations : stringifyWellFormed(patch.expectations),
    outputs:
      patch.outputs === undefined
        ? old.outputs
        : patch.outputs === null
          ? null
          : stringifyWellFormed(patch.outputs),
    tags: patch.tags === undefined ? old.tags : stringifyWellFormed(patch.tags),
    updatedBy: actorRef(ctx),
    updatedAt: now,
  };
  const same =
    next.inputs === old.inputs &&
    next.expectations === old.expectations &&
    next.outputs === old.outputs &&
    next.tags === old.tags;
  if (next.inputsHash !== old.inputsHash) {
    const [twin] = await ctx.db
      .select({ id: datasetRecords.recordId })
      .from(datasetRecords)
      .where(
        and(
          eq(datasetRecords.datasetId, dataset.id),
          isNull(datasetRecords.toVersion),
          eq(datasetRecords.inputsHash, next.inputsHash),
        ),
      )
      .limit(1);
    if (twin)
      throw new ApiError(
        "CONFLICT",
        `Record ${twin.id} of this dataset already has these inputs; edit that record, or merge into it.`,
      );
  }
  const { version } = await changeDataset(ctx, dataset, "edit", message ?? "", async (p) => ({
    statements: same
      ? []
      : [
          closeStatement(ctx, dataset.id, p, [old.recordId]),
          ctx.db.insert(datasetRecords).values({ ...next, fromVersion: p }),
        ],
    counts: { inserted: 0, updated: same ? 0 : 1, deleted: 0, unchanged: same ? 1 : 0 },
  }));
  return { version, record: recordView(next), dbMs: performance.now() - started };
}

/** Deletes records (all of them current, or none) as a new version. */
export async function deleteRecords({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { datasetId: string; delete: DeleteInput };
}) {
  const dataset = await getDatasetInProject(ctx, input.datasetId);
  const ids = input.delete.ids;
  const found = await ctx.db
    .select({ id: datasetRecords.recordId })
    .from(datasetRecords)
    .where(
      and(
        statesAt(dataset, dataset.version),
        sql`${datasetRecords.recordId} in (select value from json_each(${JSON.stringify(ids)}))`,
      ),
    );
  const known = new Set(found.map((r) => r.id));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length > 0)
    throw new ApiError(
      "NOT_FOUND",
      `The dataset's current version has no record ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ""}; nothing was deleted.`,
    );
  const { version } = await changeDataset(ctx, dataset, "delete", input.delete.message ?? "", async (p) => ({
    statements: [closeStatement(ctx, dataset.id, p, ids)],
    counts: { inserted: 0, updated: 0, deleted: ids.length, unchanged: 0 },
  }));
  return { version, deleted: ids.length };
}
