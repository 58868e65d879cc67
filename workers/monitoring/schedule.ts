import { type SQL, sql } from "drizzle-orm";
import type { JobQueue } from "../jobs/queue";
import { sampleKey } from "./sampling";
import { SETTLE_BATCH, settleJob } from "./settle";

/** A trace or session ingest found waiting to settle, with its job's due time (ms since the epoch). */
export type Pending = { kind: "trace" | "session"; subjectId: string; dueAt: number };

/**
 * One statement of an ingest batch (run while `temp.sl_new` holds the request's new spans, after
 * the traces upsert): a `monitor_pending` row for each trace that got a new span, and each
 * session one of them belongs to, when the project has an active monitor of that level whose rate
 * is above the subject's sampling key; nothing for evaluation runs' traces. A subject already
 * waiting keeps its row (`do nothing`), so there is at most one pending job per subject; the rows
 * it did insert come back (RETURNING) for the caller to queue. For a project without monitors it
 * reads one index range of `monitors_project_status_idx` and writes nothing.
 */
export function pendingStatement(
  projectId: string,
  subjects: { traceId: string; sessionId: string | null }[],
  now: number,
): SQL {
  const seen = new Set<string>();
  const rows: [string, string, number, string][] = [];
  for (const { traceId, sessionId } of subjects) {
    if (!seen.has(traceId)) rows.push(["trace", traceId, sampleKey(traceId), traceId]);
    seen.add(traceId);
    if (sessionId !== null && !seen.has(`s:${sessionId}`)) {
      seen.add(`s:${sessionId}`);
      rows.push(["session", sessionId, sampleKey(sessionId), traceId]);
    }
  }
  return sql`insert into monitor_pending (project_id, kind, subject_id, first_at, due_at)
select ${projectId}, j.value ->> 0, j.value ->> 1, ${now}, ${now} + m.settle * 1000
from (select level, max(sampling_rate) as rate, max(settle_seconds) as settle from monitors
  where project_id = ${projectId} and status = 'active' group by level) m
join json_each(${JSON.stringify(rows)}) j on j.value ->> 0 = m.level
where j.value ->> 2 < m.rate and j.value ->> 3 in (select trace_id from temp.sl_new)
  and not exists (select 1 from traces t where t.project_id = ${projectId} and t.trace_id = j.value ->> 3 and t.run_id is not null)
on conflict do nothing
returning kind, subject_id as subjectId, due_at as dueAt`;
}

/** The pending rows a batch's statement returned. */
export function pendingRows(rows: readonly Record<string, unknown>[] | undefined): Pending[] {
  return (rows ?? []).map((r) => ({
    kind: r.kind === "session" ? "session" : "trace",
    subjectId: String(r.subjectId),
    dueAt: Number(r.dueAt),
  }));
}

/**
 * Queues the settle jobs of the subjects ingest found waiting, delayed by their settle time (the
 * queue's `delaySeconds`: no timer scans traces): one message per kind, delay and up to
 * SETTLE_BATCH subjects, so a busy project sends a message per ingest batch, not per trace (Queues
 * count messages; Miniflare holds a timer per delayed message). Called after the batch committed;
 * a send that fails leaves the rows, which the pending sweep queues again.
 */
export async function queueSettles(
  jobs: JobQueue,
  scope: { orgId: string; projectId: string },
  pending: Pending[],
  now: number,
): Promise<void> {
  const groups = new Map<string, { kind: Pending["kind"]; delaySeconds: number; ids: string[] }>();
  for (const p of pending) {
    const delaySeconds = Math.max(0, Math.ceil((p.dueAt - now) / 1000));
    const key = `${p.kind}:${delaySeconds}`;
    const group = groups.get(key) ?? { kind: p.kind, delaySeconds, ids: [] };
    group.ids.push(p.subjectId);
    groups.set(key, group);
  }
  for (const { kind, delaySeconds, ids } of groups.values()) {
    const messages = [];
    for (let i = 0; i < ids.length; i += SETTLE_BATCH)
      messages.push({
        orgId: scope.orgId,
        projectId: scope.projectId,
        kind,
        subjectIds: ids.slice(i, i + SETTLE_BATCH),
      });
    await jobs.enqueueMany(settleJob, messages, { delaySeconds });
  }
}
