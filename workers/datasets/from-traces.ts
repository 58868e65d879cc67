import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { assessments, datasetImports, projects } from "../../schema";
import { actorFromRef, jobProjectScope, type ProjectScope } from "../auth/context";
import { defineOrgJob } from "../jobs/define";
import { findFirst } from "../lib/db";
import { readStoredJson } from "../lib/json-input";
import { storiesOf } from "../scorers/subject";
import { pageOfTraces } from "../traces/list";
import type { TraceFilter } from "../traces/schemas";
import { commitImport, getImportRow, writeChunk } from "./imports";
import type { RecordInput } from "./records";

/** Traces per job: one chunk of the import each. */
const PAGE = 100;

/** Each trace's current expectations (the newest per name), for a page of traces in one query. */
async function expectationsOf(ctx: ProjectScope, traceIds: string[]) {
  const rows = await ctx.db
    .select({ traceId: assessments.traceId, name: assessments.name, value: assessments.value })
    .from(assessments)
    .where(
      and(
        eq(assessments.projectId, ctx.project.id),
        sql`${assessments.traceId} in (select value from json_each(${JSON.stringify(traceIds)}))`,
        eq(assessments.kind, "expectation"),
        eq(assessments.valid, 1),
        sql`${assessments.spanId} is null`,
      ),
    )
    .orderBy(asc(assessments.createdAt), asc(assessments.id));
  const byTrace = new Map<string, Record<string, unknown>>();
  for (const r of rows) {
    if (r.traceId === null) continue;
    const e = byTrace.get(r.traceId) ?? {};
    e[r.name] = readStoredJson(r.value);
    byTrace.set(r.traceId, e);
  }
  return byTrace;
}

/**
 * Records of traces: inputs and outputs of each trace's story span (the trace list's preview
 * rule: the root's, else the earliest span that has them), inputs that are not an object as
 * `{ input }`, the trace's current expectations; a trace without inputs is a rejected row.
 */
export async function recordsOfTraces(ctx: ProjectScope, traceIds: string[], firstLine: number) {
  const [stories, expectations] = await Promise.all([
    storiesOf(ctx, traceIds),
    expectationsOf(ctx, traceIds),
  ]);
  return traceIds.map((traceId, i): { line: number; record?: RecordInput; error?: string } => {
    const line = firstLine + i;
    const story = stories.get(traceId);
    if (!story) return { line, error: `trace ${traceId} was not found in the project` };
    const { inputs, outputs } = story;
    if (inputs === null || inputs === undefined) return { line, error: `trace ${traceId} has no inputs` };
    const record: RecordInput = {
      inputs:
        typeof inputs === "object" && !Array.isArray(inputs)
          ? (inputs as Record<string, unknown>)
          : { input: inputs },
      expectations: expectations.get(traceId) ?? {},
      source: { type: "trace", id: traceId },
      ...(outputs === null || outputs === undefined ? {} : { outputs }),
    };
    return { line, record };
  });
}

/**
 * Adds traces to a dataset as one import session: each job writes one chunk (a page of the
 * listed traces, or of the trace list under a filter), then queues the next or commits.
 * Chunks are idempotent by their number, so a redelivered job writes nothing twice.
 */
export const fromTracesJob = defineOrgJob({
  type: "datasets.from_traces",
  payload: z.object({
    projectId: z.string(),
    datasetId: z.string(),
    importId: z.string(),
    seq: z.number().int().min(0),
    traceIds: z.array(z.string()).max(1_000).optional(),
    /** The trace-list filter as the route checked it (TraceFilterSchema's output, not its input). */
    filter: z.custom<TraceFilter>((v) => typeof v === "object" && v !== null && !Array.isArray(v)).optional(),
    limit: z.number().int().min(1).max(10_000),
    cursor: z.string().nullable(),
  }),
  async handle(ctx, message) {
    const project = await findFirst(
      ctx.control,
      projects,
      and(eq(projects.id, message.projectId), eq(projects.orgId, ctx.org.id)),
    );
    if (!project) return;
    const row = await findFirst(
      ctx.db,
      datasetImports,
      and(
        eq(datasetImports.id, message.importId),
        eq(datasetImports.datasetId, message.datasetId),
        eq(datasetImports.projectId, project.id),
      ),
    );
    if (!row) return;
    if (row.status !== "open") return;
    const scope = jobProjectScope(ctx, project, actorFromRef(row.createdBy, row.createdByLabel));
    const done = message.seq * PAGE;
    let ids: string[];
    let cursor: string | null = null;
    if (message.traceIds) ids = message.traceIds.slice(done, done + PAGE);
    else {
      const page = await pageOfTraces({
        ctx: scope,
        input: {
          filter: message.filter ?? {},
          sort: "time",
          order: "desc",
          limit: Math.min(PAGE, message.limit - done),
          cursor: message.cursor ?? undefined,
        },
      });
      ids = page.rows.map((r) => r.traceId);
      cursor = page.nextCursor;
    }
    const records = await recordsOfTraces(scope, ids, done + 1);
    await writeChunk(scope, row, { seq: message.seq, records, source: { type: "trace", id: null } });
    const next = done + ids.length;
    const more = message.traceIds ? next < message.traceIds.length : cursor !== null && next < message.limit;
    if (more) {
      const { type: _type, jobId: _jobId, ...payload } = message;
      await ctx.services.jobs.enqueue(fromTracesJob, {
        ...payload,
        orgId: ctx.org.id,
        seq: message.seq + 1,
        cursor,
      });
      return;
    }
    const latest = await getImportRow(scope, row.datasetId, row.id);
    await commitImport(scope, latest, `Added ${latest.accepted} trace${latest.accepted === 1 ? "" : "s"}`);
  },
});
