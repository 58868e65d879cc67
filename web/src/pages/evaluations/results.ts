import { diffWordsWithSpace } from "diff";
import type { EvaluationResult, RecordChange, ResultScore } from "../../api/evaluations";

/** What the per-record table shows: every record, those a scorer failed, or those with an error. */
export type Show = "all" | "failures" | "errors";

/** A scorer's results on one record, a repeat each, in repeat order. */
export function scoresOf(result: EvaluationResult, scorer: string): ResultScore[] {
  return result.scores.filter((s) => s.scorer === scorer).sort((a, b) => a.repeat - b.repeat);
}

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });

/** A value as a chip reads: "pass" / "fail" for booleans, a category or "yes" as is, numbers rounded. */
export function valueText(value: unknown, passed: boolean | null): string {
  if (value === null || value === undefined) return passed === null ? "—" : passed ? "pass" : "fail";
  if (typeof value === "boolean") return passed === null ? String(value) : passed ? "pass" : "fail";
  if (typeof value === "number") return number.format(value);
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? String(value);
}

/** A record's value in a comparison: pass/fail, a per-record mean, or a category. */
export function changeValue(value: unknown): string {
  if (typeof value === "boolean") return value ? "pass" : "fail";
  return valueText(value, null);
}

/** Why a scorer said what it said: its rationale, or the error that kept it from scoring. */
export const reasonOf = (score: Pick<ResultScore, "error" | "rationale">): string =>
  score.error ? `${score.error.code}: ${score.error.message}` : (score.rationale ?? "");

export function scoreText(score: ResultScore): string {
  return score.error ? "error" : valueText(score.value, score.passed);
}

export type ScoreTone = "success" | "danger" | "warning" | "neutral";

export function scoreTone(score: Pick<ResultScore, "error" | "passed">): ScoreTone {
  if (score.error) return "warning";
  if (score.passed === null) return "neutral";
  return score.passed ? "success" : "danger";
}

/** One value a scorer gave a record, and the repeats that gave it. */
export interface ScoreGroup {
  text: string;
  tone: ScoreTone;
  scores: ResultScore[];
}

/**
 * A scorer's repeats on one record grouped by what they said ("fail ×7", "pass ×3"), in order of
 * first appearance: ten chips a cell would bury the table.
 */
export function groupScores(scores: readonly ResultScore[]): ScoreGroup[] {
  const groups = new Map<string, ScoreGroup>();
  for (const score of scores) {
    const text = scoreText(score);
    const tone = scoreTone(score);
    const key = `${tone}\u0000${text}`;
    const group = groups.get(key) ?? { text, tone, scores: [] };
    group.scores.push(score);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Text to compare and diff: a string as it is, anything else as indented JSON. */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2) ?? String(value);
}

export interface DiffPart {
  op: "same" | "add" | "remove";
  text: string;
}

/** A word diff (whitespace kept, so line breaks survive) of two outputs, by jsdiff. */
export function diffText(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((part) => ({
    op: part.added ? "add" : part.removed ? "remove" : "same",
    text: part.value,
  }));
}

export interface ChangedRecord {
  rowKey: string;
  changes: RecordChange[];
  /**
   * regressed: a pass became a fail under some scorer; fixed: a fail became a pass and nothing went
   * down; lower / higher: values moved one way; mixed: both ways.
   */
  kind: "regressed" | "fixed" | "lower" | "higher" | "mixed";
}

const RANK: Readonly<Record<ChangedRecord["kind"], number>> = {
  regressed: 0,
  lower: 1,
  mixed: 2,
  higher: 3,
  fixed: 4,
};
const worstDelta = (record: ChangedRecord) => Math.min(...record.changes.map((change) => change.delta));

/**
 * What a change is, read from its pass/fail values when it has them: the comparison labels a
 * change by the sign of the value's delta, so a rule whose value is a number (a length, a
 * similarity) can come as "fixed" from fail to fail; that is a value change, not a fix.
 */
export function changeOf(change: RecordChange): RecordChange["change"] {
  if (typeof change.baseline !== "boolean" || typeof change.candidate !== "boolean") return change.change;
  if (change.baseline === change.candidate) return "delta";
  return change.candidate ? "fixed" : "regressed";
}

function kindOf(changes: readonly RecordChange[]): ChangedRecord["kind"] {
  if (changes.some((change) => changeOf(change) === "regressed")) return "regressed";
  if (changes.every((change) => change.delta > 0))
    return changes.some((change) => changeOf(change) === "fixed") ? "fixed" : "higher";
  if (changes.every((change) => change.delta < 0)) return "lower";
  return "mixed";
}

/**
 * The changed records, one entry a record (a record may change under several scorers):
 * regressions first, then lower values, mixed, higher values and fixes; the worst drop first within each.
 */
export function changedRecords(changes: readonly RecordChange[]): ChangedRecord[] {
  const byKey = new Map<string, RecordChange[]>();
  for (const change of changes) byKey.set(change.rowKey, [...(byKey.get(change.rowKey) ?? []), change]);
  return [...byKey]
    .map(([rowKey, each]) => ({ rowKey, changes: each, kind: kindOf(each) }))
    .sort(
      (a, b) =>
        RANK[a.kind] - RANK[b.kind] || worstDelta(a) - worstDelta(b) || a.rowKey.localeCompare(b.rowKey),
    );
}
