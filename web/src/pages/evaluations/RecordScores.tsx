import { type Assessment, listAssessments } from "../../api/assessments";
import type { RecordChange, RecordOutputs, ResultScore } from "../../api/evaluations";
import { useResource } from "../../api/useResource";
import { Link } from "../../router";
import { Badge } from "../../ui/Badge";
import { Button } from "../../ui/Button";
import { IconRefresh } from "../../ui/icons";
import { runPath } from "./paths";
import { changeValue, groupScores, reasonOf } from "./results";
import { runScoresOf, scorerOrder } from "./runScores";

/** Rationales shown per scorer and run at the most (one a repeat when they differ). */
const MOST_REASONS = 3;

type Side = "baseline" | "candidate";
const SIDES: readonly Side[] = ["baseline", "candidate"];

/** Each run's scores of the record, read from the traces the two runs made for it (one request a trace). */
function useSideScores(projectId: string, runIds: Record<Side, string>, outputs: RecordOutputs) {
  const traces = SIDES.map((side) => outputs[side]?.traceId ?? null);
  const distinct = [...new Set(traces.filter((id): id is string => id !== null))];
  const [state, reload] = useResource(
    distinct.length === 0 ? null : `record-scores:${projectId}:${distinct.join(",")}`,
    async (signal) =>
      new Map<string, Assessment[]>(
        await Promise.all(
          distinct.map(
            async (traceId) =>
              [traceId, await listAssessments(projectId, traceId, false, { signal })] as const,
          ),
        ),
      ),
  );
  const scores = (side: Side, index: number): ResultScore[] | null => {
    const traceId = traces[index];
    if (traceId === null || traceId === undefined || state.status !== "ready") return null;
    return runScoresOf(state.data.get(traceId) ?? [], runIds[side], outputs.rowKey);
  };
  return { state, reload, sides: SIDES.map(scores) as [ResultScore[] | null, ResultScore[] | null] };
}

/** A changed value's tone when no score was read: a pass or a fail, else neutral. */
const fallbackTone = (value: unknown) =>
  typeof value === "boolean" ? (value ? "success" : "danger") : "neutral";

/** What one scorer said of the record in one run: its value (per repeat group) and its rationales. */
function ScoreCell({
  side,
  scorer,
  scores,
  change,
  traced,
}: {
  side: Side;
  scorer: string;
  scores: readonly ResultScore[];
  change: RecordChange | undefined;
  /** Read from this run's trace; `neither`: no run has one (the record says so once). */
  traced: "yes" | "no" | "neither";
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
      {reasons.length === 0 && traced !== "neither" && (
        <p className="ev-score-cell__meta">
          {traced === "no"
            ? "No trace in this run: its rationale is on the run's page"
            : scores.length === 0
              ? "Not scored in this run"
              : "No rationale (the scorer gives none)"}
        </p>
      )}
    </div>
  );
}

/**
 * Why the scores changed: each scorer's value and rationale in both runs, side by side under
 * each run's outputs, the scorers that changed first. Read when the record is opened.
 */
export function RecordScores({
  projectId,
  runIds,
  outputs,
  changes,
}: {
  projectId: string;
  runIds: Record<Side, string>;
  outputs: RecordOutputs;
  changes: readonly RecordChange[];
}) {
  const { state, reload, sides } = useSideScores(projectId, runIds, outputs);
  if (state.status === "loading")
    return (
      <p className="ev-scores__note" role="status">
        Loading the scorers' rationales…
      </p>
    );
  if (state.status === "error")
    return (
      <p className="ev-scores__note" data-testid="record-scores-error">
        Couldn't load the scorers' rationales: {state.error.message}{" "}
        <Button size="sm" variant="ghost" icon={IconRefresh} onClick={reload}>
          Retry
        </Button>
      </p>
    );
  const byScorer = new Map(changes.map((change) => [change.scorer, change]));
  const names = scorerOrder(
    changes,
    sides.map((side) => side ?? []),
  );
  return (
    <div className="ev-scores" data-testid="record-scores">
      {state.status === "idle" && (
        <p className="ev-scores__note ev-scores__note--wide" data-testid="record-scores-untraced">
          Neither run has a trace for this record, and the comparison carries only the values that changed:
          the rationales are on the <Link href={runPath(projectId, runIds.baseline)}>baseline's</Link> and the{" "}
          <Link href={runPath(projectId, runIds.candidate)}>candidate's</Link> records (hover a score).
        </p>
      )}
      {names.flatMap((scorer) =>
        SIDES.map((side, index) => (
          <ScoreCell
            key={`${scorer}:${side}`}
            side={side}
            scorer={scorer}
            scores={(sides[index] ?? []).filter((score) => score.scorer === scorer)}
            change={byScorer.get(scorer)}
            traced={state.status === "idle" ? "neither" : sides[index] === null ? "no" : "yes"}
          />
        )),
      )}
    </div>
  );
}
