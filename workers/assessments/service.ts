import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { assessments, traceSessions } from "../../schema";
import { actorRef, auditData, type ProjectContext } from "../auth/context";
import { ApiError } from "../lib/errors";
import { readStoredJson } from "../lib/json-input";
import { getTraceInProject, normaliseTraceId } from "../traces/list";
import { idsOf, insertAssessments, type NewAssessment, newAssessment, rollupRuns, type Source } from "./rows";
import {
  type AssessmentInput,
  type AssessmentView,
  type BatchItem,
  checkOverride,
  type OverrideInput,
} from "./schemas";

type Row = typeof assessments.$inferSelect;

/**
 * Who a client's assessment comes from. A dashboard user is always HUMAN, themselves; an API key
 * relays end-user feedback (HUMAN, the end user's id) or a code scorer's result (CODE); nothing a
 * client sends becomes LLM_JUDGE (only the judge runner writes that).
 */
export function sourceOf(
  ctx: ProjectContext,
  asked: { type: "HUMAN" | "CODE"; id?: string | undefined } | undefined,
): Source {
  if (ctx.actor.type === "user") return { type: "HUMAN", id: ctx.actor.id };
  return { type: asked?.type ?? "HUMAN", id: asked?.id ?? null };
}

async function writeNew(ctx: ProjectContext, rows: NewAssessment[]): Promise<void> {
  const { db } = ctx;
  await db.batch([db.run(insertAssessments(ctx, rows)), ...rollupRuns(db, ctx.project.id, idsOf(rows), "+")]);
}

/** Logs one assessment on a stored trace (or one of its spans). */
export async function createAssessment({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { traceId: string; assessment: AssessmentInput };
}): Promise<AssessmentView> {
  const trace = await getTraceInProject(ctx, input.traceId);
  const row = newAssessment(
    ctx,
    { ...input.assessment, traceId: trace.traceId },
    sourceOf(ctx, input.assessment.source),
  );
  await writeNew(ctx, [row]);
  return getAssessment({ ctx, input: { traceId: trace.traceId, assessmentId: row.id } });
}

/**
 * Logs up to 1,000 assessments in one transaction: all or none. Traces need not be stored yet
 * (an app sends its users' feedback as soon as it has it); each shows on its trace once the
 * spans arrive.
 */
export async function logAssessments({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: BatchItem[];
}): Promise<{ ids: string[] }> {
  const rows = input.map((a) =>
    newAssessment(
      ctx,
      { ...a, traceId: a.traceId ? normaliseTraceId(a.traceId) : null },
      sourceOf(ctx, a.source),
    ),
  );
  await writeNew(ctx, rows);
  return { ids: rows.map((r) => r.id) };
}

/** Where an assessment is addressed: under its trace, or (a session's own) under its session. */
export type AssessmentTarget = { traceId: string } | { sessionId: string; traceId?: undefined };

async function findAssessment(
  ctx: ProjectContext,
  target: AssessmentTarget | string,
  assessmentId: string,
): Promise<Row> {
  const at: AssessmentTarget = typeof target === "string" ? { traceId: target } : target;
  const [row] = await ctx.db
    .select()
    .from(assessments)
    .where(
      and(
        eq(assessments.id, assessmentId),
        eq(assessments.projectId, ctx.project.id),
        at.traceId !== undefined
          ? eq(assessments.traceId, normaliseTraceId(at.traceId))
          : and(eq(assessments.sessionId, at.sessionId), isNull(assessments.traceId)),
      ),
    )
    .limit(1);
  if (!row) throw ApiError.notFound("Assessment");
  return row;
}

export async function getAssessment({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { traceId: string; assessmentId: string };
}): Promise<AssessmentView> {
  return view(await findAssessment(ctx, input.traceId, input.assessmentId));
}

/**
 * A trace's assessments, oldest first; with `history`, the overridden and deleted ones too. A
 * trace id the project has neither spans nor assessments for is not found.
 */
export async function listTraceAssessments({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { traceId: string; history: boolean };
}): Promise<{ assessments: AssessmentView[] }> {
  const traceId = normaliseTraceId(input.traceId);
  const rows = await ctx.db
    .select()
    .from(assessments)
    .where(and(eq(assessments.projectId, ctx.project.id), eq(assessments.traceId, traceId)))
    .orderBy(asc(assessments.createdAt), asc(assessments.id));
  if (rows.length === 0) await getTraceInProject(ctx, traceId);
  return { assessments: rows.filter((r) => input.history || r.valid === 1).map(view) };
}

/**
 * Replaces an assessment with a new one of the same name and target: the old row turns invalid
 * and points at its successor, the rollups trade its value for the new one, and a person's
 * override is audited. Overriding an assessment that is no longer current is a conflict.
 */
