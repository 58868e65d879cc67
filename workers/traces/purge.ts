import { eq, inArray, type SQL, sql } from "drizzle-orm";
import {
  alertEvents,
  alertRules,
  assessments,
  datasetImportChunks,
  datasetImportErrors,
  datasetImports,
  datasetRecords,
  datasets,
  datasetVersions,
  evalItems,
  evalRows,
  evalRuns,
  monitorBackfills,
  monitorPending,
  monitorResults,
  monitors,
  pendingSpanMessages,
  promptAliases,
  promptAliasMoves,
  prompts,
  promptVersions,
  rollups,
  scoreJobItems,
  scoreJobs,
  scoreRollups,
  scoreRollups5m,
  scorers,
  scorerVersions,
  spans,
  traceFacets,
  tracePrompts,
  traceSessions,
  traces,
  webhookAttempts,
  webhookDeliveries,
  webhooks,
} from "../../schema";
import type { Db } from "../lib/db";

/**
 * Deletes the text-index rows of the traces whose row numbers `traceRows` selects. The index is an
 * FTS5 table: no foreign key reaches it, so every deletion of traces must call this.
 */
export function deleteTraceText(db: Db, traceRows: SQL) {
  return db.run(sql`delete from trace_text where rowid in (${traceRows})`);
}

/**
 * Statements deleting all of a project's data on the organization's side of the seam: traces,
 * spans, facets, sessions, rollups, search text, messages waiting for their span, assessments,
 * score rollups, scorers, scoring jobs, datasets, evaluation runs, prompts, monitors and alerts. No foreign key reaches these tables from the
 * score rollups, scorers, scoring jobs, datasets, evaluation runs, prompts and webhooks (with their
 * deliveries and attempts). No foreign key reaches these tables from the
 * control plane (they may live in another database), so deleting a project must run these.
 */
export function purgeProjectData(db: Db, projectId: string) {
  return [
    deleteTraceText(db, sql`select id from ${traces} where ${traces.projectId} = ${projectId}`),
    db.delete(traceFacets).where(eq(traceFacets.projectId, projectId)),
    db.delete(traceSessions).where(eq(traceSessions.projectId, projectId)),
    db.delete(spans).where(eq(spans.projectId, projectId)),
    db.delete(rollups).where(eq(rollups.projectId, projectId)),
    db.delete(pendingSpanMessages).where(eq(pendingSpanMessages.projectId, projectId)),
    db.delete(assessments).where(eq(assessments.projectId, projectId)),
    db.delete(scoreRollups).where(eq(scoreRollups.projectId, projectId)),
    db.delete(scoreRollups5m).where(eq(scoreRollups5m.projectId, projectId)),
    db
      .delete(scoreJobItems)
      .where(
        inArray(
          scoreJobItems.jobId,
          db.select({ id: scoreJobs.id }).from(scoreJobs).where(eq(scoreJobs.projectId, projectId)),
        ),
      ),
    db.delete(scoreJobs).where(eq(scoreJobs.projectId, projectId)),
    ...purgeDatasets(db, projectId),
    ...purgeRuns(db, projectId),
    db.delete(scorerVersions).where(eq(scorerVersions.projectId, projectId)),
    db.delete(scorers).where(eq(scorers.projectId, projectId)),
    db.delete(tracePrompts).where(eq(tracePrompts.projectId, projectId)),
    db.delete(promptAliasMoves).where(eq(promptAliasMoves.projectId, projectId)),
    db.delete(promptAliases).where(eq(promptAliases.projectId, projectId)),
    db.delete(promptVersions).where(eq(promptVersions.projectId, projectId)),
    db.delete(prompts).where(eq(prompts.projectId, projectId)),
    db.delete(monitorPending).where(eq(monitorPending.projectId, projectId)),
    db.delete(monitorResults).where(eq(monitorResults.projectId, projectId)),
    db.delete(monitorBackfills).where(eq(monitorBackfills.projectId, projectId)),
    db.delete(monitors).where(eq(monitors.projectId, projectId)),
    db.delete(alertEvents).where(eq(alertEvents.projectId, projectId)),
    db.delete(alertRules).where(eq(alertRules.projectId, projectId)),
    db.delete(webhookAttempts).where(eq(webhookAttempts.projectId, projectId)),
    db.delete(webhookDeliveries).where(eq(webhookDeliveries.projectId, projectId)),
    db.delete(webhooks).where(eq(webhooks.projectId, projectId)),
    db.delete(traces).where(eq(traces.projectId, projectId)),
  ] as const;
}

