import type { Assessment } from "../../api/assessments";
import type { RecordChange, ResultScore } from "../../api/evaluations";

/**
 * A changed record's scores in one run, read from its trace's assessments: a run's scores are
 * assessments with its id, on the record's trace when it has one, their row key and repeat in
 * their metadata (workers/evaluations/jobs.ts, code-scores.ts). The comparison carries neither
 * rationales nor assessment ids, and a run's results cannot be asked for one record, so this is
 * the one way to a record's rationales without paging through the run.
 */
export function runScoresOf(
  assessments: readonly Assessment[],
  runId: string,
  rowKey: string,
): ResultScore[] {
  return assessments
    .filter(
      (a) =>
        a.runId === runId &&
        a.kind === "feedback" &&
        a.spanId === null &&
        // Two records of a run may name one trace: keep this record's.
        (a.metadata.rowKey === undefined || a.metadata.rowKey === rowKey),
    )
    .map((a) => ({
      scorer: a.name,
      scorerVersionId: a.scorerVersionId,
      repeat: typeof a.metadata.repeat === "number" ? a.metadata.repeat : 1,
      value: a.value ?? null,
      passed: a.passed,
      rationale: a.rationale,
      error: a.error,
      costUsd: typeof a.metadata.costUsd === "number" ? a.metadata.costUsd : null,
      assessmentId: a.id,
    }))
    .sort((a, b) => a.scorer.localeCompare(b.scorer) || a.repeat - b.repeat);
}

/** The scorers to show for a record: those whose value changed first (the reason it is listed), then the rest by name. */
export function scorerOrder(
  changes: readonly Pick<RecordChange, "scorer">[],
  sides: readonly (readonly Pick<ResultScore, "scorer">[])[],
): string[] {
  const changed = [...new Set(changes.map((change) => change.scorer))];
  const others = [...new Set(sides.flat().map((score) => score.scorer))]
    .filter((name) => !changed.includes(name))
    .sort((a, b) => a.localeCompare(b));
  return [...changed, ...others];
}
