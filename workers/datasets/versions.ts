import { and, desc, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { datasetRecords, datasetVersions } from "../../schema";
import type { ProjectContext } from "../auth/context";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { ApiError } from "../lib/errors";
import { changeDataset, closeStatement, type DatasetRow } from "./changes";
import { recordView, versionToRead } from "./record-service";
import type { DiffQuery, DiffView, VersionView } from "./schemas";
import { getDatasetInProject } from "./service";

const iso = (ms: number) => new Date(ms).toISOString();

export async function listVersions({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { datasetId: string; cursor?: string | undefined; limit: number };
}): Promise<{ versions: VersionView[]; nextCursor: string | null }> {
  const dataset = await getDatasetInProject(ctx, input.datasetId);
  const after = decodeCursor(z.object({ v: z.number().int() }), input.cursor);
  const rows = await ctx.db
    .select()
    .from(datasetVersions)
    .where(
      and(
        eq(datasetVersions.datasetId, dataset.id),
        after ? lt(datasetVersions.version, after.v) : undefined,
      ),
    )
    .orderBy(desc(datasetVersions.version))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    versions: page.map((v) => ({
      version: v.version,
      kind: v.kind as VersionView["kind"],
      message: v.message,
      createdBy: v.createdByLabel,
      createdAt: iso(v.createdAt),
      inserted: v.inserted,
      updated: v.updated,
      deleted: v.deleted,
      recordCount: v.recordCount,
    })),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ v: last.version }) : null,
  };
}

/** The records whose state differs between versions `lo` < `hi`: a state began or ended in (lo, hi]. */
const touched = (datasetId: string, lo: number, hi: number) => sql`
  select record_id from dataset_records where dataset_id = ${datasetId} and from_version > ${lo} and from_version <= ${hi}
  union
  select record_id from dataset_records where dataset_id = ${datasetId} and to_version > ${lo} and to_version <= ${hi}`;

/**
 * What changed from version `from` to version `to` (either order): each record added, removed or
 * changed, with its state before and after, in record order and paged; and the counts.
 */
export async function diffVersions({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { datasetId: string; query: DiffQuery };
}): Promise<DiffView> {
  const dataset = await getDatasetInProject(ctx, input.datasetId);
  const { limit } = input.query;
  const to = versionToRead(dataset, input.query.to);
  const from = versionToRead(dataset, input.query.from ?? Math.max(0, to - 1));
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  const after = decodeCursor(z.object({ id: z.string() }), input.query.cursor);
  const stateAt = (n: number, alias: string) =>
    sql.raw(
      `(select ${alias}.rowid from dataset_records ${alias} where ${alias}.dataset_id = t.dataset_id and ${alias}.record_id = t.record_id and ${alias}.from_version <= ${n} and (${alias}.to_version is null or ${alias}.to_version > ${n}))`,
    );
  const pairs = sql`select t.record_id as record_id, ${stateAt(from, "a")} as before_row, ${stateAt(to, "b")} as after_row
    from (select ${dataset.id} as dataset_id, record_id from (${touched(dataset.id, lo, hi)})) t`;
  const changed = sql`select * from (${pairs}) where before_row is not after_row`;
  const pageRows = (await ctx.db.all(
    sql`select record_id, before_row, after_row from (${changed}) where record_id > ${after?.id ?? ""} order by record_id limit ${sql.raw(String(limit + 1))}`,
  )) as { record_id: string; before_row: number | null; after_row: number | null }[];
  const [countRow] = (await ctx.db.all(
    sql`select sum(before_row is null) as added, sum(after_row is null) as removed, sum(before_row is not null and after_row is not null) as changed from (${changed})`,
  )) as { added: number | null; removed: number | null; changed: number | null }[];
  const page = pageRows.slice(0, limit);
  const rowIds = page.flatMap((p) => [p.before_row, p.after_row]).filter((id): id is number => id !== null);
  const states =
    rowIds.length === 0
      ? []
      : await ctx.db
          .select({ rowid: sql<number>`rowid`, row: datasetRecords })
          .from(datasetRecords)
          .where(sql`rowid in (select value from json_each(${JSON.stringify(rowIds)}))`);
  const byRowid = new Map(states.map((s) => [s.rowid, recordView(s.row)]));
  const last = page.at(-1);
  return {
    from,
    to,
    counts: { added: countRow?.added ?? 0, removed: countRow?.removed ?? 0, changed: countRow?.changed ?? 0 },
    changes: page.map((p) => ({
      change: p.before_row === null ? "added" : p.after_row === null ? "removed" : "changed",
      recordId: p.record_id,
      before: p.before_row === null ? null : (byRowid.get(p.before_row) ?? null),
      after: p.after_row === null ? null : (byRowid.get(p.after_row) ?? null),
    })),
    nextCursor: pageRows.length > limit && last ? encodeCursor({ id: last.record_id }) : null,
  };
}

/**
 * Makes a new version equal to version `v`: the current states that were not in `v` end, and the
 * states of `v` that ended since come back (as new states of the same records).
 */
export async function restoreVersion({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { datasetId: string; version: number; message?: string | undefined };
}) {
  const dataset: DatasetRow = await getDatasetInProject(ctx, input.datasetId);
  const v = input.version;
  versionToRead(dataset, v);
  if (v === dataset.version)
    throw new ApiError("CONFLICT", `Version ${v} is the current version already; nothing to restore.`);
  const n = dataset.version;
  // Current states not in v (live, begun after v), and v's states that ended by n.
  const leaving = (
    await ctx.db
      .select({ id: datasetRecords.recordId })
      .from(datasetRecords)
      .where(and(eq(datasetRecords.datasetId, dataset.id), sql`to_version is null and from_version > ${v}`))
  ).map((r) => r.id);
  const returning = (
    await ctx.db
      .select({ id: datasetRecords.recordId })
      .from(datasetRecords)
      .where(
        and(
          eq(datasetRecords.datasetId, dataset.id),
          sql`from_version <= ${v} and to_version > ${v} and to_version <= ${n}`,
        ),
      )
  ).map((r) => r.id);
  const leavingSet = new Set(leaving);
  const updated = returning.filter((id) => leavingSet.has(id)).length;
  const counts = {
    inserted: returning.length - updated,
    updated,
    deleted: leaving.length - updated,
    unchanged: 0,
  };
  const message = input.message ?? `Restored version ${v}`;
  const result = await changeDataset(ctx, dataset, "restore", message, async (p) => ({
    statements: [
      ...(leaving.length > 0 ? [closeStatement(ctx, dataset.id, p, leaving)] : []),
      ...(returning.length > 0
        ? [
            ctx.db.run(sql`insert into dataset_records (dataset_id, record_id, from_version, to_version, inputs_hash, inputs,
                expectations, outputs, tags, source_type, source_id, created_by, created_at, updated_by, updated_at)
              select dataset_id, record_id, ${p}, null, inputs_hash, inputs, expectations, outputs, tags, source_type,
                source_id, created_by, created_at, updated_by, updated_at
              from dataset_records where dataset_id = ${dataset.id} and from_version <= ${v} and to_version > ${v}
                and to_version <= ${n}`),
          ]
        : []),
    ],
    counts,
  }));
  return {
    version: result.version,
    inserted: counts.inserted,
    updated: counts.updated,
    deleted: counts.deleted,
  };
}