/**
 * Statements deleting traces with their spans, facets, prompt links, text rows and assessments, for one batch. `select`
 * picks the doomed traces as `select id, project_id, trace_id from traces …`; they are fixed
 * first in a temp table because the selection may read facets or text rows the deletes remove.
 * Facet and text rows point at their trace's row number (`traces.id`), so they go by that
 * number. Session rows are recomputed from the traces left. Rollups stay: they are history.
 *
 * `statements` must open the batch; `deletedCount` reads that batch's results for the number of
 * traces chosen (the rows the choosing statement put in the temp table), wherever that
 * statement sits in the list.
 */
export function purgeTraces(db: Db, select: SQL) {
  const chooseTraces = db.run(sql`insert into temp.sl_purge ${select}`);
  const statements = [
    db.run(sql.raw("drop table if exists temp.sl_purge")),
    db.run(sql.raw("drop table if exists temp.sl_purge_sessions")),
    db.run(sql.raw("create temp table sl_purge (id integer primary key, project_id text, trace_id text)")),
    chooseTraces,
    db.run(
      sql.raw(`create temp table sl_purge_sessions as select distinct t.project_id, t.session_id from traces t
        where t.id in (select id from temp.sl_purge) and t.session_id is not null`),
    ),
    db.run(
      sql.raw(
        "delete from spans where (project_id, trace_id) in (select project_id, trace_id from temp.sl_purge)",
      ),
    ),
    db.run(sql.raw("delete from trace_facets where trace_row in (select id from temp.sl_purge)")),
    db.run(sql.raw("delete from trace_prompts where trace_row in (select id from temp.sl_purge)")),
    db.run(
      sql.raw(
        "delete from pending_span_messages where (project_id, trace_id) in (select project_id, trace_id from temp.sl_purge)",
      ),
    ),
    // Their assessments go with them; the score rollups, like the trace rollups, are history.
    db.run(
      sql.raw(
        "delete from assessments where (project_id, trace_id) in (select project_id, trace_id from temp.sl_purge)",
      ),
    ),
    deleteTraceText(db, sql.raw("select id from temp.sl_purge")),
    db.run(sql.raw("delete from traces where id in (select id from temp.sl_purge)")),
    // Their sessions, from the traces left; a session without any is gone.
    db.run(
      sql.raw(
        "delete from trace_sessions where (project_id, session_id) in (select project_id, session_id from temp.sl_purge_sessions)",
      ),
    ),
    db.run(
      sql.raw(`insert into trace_sessions (project_id, session_id, first_us, last_us)
        select t.project_id, t.session_id, min(t.start_us), max(t.end_us) from temp.sl_purge_sessions s
        join traces t on t.project_id = s.project_id and t.session_id = s.session_id
        group by t.project_id, t.session_id`),
    ),
    db.run(sql.raw("drop table temp.sl_purge")),
    db.run(sql.raw("drop table temp.sl_purge_sessions")),
  ] as const;
  const chooseAt = statements.indexOf(chooseTraces);
  return {
    statements,
    /** How many traces the purge deleted, from the results of a batch that `statements` open. */
    deletedCount: (results: readonly { rowsAffected: number }[]): number =>
      Number(results[chooseAt]?.rowsAffected ?? 0),
  };
}

/** A project's datasets with their versions, records and import sessions. */
function purgeDatasets(db: Db, projectId: string) {
  const ofProject = db.select({ id: datasets.id }).from(datasets).where(eq(datasets.projectId, projectId));
  const importsOf = db
    .select({ id: datasetImports.id })
    .from(datasetImports)
    .where(eq(datasetImports.projectId, projectId));
  return [
    db.delete(datasetImportChunks).where(inArray(datasetImportChunks.importId, importsOf)),
    db.delete(datasetImportErrors).where(inArray(datasetImportErrors.importId, importsOf)),
    db.delete(datasetImports).where(eq(datasetImports.projectId, projectId)),
    db.delete(datasetRecords).where(inArray(datasetRecords.datasetId, ofProject)),
    db.delete(datasetVersions).where(inArray(datasetVersions.datasetId, ofProject)),
    db.delete(datasets).where(eq(datasets.projectId, projectId)),
  ] as const;
}

/** A project's evaluation runs with their rows and scoring units (their assessments go with the project's). */
function purgeRuns(db: Db, projectId: string) {
  const ofProject = db.select({ id: evalRuns.id }).from(evalRuns).where(eq(evalRuns.projectId, projectId));
  return [
    db.delete(evalItems).where(inArray(evalItems.runId, ofProject)),
    db.delete(evalRows).where(inArray(evalRows.runId, ofProject)),
    db.delete(evalRuns).where(eq(evalRuns.projectId, projectId)),
  ] as const;
}
