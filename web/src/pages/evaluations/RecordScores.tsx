import type { RecordChange, RecordOutputs, ResultScore } from "../../api/evaluations";
import { Badge } from "../../ui/Badge";
import { changeValue, groupScores, reasonOf } from "./results";
import { scorerOrder } from "./runScores";

/** Rationales shown per scorer and run at the most (one a repeat when they differ). */
const MOST_REASONS = 3;

type Side = "baseline" | "candidate";
const SIDES: readonly Side[] = ["baseline", "candidate"];

/** A changed value's tone when no score was read: a pass or a fail, else neutral. */
const fallbackTone = (value: unknown) =>
  typeof value === "boolean" ? (value ? "success" : "danger") : "neutral";

/** What one scorer said of the record in one run: its value (per repeat group) and its rationales. */
function ScoreCell({
  side,
  scorer,
  scores,
  change,
  scored,
}: {
  side: Side;
  scorer: string;
  scores: readonly ResultScore[];
  change: RecordChange | undefined;
  /** Whether this run has the record at all. */
  scored: boolean;
}) {
  const groups = groupScores(scores);
  const reasons = [...new Set(scores.map(reasonOf).filter(Boolean))];
  const fallback = change ? changeValue(change[side]) : null;
  return (
    <div
      className="ev-score-cell"
      data-testid="record-score"
      data-side={side}
      data-scorer={scorer}
      data-changed={change !== undefined}
    >
      <span className="ev-score-cell__head">
        <span className="mono">{scorer}</span>
        {groups.map((group) => (
          <Badge key={`${group.tone}:${group.text}`} tone={group.tone}>
            {group.text}
            {group.scores.length > 1 && ` ×${group.scores.length}`}
          </Badge>
        ))}
        {groups.length === 0 && fallback !== null && (
          <Badge tone={fallbackTone(change?.[side])}>{fallback}</Badge>
        )}
      </span>
      {reasons.slice(0, MOST_REASONS).map((reason) => (
        <p key={reason} className="ev-score-cell__reason" data-testid="record-rationale">
          {reason}
        </p>
      ))}
      {reasons.length > MOST_REASONS && (
        <p className="ev-score-cell__meta">and {reasons.length - MOST_REASONS} more rationales</p>
      )}
      {reasons.length === 0 && (
        <p className="ev-score-cell__meta">
          {!scored || scores.length === 0 ? "Not scored in this run" : "No rationale (the scorer gives none)"}
        </p>
      )}
    </div>
  );
}

/**
 * Why the scores changed: each scorer's value and rationale in both runs, side by side under
 * each run's outputs, the scorers that changed first (the comparison carries them).
 */
export function RecordScores({
  outputs,
  changes,
}: {
  outputs: RecordOutputs;
  changes: readonly RecordChange[];
}) {
  const sides = SIDES.map((side) => outputs[side]?.scores ?? []);
  const byScorer = new Map(changes.map((change) => [change.scorer, change]));
  const names = scorerOrder(changes, sides);
  return (
    <div className="ev-scores" data-testid="record-scores">
      {names.flatMap((scorer) =>
        SIDES.map((side, index) => (
          <ScoreCell
            key={`${scorer}:${side}`}
            side={side}
            scorer={scorer}
            scores={(sides[index] ?? []).filter((score) => score.scorer === scorer)}
            change={byScorer.get(scorer)}
            scored={outputs[side] !== null}
          />
        )),
      )}
    </div>
  );
}
