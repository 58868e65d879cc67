import { and, eq, type SQL, sql } from "drizzle-orm";
import { FACET, traceFacets, traces } from "../../schema";
import { auditStatement } from "../audit/record";
import { actorOf } from "../auth/principal";
import type { Access } from "../http/hono-env";
import { ApiError } from "../lib/errors";
import type { Services } from "../lib/services";
import { traceFilterSql } from "./filters";
import { findTrace, normaliseTraceId } from "./list";
import { purgeTraces } from "./purge";
import type { TraceFilter } from "./schemas";

type Project = { id: string; orgId: string };

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
 * Sets one tag; `traces.tags` and the `tag:<key>` facet row change in one transaction, and the
 * JSON is edited in SQL (json_patch), so a span arriving meanwhile cannot lose the edit.
 */
export async function setTraceTag({
  services,
  project,
  traceId,
  key,
  value,
}: {
  services: Services;
  project: Project;
  traceId: string;
  key: string;
  value: string;
}): Promise<Record<string, string>> {
  const id = normaliseTraceId(traceId);
  const { db } = services;
  const [updated] = await db.batch([
    db
      .update(traces)
      .set({
        tags: sql`json_patch(${traces.tags}, json_object(${key}, ${value}))`,
        updatedAt: services.clock.now(),
      })
      .where(ofTrace(project.id, id))
      .returning({ tags: traces.tags }),
    db.delete(traceFacets).where(tagFacetRows(project.id, id, key)),
    db.run(sql`insert into trace_facets (project_id, facet, value, trace_row)
      select project_id, ${`${FACET.tagPrefix}${key}`}, ${value}, id from traces where project_id = ${project.id} and trace_id = ${id}`),
  ]);
  const row = updated[0];
  if (!row) throw ApiError.notFound("Trace");
  return row.tags;
}

/** Removes one tag (a no-op when the trace has no such tag); NotFound for unknown traces. */
export async function removeTraceTag({
  services,
  project,
  traceId,
  key,
}: {
  services: Services;
  project: Project;
  traceId: string;
  key: string;
}): Promise<void> {
  const id = normaliseTraceId(traceId);
  const { db } = services;
  const [updated] = await db.batch([
    db
      .update(traces)
      // A JSON merge patch with null removes the key.
      .set({
        tags: sql`json_patch(${traces.tags}, json_object(${key}, json('null')))`,
        updatedAt: services.clock.now(),
      })
      .where(ofTrace(project.id, id))
      .returning({ traceId: traces.traceId }),
    db.delete(traceFacets).where(tagFacetRows(project.id, id, key)),
  ]);
  if (updated.length === 0) throw ApiError.notFound("Trace");
}

export async function deleteTrace({
  services,
  access,
  project,
  traceId,
}: {
  services: Services;
  access: Access;
  project: Project;
  traceId: string;
}): Promise<void> {
  const row = await findTrace(services, project.id, traceId);
  await services.db.batch([
    ...purgeTraces(
      services.db,
      sql`select id, project_id, trace_id from ${traces} where ${ofTrace(project.id, row.traceId)}`,
    ).statements,
    auditStatement(services, {
      orgId: project.orgId,
      projectId: project.id,
      actor: actorOf(access.principal),
      action: "trace.deleted",
      target: { type: "trace", id: row.traceId, label: row.name },
      ip: access.ip,
    }),
  ]);
}

/** Deletes every trace matching the filter (at least one filter, checked by the body schema). */
export async function deleteTracesByFilter({
  services,
  access,
  project,
  filter,
}: {
  services: Services;
  access: Access;
  project: Project;
  filter: TraceFilter;
}): Promise<{ deleted: number }> {
  const { db } = services;
  const purge = purgeTraces(
    db,
    sql`select id, project_id, trace_id from ${traces} where ${traceFilterSql(project.id, filter)}`,
  );
  const results = await db.batch([
    ...purge.statements,
    auditStatement(services, {
      orgId: project.orgId,
      projectId: project.id,
      actor: actorOf(access.principal),
      action: "traces.deleted_by_filter",
      target: { type: "project", id: project.id, label: null },
      metadata: { filter: describeFilter(filter) },
      ip: access.ip,
    }),
  ]);
  return { deleted: purge.deletedCount(results) };
}

/** The filter as the caller wrote it (times as ISO, tags as key=value), for the audit log. */
function describeFilter(f: TraceFilter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(f)) {
    if (value === undefined) continue;
    if ((name === "from" || name === "to") && typeof value === "number")
      out[name] = new Date(value).toISOString();
    else if (Array.isArray(value))
      out[name] = value.map((kv: { key: string; value: string }) => `${kv.key}=${kv.value}`);
    else out[name] = value;
  }
  return out;
}
