import { and, eq, isNull, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { datasetRecords, datasets, datasetVersions } from "../../schema";
import { actorRef, type ProjectScope } from "../auth/context";
import { isNotNullViolation, isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import { stringifyWellFormed } from "../lib/json-input";
import { type Draft, mergedColumns, type StoredState } from "./records";

/**
 * How datasets change. A record's row is one state of it over a range of versions
 * (`from_version` ≤ N < `to_version`, to_version null while current), so a change at version P
 * closes the states it replaces (`to_version = P`) and writes their successors (`from_version =
 * P`): O(changed rows), never a copy. Rows written at P are invisible to readers of the current
 * version (P − 1) until the version row is written and the dataset's version moves to P, in one
 * transaction for a change made by one request, or at an import session's commit.
 */

export type DatasetRow = typeof datasets.$inferSelect;
export type Batch = BatchItem<"sqlite">[];
export type Counts = { inserted: number; updated: number; deleted: number; unchanged: number };
export type VersionKind = "merge" | "edit" | "delete" | "import" | "from_traces" | "restore";

/** Rows valid at version `n`. */
export const validAt = (n: number) =>
  sql`${datasetRecords.fromVersion} <= ${n} and (${datasetRecords.toVersion} is null or ${datasetRecords.toVersion} > ${n})`;

/** Live states (current, or written by the open import) of the given inputs hashes. */
export async function liveByHash(ctx: ProjectScope, datasetId: string, hashes: string[]) {
  if (hashes.length === 0) return new Map<string, StoredState>();
  const rows = await ctx.db
    .select()
    .from(datasetRecords)
    .where(
      and(
        eq(datasetRecords.datasetId, datasetId),
        isNull(datasetRecords.toVersion),
        sql`${datasetRecords.inputsHash} in (select value from json_each(${JSON.stringify(hashes)}))`,
      ),
    );
  return new Map(rows.map((r) => [r.inputsHash, r]));
}

/** Drafts with the same inputs folded in order: later expectations and tags keys win, later outputs replace. */
function fold(drafts: Draft[]): Draft[] {
  const byHash = new Map<string, Draft>();
  for (const d of drafts) {
    const seen = byHash.get(d.hash);
    byHash.set(
      d.hash,
      seen
        ? {
            ...seen,
            expectations: { ...seen.expectations, ...d.expectations },
            tags: { ...seen.tags, ...d.tags },
            outputs: d.outputs === undefined ? seen.outputs : d.outputs,
          }
        : d,
    );
  }
  return [...byHash.values()];
}

const INSERT_ROWS = 200;

/**
 * The statements merging drafts into the dataset at version `p`: a new record where no live state
 * has the same inputs; otherwise the merged successor of the live state (or, for a state this same
 * version wrote, the state itself updated); nothing for a merge that changes nothing.
 */
export async function mergeStatements(ctx: ProjectScope, datasetId: string, p: number, drafts: Draft[]) {
  const folded = fold(drafts);
  const live = await liveByHash(
    ctx,
    datasetId,
    folded.map((d) => d.hash),
  );
  const now = ctx.services.clock.now();
  const by = actorRef(ctx);
  const inserts: (typeof datasetRecords.$inferInsert)[] = [];
  const closes: string[] = [];
  const statements: Batch = [];
  const counts: Counts = { inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
  for (const d of folded) {
    const old = live.get(d.hash);
    const merged = mergedColumns(d, old);
    if (old && merged.same) {
      counts.unchanged++;
      continue;
    }
    const { same: _same, ...columns } = merged;
    if (old && old.fromVersion === p) {
      counts.updated++;
      statements.push(
        ctx.db
          .update(datasetRecords)
          .set({ ...columns, updatedBy: by, updatedAt: now })
          .where(
            and(
              eq(datasetRecords.datasetId, datasetId),
              eq(datasetRecords.recordId, old.recordId),
              eq(datasetRecords.fromVersion, p),
            ),
          ),
      );
      continue;
    }
    if (old) {
      counts.updated++;
      closes.push(old.recordId);
    } else counts.inserted++;
    inserts.push({
      datasetId,
      recordId: old?.recordId ?? ctx.services.ids("datasetRecord"),
      fromVersion: p,
      toVersion: null,
      inputsHash: d.hash,
      inputs: old?.inputs ?? stringifyWellFormed(d.inputs),
      ...columns,
      sourceType: old?.sourceType ?? d.source.type,
      sourceId: old ? old.sourceId : d.source.id,
      createdBy: old?.createdBy ?? by,
      createdAt: old?.createdAt ?? now,
      updatedBy: by,
      updatedAt: now,
    });
  }
  // Closing first: the successor then takes the inputs' place in the live-hash index.
  if (closes.length > 0) statements.unshift(closeStatement(ctx, datasetId, p, closes));
  for (let i = 0; i < inserts.length; i += INSERT_ROWS)
    statements.push(ctx.db.insert(datasetRecords).values(inserts.slice(i, i + INSERT_ROWS)));
  return { statements, counts };
}

/** Closes the current states of `recordIds` at version `p`. */
export function closeStatement(ctx: ProjectScope, datasetId: string, p: number, recordIds: string[]) {
  return ctx.db
    .update(datasetRecords)
    .set({ toVersion: p })
    .where(
      and(
        eq(datasetRecords.datasetId, datasetId),
        isNull(datasetRecords.toVersion),
        sql`${datasetRecords.fromVersion} < ${p}`,
        sql`${datasetRecords.recordId} in (select value from json_each(${JSON.stringify(recordIds)}))`,
      ),
    );
}

/**
 * The version row of version `p`, guarded: its version is null — and the batch fails on the NOT
 * NULL constraint — unless the dataset is still at `p − 1` with no import open (or, for an
 * import's commit, that import open), so two writers can never both make version `p`.
 */
export function versionRow(
  ctx: ProjectScope,
  dataset: DatasetRow,
  p: number,
  row: { kind: VersionKind; message: string; counts: Counts; recordCount: number | ReturnType<typeof sql> },
  importId: string | null = null,
) {
  const owner =
    importId === null ? sql`${datasets.openImportId} is null` : sql`${datasets.openImportId} = ${importId}`;
  return ctx.db.insert(datasetVersions).values({
    datasetId: dataset.id,
    version: sql`(select ${p} from ${datasets} where ${datasets.id} = ${dataset.id} and ${datasets.version} = ${p - 1} and ${datasets.deletedAt} is null and ${owner})`,
    kind: row.kind,
    message: row.message,
    inserted: row.counts.inserted,
    updated: row.counts.updated,
    deleted: row.counts.deleted,
    recordCount: row.recordCount,
    createdBy: actorRef(ctx),
    createdByLabel: ctx.actor.label,
    createdAt: ctx.services.clock.now(),
  });
}

/** The number of live states: the records of the version being written. */
export const liveCount = (datasetId: string) =>
  sql<number>`(select count(*) from ${datasetRecords} where ${datasetRecords.datasetId} = ${datasetId} and ${datasetRecords.toVersion} is null)`;

/** A write that lost a race with another writer of the same dataset. */
export function isLostRace(err: unknown): boolean {
  return isNotNullViolation(err, "dataset_versions.version") || isUniqueViolation(err);
}

export const changedMeanwhile = () =>
  new ApiError(
    "CONFLICT",
    "The dataset changed while this change was being written; read it again and retry.",
  );

export function importOpen(dataset: DatasetRow) {
  return new ApiError(
    "CONFLICT",
    `An import is being written to this dataset (${dataset.openImportId}); commit or abort it first, or wait for it to finish.`,
  );
}

/**
 * Makes one change as its own version: `build` answers the statements writing version `p`; they
 * commit with the version row and the dataset's move to `p` in one transaction. A change that
 * changes nothing makes no version.
 */
export async function changeDataset(
  ctx: ProjectScope,
  dataset: DatasetRow,
  kind: VersionKind,
  message: string,
  build: (p: number) => Promise<{ statements: Batch; counts: Counts }>,
): Promise<{ version: number; counts: Counts }> {
  if (dataset.openImportId !== null) throw importOpen(dataset);
  const p = dataset.version + 1;
  const { statements, counts } = await build(p);
  if (counts.inserted + counts.updated + counts.deleted === 0) return { version: dataset.version, counts };
  const now = ctx.services.clock.now();
  const recordCount = dataset.recordCount + counts.inserted - counts.deleted;
  try {
    await ctx.db.batch([
      versionRow(ctx, dataset, p, { kind, message, counts, recordCount }),
      ...statements,
      ctx.db
        .update(datasets)
        .set({ version: p, recordCount, updatedAt: now })
        .where(eq(datasets.id, dataset.id)),
    ]);
  } catch (err) {
    if (isLostRace(err)) throw changedMeanwhile();
    throw err;
  }
  return { version: p, counts };
}
