import { type EvaluationResult, listResults } from "../../api/evaluations";
import { type Resource, useResource } from "../../api/useResource";

const LIMIT = 200;
/** Pages read per run at the most (10,000 records): beyond, a record's outputs are not shown. */
const MAX_PAGES = 50;

export interface RowLookup {
  /** runId → rowKey → that run's result for the record. */
  rows: Map<string, Map<string, EvaluationResult>>;
  /** False when a run's pages ran past MAX_PAGES before every wanted record was found. */
  complete: boolean;
}

async function findRows(
  projectId: string,
  runId: string,
  wanted: ReadonlySet<string>,
  signal: AbortSignal,
): Promise<{ found: Map<string, EvaluationResult>; complete: boolean }> {
  const found = new Map<string, EvaluationResult>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await listResults(projectId, runId, { cursor, limit: LIMIT }, { signal });
    for (const result of answer.results) if (wanted.has(result.rowKey)) found.set(result.rowKey, result);
    if (found.size === wanted.size || !answer.nextCursor) return { found, complete: true };
    cursor = answer.nextCursor;
  }
  return { found, complete: false };
}

/**
 * The changed records' inputs and outputs in each compared run. The comparison names records by
 * row key only and results cannot be asked for by key, so each run's results are read page by page
 * until every wanted record is found.
 */
export function useRowLookup(
  projectId: string,
  runIds: readonly string[],
  rowKeys: readonly string[],
): Resource<RowLookup> {
  const wanted = new Set(rowKeys);
  const key = rowKeys.length === 0 ? null : `rows:${projectId}:${runIds.join(",")}:${rowKeys.join(",")}`;
  const [state] = useResource(key, async (signal) => {
    const answers = await Promise.all(runIds.map((runId) => findRows(projectId, runId, wanted, signal)));
    return {
      rows: new Map(runIds.map((runId, index) => [runId, answers[index]?.found ?? new Map()])),
      complete: answers.every((answer) => answer.complete),
    };
  });
  return state;
}
