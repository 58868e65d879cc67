import { and, eq, type SQL, sql } from "drizzle-orm";
import { FACET, traceFacets, traces } from "../../schema";
import { auditData, type ProjectContext } from "../auth/context";
import { ApiError } from "../lib/errors";
import { traceFilterSql } from "./filters";
import { getTraceInProject } from "./list";
import { purgeTraces } from "./purge";
import type { TraceFilter } from "./schemas";

function ofTrace(projectId: string, traceId: string): SQL | undefined {
  return and(eq(traces.projectId, projectId), eq(traces.traceId, traceId));
}

/** The rows of one trace's `tag:<key>` facet (found through the facets' row-number index). */
function tagFacetRows(projectId: string, traceId: string, key: string): SQL | undefined {
  return and(
    eq(traceFacets.traceRow, sql`(select ${traces.id} from ${traces} where ${ofTrace(projectId, traceId)})`),
    eq(traceFacets.projectId, projectId),
    eq(traceFacets.facet, `${FACET.tagPrefix}${key}`),
  );
}

/**
 * Sets one tag; `traces.tags`, the `tag:<key>` facet row and the audit row change in one
 * transaction, and the JSON is edited in SQL (json_patch), so a span arriving meanwhile cannot
 * lose the edit.
 */
export async function setTraceTag({
  ctx,
  input: { traceId, key, value },
}: {
  ctx: ProjectContext;
  input: { traceId: string; key: string; value: string };
}): Promise<Record<string, string>> {
  const trace = await getTraceInProject(ctx, traceId);
  const projectId = ctx.project.id;
  const id = trace.traceId;
  const { db } = ctx;
  const [updated] = await db.batch([
    db
      .update(traces)
      .set({
        tags: sql`json_patch(${traces.tags}, json_object(${key}, ${value}))`,
        updatedAt: ctx.services.clock.now(),
      })
      .where(ofTrace(projectId, id))
      .returning({ tags: traces.tags }),
    db.delete(traceFacets).where(tagFacetRows(projectId, id, key)),
    db.run(sql`insert into trace_facets (project_id, facet, value, trace_row)
      select project_id, ${`${FACET.tagPrefix}${key}`}, ${value}, id from traces where project_id = ${projectId} and trace_id = ${id}`),
    auditData(
      ctx,
      "trace.tag_set",
      { type: "trace", id, label: trace.name },
      { key, value, was: Object.hasOwn(trace.tags, key) ? trace.tags[key] : null },
    ),
  ]);
  const row = updated[0];
  if (!row) throw ApiError.notFound("Trace");
  return row.tags;
}

/** Removes one tag (a no-op when the trace has no such tag); NotFound for unknown traces. */
export async function removeTraceTag({
  ctx,
  input: { traceId, key },
}: {
  ctx: ProjectContext;
  input: { traceId: string; key: string };
}): Promise<void> {
  const trace = await getTraceInProject(ctx, traceId);
  const projectId = ctx.project.id;
  const id = trace.traceId;
  if (!Object.hasOwn(trace.tags, key)) return;
  const { db } = ctx;
  const [updated] = await db.batch([
    db
      .update(traces)
      // A JSON merge patch with null removes the key.
      .set({
        tags: sql`json_patch(${traces.tags}, json_object(${key}, json('null')))`,
        updatedAt: ctx.services.clock.now(),
      })
      .where(ofTrace(projectId, id))
      .returning({ traceId: traces.traceId }),
    db.delete(traceFacets).where(tagFacetRows(projectId, id, key)),
    auditData(
      ctx,
      "trace.tag_removed",
      { type: "trace", id, label: trace.name },
      { key, was: trace.tags[key] },
    ),
  ]);
  if (updated.length === 0) throw ApiError.notFound("Trace");
}

export async function deleteTrace({ ctx, input }: { ctx: ProjectContext; input: { traceId: string } }) {
  const row = await getTraceInProject(ctx, input.traceId);
  await ctx.db.batch([
    ...purgeTraces(
      ctx.db,
      sql`select id, project_id, trace_id from ${traces} where ${ofTrace(ctx.project.id, row.traceId)}`,
    ).statements,
    auditData(ctx, "trace.deleted", { type: "trace", id: row.traceId, label: row.name }),
  ]);
}

/** Deletes every trace matching the filter (at least one filter, checked by the body schema). */
export async function deleteTracesByFilter({
  ctx,
  input: filter,
}: {
  ctx: ProjectContext;
  input: TraceFilter;
}): Promise<{ deleted: number }> {
  const { db } = ctx;
  const purge = purgeTraces(
    db,
    sql`select id, project_id, trace_id from ${traces} where ${traceFilterSql(ctx.project.id, filter)}`,
  );
  const results = await db.batch([
    ...purge.statements,
    auditData(
      ctx,
      "traces.deleted_by_filter",
      { type: "project", id: ctx.project.id, label: null },
      { filter: describeFilter(filter) },
    ),
  ]);
  return { deleted: purge.deletedCount(results) };
}

/** The filter as the caller wrote it (times as ISO, tags and feedback as key=value), for the audit log. */
function describeFilter(f: TraceFilter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(f)) {
    if (value === undefined) continue;
    if ((name === "from" || name === "to") && typeof value === "number")
      out[name] = new Date(value).toISOString();
    else if (Array.isArray(value))
      out[name] = (value as unknown[]).map((item) => {
        if (typeof item === "string") return item;
        const { key, name: label, value: v } = item as { key?: string; name?: string; value?: string | null };
        return v === null || v === undefined ? (key ?? label) : `${key ?? label}=${v}`;
      });
    else out[name] = value;
  }
  return out;
}
