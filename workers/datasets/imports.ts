import { and, asc, eq, lt, sql } from "drizzle-orm";
import {
  datasetImportChunks,
  datasetImportErrors,
  datasetImports,
  datasetRecords,
  datasets,
  projects,
} from "../../schema";
import { actorRef, type ProjectScope } from "../auth/context";
import { findFirst, isNotNullViolation, isUniqueViolation } from "../lib/db";
import { ApiError } from "../lib/errors";
import type { Services } from "../lib/services";
import { isoTime } from "../lib/time";
import {
  type Batch,
  changedMeanwhile,
  type DatasetRow,
  importOpen,
  isLostRace,
  liveCount,
  mergeStatements,
  versionRow,
} from "./changes";
import {
  ChunkError,
  type Column,
  columnsOf,
  type ImportFormat,
  MAX_CHUNK_RECORDS,
  parseChunk,
} from "./parse";
import { draftOf, type RecordInput, type RecordSource } from "./records";
import type { ChunkResultView, ImportOpenInput, ImportView } from "./schemas";
import { getDatasetInProject } from "./service";

/**
 * Import sessions: a file sent in chunks (or a from-traces job) written as the dataset's next
 * version while it comes, invisible until the commit moves the dataset to that version. One
 * session per dataset at a time (`datasets.open_import_id`); other changes wait for it.
 */
export type ImportRow = typeof datasetImports.$inferSelect;

/** Rejected rows kept per import for its report. */
const ERRORS_KEPT = 1_000;
/** An open session this long without a chunk is aborted (cron). */
export const IMPORT_IDLE_MS = 60 * 60 * 1000;

export async function importView(ctx: ProjectScope, row: ImportRow): Promise<ImportView> {
  const errors = await ctx.db
    .select({ line: datasetImportErrors.line, reason: datasetImportErrors.reason })
    .from(datasetImportErrors)
    .where(eq(datasetImportErrors.importId, row.id))
    .orderBy(asc(datasetImportErrors.line))
    .limit(ERRORS_KEPT);
  return {
    id: row.id,
    status: row.status as ImportView["status"],
    format: row.format as ImportView["format"],
    fileName: row.fileName,
    chunks: row.chunks,
    total: row.total,
    accepted: row.accepted,
    rejected: row.rejected,
    inserted: row.inserted,
    updated: row.updated,
    unchanged: row.unchanged,
    version: row.status === "committed" ? row.version : null,
    errors,
    createdAt: isoTime(row.createdAt),
    committedAt: row.committedAt === null ? null : isoTime(row.committedAt),
  };
}

export async function getImportRow(
  ctx: ProjectScope,
  datasetId: string,
  importId: string,
): Promise<ImportRow> {
  const row = await findFirst(
    ctx.db,
    datasetImports,
    and(
      eq(datasetImports.id, importId),
      eq(datasetImports.datasetId, datasetId),
      eq(datasetImports.projectId, ctx.project.id),
    ),
  );
  if (!row) throw ApiError.notFound("Import");
  return row;
}

/**
 * Opens a session writing the dataset's next version. Guarded like a version row: the session's
 * version is null (and the insert fails) unless no other session is open.
 */
export async function openImport(
  ctx: ProjectScope,
  dataset: DatasetRow,
  input: { format: ImportFormat | "traces"; fileName?: string; columns: Column[] | null; total?: number },
): Promise<ImportRow> {
  if (dataset.openImportId !== null) throw importOpen(dataset);
  const now = ctx.services.clock.now();
  const id = ctx.services.ids("datasetImport");
  try {
    await ctx.db.batch([
      ctx.db.insert(datasetImports).values({
        id,
        datasetId: dataset.id,
        projectId: ctx.project.id,
        format: input.format,
        fileName: input.fileName ?? "",
        columns: input.columns,
        version: sql`(select ${datasets.version} + 1 from ${datasets} where ${datasets.id} = ${dataset.id} and ${datasets.openImportId} is null and ${datasets.deletedAt} is null)`,
        status: "open",
        total: input.total ?? null,
        createdBy: actorRef(ctx),
        createdByLabel: ctx.actor.label,
        createdAt: now,
        touchedAt: now,
      }),
      ctx.db.update(datasets).set({ openImportId: id }).where(eq(datasets.id, dataset.id)),
    ]);
  } catch (err) {
    if (isNotNullViolation(err, "dataset_imports.version")) throw changedMeanwhile();
    throw err;
  }
  return getImportRow(ctx, dataset.id, id);
}

