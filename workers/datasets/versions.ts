import { and, desc, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { datasetRecords, datasetVersions } from "../../schema";
import type { ProjectContext } from "../auth/context";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { ApiError } from "../lib/errors";
import { isoTime } from "../lib/time";
import { changeDataset, closeStatement, type DatasetRow } from "./changes";
import { recordView, versionToRead } from "./record-service";
import type { DiffQuery, DiffView, VersionView } from "./schemas";
import { getDatasetInProject } from "./service";

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
      createdAt: isoTime(v.createdAt),
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
  // Each touched record's state at `from` and at `to`; it changed when one is missing or their contents differ.
  const valid = (alias: string, n: number) =>
    sql.raw(`${alias}.from_version <= ${n} and (${alias}.to_version is null or ${alias}.to_version > ${n})`);
  const changed = sql`select t.record_id as record_id, b.rowid as before_row, a.rowid as after_row
    from (${touched(dataset.id, lo, hi)}) t
    left join dataset_records b on b.dataset_id = ${dataset.id} and b.record_id = t.record_id and ${valid("b", from)}
    left join dataset_records a on a.dataset_id = ${dataset.id} and a.record_id = t.record_id and ${valid("a", to)}
    where (b.rowid is not null or a.rowid is not null) and (b.rowid is null or a.rowid is null or b.inputs is not a.inputs or b.expectations is not a.expectations
      or b.outputs is not a.outputs or b.tags is not a.tags)`;
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
  // Current states not in v (live, begun after v) and v's states that ended by n, leaving out the
  // records whose state in v has the same contents as their current one (nothing to restore).
  const same = (x: string, y: string) =>
    sql.raw(
      `${x}.inputs is ${y}.inputs and ${x}.expectations is ${y}.expectations and ${x}.outputs is ${y}.outputs and ${x}.tags is ${y}.tags`,
    );
  const leaving = (
    (await ctx.db.all(sql`select c.record_id as id from dataset_records c where c.dataset_id = ${dataset.id}
      and c.to_version is null and c.from_version > ${v}
      and not exists (select 1 from dataset_records o where o.dataset_id = c.dataset_id and o.record_id = c.record_id
        and o.from_version <= ${v} and o.to_version > ${v} and ${same("o", "c")})`)) as { id: string }[]
  ).map((r) => r.id);
  const returning = (
    (await ctx.db.all(sql`select o.record_id as id from dataset_records o where o.dataset_id = ${dataset.id}
      and o.from_version <= ${v} and o.to_version > ${v} and o.to_version <= ${n}
      and not exists (select 1 from dataset_records c where c.dataset_id = o.dataset_id and c.record_id = o.record_id
        and c.to_version is null and ${same("o", "c")})`)) as { id: string }[]
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
                and to_version <= ${n} and record_id in (select value from json_each(${JSON.stringify(returning)}))`),
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
