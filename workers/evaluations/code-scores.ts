import type { evalItems } from "../../schema";
import { type NewAssessment, newAssessment } from "../assessments/rows";
import type { ProjectScope } from "../auth/context";
import { ApiError } from "../lib/errors";
import type { RunRow } from "./lookup";
import type { RowInput } from "./schemas";

/**
 * Code scorers' results: functions the SDK runs in the user's process, declared by name when the
 * run starts and sent with each scored record. Each result is an assessment with the run's id
 * (source CODE, on the record's trace when it has one) and an `eval_items` unit keyed
 * `code:<name>` (repeat 1), written in the same batch as its row, so the row's primary key makes
 * a re-sent record fail whole rather than count twice; metrics, results and comparisons read them
 * as they read judges' results.
 */
export const codeItemKey = (name: string) => `code:${name}`;
export const isCodeItem = (scorerVersionId: string) => scorerVersionId.startsWith("code:");

const invalid = (message: string) => new ApiError("INVALID_INPUT", `Invalid body. ${message}`);

/** Declared code scorer names: each once, none the name of a registered scorer of the run. */
export function checkCodeScorerNames(codeScorers: string[], registered: string[]): void {
  for (const [i, name] of codeScorers.entries()) {
    if (codeScorers.indexOf(name) !== i)
      throw invalid(`codeScorers.${i}: "${name}" is declared twice; give each code scorer once.`);
    if (registered.includes(name))
      throw invalid(
        `codeScorers.${i}: "${name}" is also a registered scorer of the run; a run's scorer names must differ (they name its metrics).`,
      );
  }
}

type Row = { rowKey: string; traceId: string | null; error: string | null };

/** What is wrong with a record's code-scorer results for the run, or null: exactly one per declared scorer on a scored record. */
function scoresIssue(run: Pick<RunRow, "scorers" | "codeScorers">, row: Row, record: RowInput, i: number) {
  const scores = record.scores ?? [];
  if (row.error !== null)
    return scores.length === 0
      ? null
      : `records.${i}.scores: the record is not scored (${record.error === undefined ? "it has no outputs" : "predictFn failed"}); send no scores with it.`;
  for (const [j, s] of scores.entries()) {
    const at = `records.${i}.scores.${j}`;
    if (run.scorers.some((r) => r.name === s.name))
      return `${at}: "${s.name}" is a registered scorer of the run (the server scores it); a code scorer needs another name.`;
    if (!run.codeScorers.includes(s.name))
      return `${at}: "${s.name}" is not a code scorer of the run (it declared ${run.codeScorers.map((n) => `"${n}"`).join(", ") || "none"} in codeScorers).`;
    if (scores.findIndex((t) => t.name === s.name) !== j)
      return `${at}: a second result of "${s.name}"; a code scorer gives one result per record.`;
  }
  const missing = run.codeScorers.find((name) => !scores.some((s) => s.name === name));
  return missing === undefined
    ? null
    : `records.${i}.scores: no result of the code scorer "${missing}"; send its value, or its error when it failed.`;
}

/** The assessments and units of the records' code-scorer results (422 before anything is written when one is wrong). */
export function codeScoreWrites(
  ctx: ProjectScope,
  run: Pick<RunRow, "id" | "scorers" | "codeScorers">,
  rows: Row[],
  records: RowInput[],
): { assessments: NewAssessment[]; items: (typeof evalItems.$inferInsert)[]; errors: number } {
  const assessments: NewAssessment[] = [];
  const items: (typeof evalItems.$inferInsert)[] = [];
  for (const [i, record] of records.entries()) {
    const row = rows[i];
    if (!row) continue;
    const issue = scoresIssue(run, row, record, i);
    if (issue) throw invalid(issue);
    if (row.error !== null) continue;
    for (const s of record.scores ?? []) {
      const error = s.error ?? undefined;
      const assessment = newAssessment(
        ctx,
        {
          traceId: row.traceId,
          kind: "feedback",
          name: s.name,
          value: error ? undefined : s.value,
          error,
          rationale: s.rationale ?? undefined,
          metadata: { rowKey: row.rowKey, repeat: 1 },
        },
        { type: "CODE", id: s.name },
        { runId: run.id },
      );
      assessments.push(assessment);
      items.push({
        runId: run.id,
        rowKey: row.rowKey,
        scorerVersionId: codeItemKey(s.name),
        repeat: 1,
        assessmentId: assessment.id,
        errorCode: error?.code ?? null,
      });
    }
  }
  return { assessments, items, errors: items.filter((i) => i.errorCode !== null).length };
}