export async function overrideAssessment({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: AssessmentTarget & { assessmentId: string; override: OverrideInput };
}): Promise<AssessmentView> {
  const old = await findAssessment(ctx, input, input.assessmentId);
  const change = checkOverride(old.kind, old.name, input.override);
  if (old.valid !== 1)
    throw new ApiError(
      "CONFLICT",
      "This assessment was already overridden or deleted; override the current one.",
    );
  const source = sourceOf(ctx, input.override.source);
  const row = newAssessment(
    ctx,
    {
      ...change,
      kind: old.kind,
      name: old.name,
      traceId: old.traceId,
      spanId: old.spanId,
      sessionId: old.sessionId,
    },
    source,
    { overrides: old.id },
  );
  const projectId = ctx.project.id;
  const now = ctx.services.clock.now();
  const by = actorRef(ctx);
  const { db } = ctx;
  const statements = [
    ...rollupRuns(db, projectId, sql`select ${old.id}`, "-"),
    db.run(sql`update assessments set valid = 0, superseded_by = ${row.id}, updated_by = ${by}, updated_at = ${now}
      where project_id = ${projectId} and id = ${old.id} and valid = 1`),
    // Only when this batch is the one that retired the old row: two overrides racing make one.
    db.run(
      insertAssessments(
        ctx,
        [row],
        sql`exists (select 1 from assessments where id = ${old.id} and superseded_by = ${row.id})`,
      ),
    ),
    ...rollupRuns(db, projectId, idsOf([row]), "+"),
  ];
  const audited =
    source.type === "HUMAN"
      ? [
          auditData(ctx, "assessment.overridden", auditTarget(old), {
            assessmentId: old.id,
            replacedBy: row.id,
          }),
        ]
      : [];
  const results = await db.batch([statements[0], ...statements.slice(1), ...audited] as [
    (typeof statements)[number],
    ...(typeof statements)[number][],
  ]);
  if (Number(results[2]?.rowsAffected ?? 0) === 0)
    throw new ApiError("CONFLICT", "This assessment was overridden meanwhile; override the current one.");
  return view({ ...(await findAssessment(ctx, input, row.id)) });
}

/** Deletes an assessment from view: it turns invalid (kept in the history), its value leaves the rollups, and it is audited. */
export async function deleteAssessment({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: AssessmentTarget & { assessmentId: string };
}): Promise<void> {
  const old = await findAssessment(ctx, input, input.assessmentId);
  if (old.deletedAt !== null) return;
  const projectId = ctx.project.id;
  const now = ctx.services.clock.now();
  const by = actorRef(ctx);
  const { db } = ctx;
  await db.batch([
    ...rollupRuns(db, projectId, sql`select ${old.id}`, "-"),
    db.run(sql`update assessments set valid = 0, deleted_at = ${now}, updated_by = ${by}, updated_at = ${now}
      where project_id = ${projectId} and id = ${old.id} and deleted_at is null`),
    auditData(ctx, "assessment.deleted", auditTarget(old), { assessmentId: old.id, kind: old.kind }),
  ]);
}

/** An assessment's audit target: its trace, or its session for a session's own. */
const auditTarget = (row: Row) =>
  row.traceId !== null
    ? { type: "trace", id: row.traceId, label: row.name }
    : { type: "session", id: row.sessionId, label: row.name };

const parse = readStoredJson;

export function view(r: Row): AssessmentView {
  const [, ...rest] = r.createdBy.split(":");
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    traceId: r.traceId,
    spanId: r.spanId,
    sessionId: r.sessionId,
    value: parse(r.value),
    error: r.errorCode === null ? null : { code: r.errorCode, message: r.errorMessage ?? "" },
    rationale: r.rationale,
    source: { type: r.sourceType, id: r.sourceId },
    score: r.score,
    passed: r.passed === null ? null : r.passed === 1,
    scorerVersionId: r.scorerVersionId,
    runId: r.runId,
    monitorId: r.monitorId,
    metadata: (parse(r.metadata) ?? {}) as Record<string, unknown>,
    valid: r.valid === 1,
    overrides: r.overrides,
    supersededBy: r.supersededBy,
    deleted: r.deletedAt !== null,
    createdBy: { id: rest.join(":") || r.createdBy, label: r.createdByLabel },
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

/**
 * A session's own assessments (session-level judges and feedback on a whole conversation), oldest
 * first; with `history`, the overridden and deleted ones too. A session the project has neither
 * traces nor assessments for is not found.
 */
export async function listSessionAssessments({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { sessionId: string; history: boolean };
}): Promise<{ assessments: AssessmentView[] }> {
  const rows = await ctx.db
    .select()
    .from(assessments)
    .where(and(eq(assessments.projectId, ctx.project.id), eq(assessments.sessionId, input.sessionId)))
    .orderBy(asc(assessments.createdAt), asc(assessments.id));
  if (rows.length === 0) {
    const [session] = await ctx.db
      .select({ id: traceSessions.sessionId })
      .from(traceSessions)
      .where(and(eq(traceSessions.projectId, ctx.project.id), eq(traceSessions.sessionId, input.sessionId)))
      .limit(1);
    if (!session) throw ApiError.notFound("Session");
  }
  return { assessments: rows.filter((r) => input.history || r.valid === 1).map(view) };
}