/** The columns of a CSV session, or a 422 naming the columns that map to nothing. */
export function importColumns(input: ImportOpenInput): Column[] | null {
  if (input.format !== "csv") {
    if (input.columns || input.mapping)
      throw new ApiError("INVALID_INPUT", "Invalid body. columns, mapping: only a CSV import takes them.");
    return null;
  }
  if (!input.columns)
    throw new ApiError("INVALID_INPUT", "Invalid body. columns: a CSV import needs its header row.");
  const result = columnsOf(input.columns, input.mapping);
  if ("problems" in result)
    throw new ApiError("INVALID_INPUT", `Invalid body. columns: ${result.problems.join("; ")}.`);
  return result.columns;
}

function openOrThrow(row: ImportRow) {
  if (row.status !== "open")
    throw new ApiError("CONFLICT", `Import ${row.id} is ${row.status}; open a new import to send more.`);
}

/**
 * Writes one chunk's records (good rows merged, bad rows reported by line) with its result, in one
 * transaction; a chunk whose `seq` came before answers its first result and writes nothing.
 */
export async function writeChunk(
  ctx: ProjectScope,
  row: ImportRow,
  chunk: {
    seq: number;
    records: { line: number; record?: RecordInput; error?: string }[];
    source: RecordSource;
  },
): Promise<ChunkResultView> {
  const before = await findFirst(
    ctx.db,
    datasetImportChunks,
    and(eq(datasetImportChunks.importId, row.id), eq(datasetImportChunks.seq, chunk.seq)),
  );
  if (before) return { seq: chunk.seq, ...(before.result as Omit<ChunkResultView, "seq">) };
  openOrThrow(row);
  const good = chunk.records.filter(
    (r): r is { line: number; record: RecordInput } => r.record !== undefined,
  );
  const bad = chunk.records.filter((r): r is { line: number; error: string } => r.error !== undefined);
  const drafts = await Promise.all(good.map((r) => draftOf(r.record, chunk.source)));
  const { statements, counts } = await mergeStatements(ctx, row.datasetId, row.version, drafts);
  const result = {
    accepted: good.length,
    rejected: bad.length,
    inserted: counts.inserted,
    updated: counts.updated,
    unchanged: counts.unchanged,
  };
  const kept = bad.slice(0, Math.max(0, ERRORS_KEPT - row.rejected));
  try {
    await ctx.db.batch([
      // First: a concurrent twin of this chunk fails here and the batch with it.
      ctx.db.insert(datasetImportChunks).values({
        importId: row.id,
        seq: chunk.seq,
        result,
        createdAt: ctx.services.clock.now(),
      }),
      ...statements,
      ...(kept.length > 0
        ? [
            ctx.db
              .insert(datasetImportErrors)
              .values(kept.map((b) => ({ importId: row.id, line: b.line, reason: b.error })))
              .onConflictDoNothing(),
          ]
        : []),
      ctx.db
        .update(datasetImports)
        .set({
          chunks: sql`${datasetImports.chunks} + 1`,
          accepted: sql`${datasetImports.accepted} + ${result.accepted}`,
          rejected: sql`${datasetImports.rejected} + ${result.rejected}`,
          inserted: sql`${datasetImports.inserted} + ${result.inserted}`,
          updated: sql`${datasetImports.updated} + ${result.updated}`,
          unchanged: sql`${datasetImports.unchanged} + ${result.unchanged}`,
          touchedAt: ctx.services.clock.now(),
        })
        .where(and(eq(datasetImports.id, row.id), eq(datasetImports.status, "open"))),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) {
      const twin = await findFirst(
        ctx.db,
        datasetImportChunks,
        and(eq(datasetImportChunks.importId, row.id), eq(datasetImportChunks.seq, chunk.seq)),
      );
      if (twin) return { seq: chunk.seq, ...(twin.result as Omit<ChunkResultView, "seq">) };
      throw new ApiError(
        "CONFLICT",
        "Another chunk of this import wrote the same inputs at the same moment; send this chunk again.",
      );
    }
    throw err;
  }
  return { seq: chunk.seq, ...result };
}

/** A chunk of a file: parsed by the session's format, then written. */
export async function sendChunk(
  ctx: ProjectScope,
  input: { datasetId: string; importId: string; seq: number; firstLine: number; text: string },
): Promise<ChunkResultView> {
  await getDatasetInProject(ctx, input.datasetId);
  const row = await getImportRow(ctx, input.datasetId, input.importId);
  if (row.format === "traces")
    throw new ApiError("CONFLICT", "A from-traces import is written by its job, not by chunks.");
  let rows: ReturnType<typeof parseChunk>;
  try {
    rows = parseChunk(row.format as ImportFormat, input.text, input.firstLine, row.columns);
  } catch (err) {
    if (err instanceof ChunkError) throw new ApiError("INVALID_INPUT", `Invalid chunk: ${err.message}.`);
    throw err;
  }
  if (rows.length > MAX_CHUNK_RECORDS)
    throw new ApiError(
      "INVALID_INPUT",
      `Invalid chunk: ${rows.length} records; send at most ${MAX_CHUNK_RECORDS} per chunk.`,
    );
  const source: RecordSource = { type: "document", id: row.fileName || null };
  return writeChunk(ctx, row, { seq: input.seq, records: rows, source });
}

/** Commits a session: its version becomes the dataset's (none when it changed nothing). */
export async function commitImport(ctx: ProjectScope, row: ImportRow, message: string): Promise<ImportRow> {
  if (row.status === "committed") return row;
  if (row.status !== "open" && row.status !== "committing") openOrThrow(row);
  const dataset = await findFirst(ctx.db, datasets, eq(datasets.id, row.datasetId));
  if (!dataset || dataset.deletedAt !== null) throw ApiError.notFound("Dataset");
  const now = ctx.services.clock.now();
  const changed = row.inserted + row.updated > 0;
  const p = row.version;
  const counts = { inserted: row.inserted, updated: row.updated, deleted: 0, unchanged: row.unchanged };
  const kind = row.format === "traces" ? "from_traces" : "import";
  // The version row first: its guard reads the dataset before the dataset moves.
  const statements: Batch = [
    ...(changed
      ? [versionRow(ctx, dataset, p, { kind, message, counts, recordCount: liveCount(dataset.id) }, row.id)]
      : []),
    ctx.db
      .update(datasets)
      .set({
        ...(changed ? { version: p, recordCount: liveCount(dataset.id) } : {}),
        openImportId: null,
        updatedAt: now,
      })
      .where(and(eq(datasets.id, dataset.id), eq(datasets.openImportId, row.id))),
    ctx.db
      .update(datasetImports)
      .set({ status: "committed", committedAt: now, version: changed ? p : dataset.version })
      .where(eq(datasetImports.id, row.id)),
  ];
  try {
    await ctx.db.batch(statements as [Batch[number], ...Batch]);
  } catch (err) {
    if (isLostRace(err)) throw changedMeanwhile();
    throw err;
  }
  return getImportRow(ctx, row.datasetId, row.id);
}

/** Statements dropping what an open session wrote and closing it. */
function abortStatements(db: ProjectScope["db"], row: ImportRow) {
  const p = row.version;
  return [
    db
      .delete(datasetRecords)
      .where(and(eq(datasetRecords.datasetId, row.datasetId), eq(datasetRecords.fromVersion, p))),
    db
      .update(datasetRecords)
      .set({ toVersion: null })
      .where(and(eq(datasetRecords.datasetId, row.datasetId), eq(datasetRecords.toVersion, p))),
    db
      .update(datasets)
      .set({ openImportId: null })
      .where(and(eq(datasets.id, row.datasetId), eq(datasets.openImportId, row.id))),
    db.update(datasetImports).set({ status: "aborted" }).where(eq(datasetImports.id, row.id)),
  ] as const;
}

export async function abortImport(ctx: ProjectScope, row: ImportRow): Promise<void> {
  if (row.status === "aborted") return;
  if (row.status === "committed")
    throw new ApiError("CONFLICT", `Import ${row.id} is committed; restore an earlier version to undo it.`);
  await ctx.db.batch(abortStatements(ctx.db, row));
}

/** Cron: aborts one organization's sessions idle for an hour (its projects' only). */
export async function abortIdleImports(services: Services, orgId: string): Promise<number> {
  const db = services.orgDb(orgId);
  const ids = (
    await services.db.select({ id: projects.id }).from(projects).where(eq(projects.orgId, orgId))
  ).map((p) => p.id);
  if (ids.length === 0) return 0;
  const idle = await db
    .select()
    .from(datasetImports)
    .where(
      and(
        eq(datasetImports.status, "open"),
        lt(datasetImports.touchedAt, services.clock.now() - IMPORT_IDLE_MS),
        sql`${datasetImports.projectId} in (select value from json_each(${JSON.stringify(ids)}))`,
      ),
    )
    .limit(100);
  for (const row of idle) {
    const [first, ...rest] = abortStatements(db, row);
    await db.batch([first, ...rest]);
  }
  return idle.length;
}
