import type { EvaluationRun, RunStatus } from "../../api/evaluations";
import { formatInteger } from "../../app/numbers";
import { Badge, type Tone } from "../../ui/Badge";
import { ProgressBar } from "../datasets/ProgressBar";
import { progressOf } from "./figures";

const TONE: Readonly<Record<RunStatus, Tone>> = {
  running: "info",
  completed: "success",
  cancelled: "warning",
  failed: "danger",
};
const LABEL: Readonly<Record<RunStatus, string>> = {
  running: "Running",
  completed: "Completed",
  cancelled: "Cancelled",
  failed: "Failed",
};

export function StatusBadge({ status }: { status: RunStatus }) {
  return (
    <span data-testid="run-status" data-status={status}>
      <Badge tone={TONE[status]} dot>
        {LABEL[status]}
      </Badge>
    </span>
  );
}

/**
 * A run's scoring so far: a bar of units scored (records × scorers × repeats) and the figures
 * under it; an open run (the SDK still sending records) has no final total yet.
 */
export function RunProgress({ run, compact }: { run: EvaluationRun; compact?: boolean }) {
  const progress = progressOf(run);
  const known = !run.open && progress.total > 0;
  return (
    <div className="ev-progress" data-testid="run-progress" data-percent={progress.percent}>
      <ProgressBar
        value={progress.done}
        total={known ? progress.total : null}
        label={`Scoring ${run.name}`}
        tone={run.status === "failed" ? "danger" : run.status === "completed" ? "success" : "accent"}
      />
      <span className="ev-progress__text num">
        {formatInteger(progress.done)} of {formatInteger(progress.total)}
        {!compact && " scores"}
        {known && ` · ${progress.percent}%`}
        {progress.errors > 0 && (
          <span className="text-danger">
            {" "}
            · {formatInteger(progress.errors)} error{progress.errors === 1 ? "" : "s"}
          </span>
        )}
        {run.open && " · taking records"}
      </span>
    </div>
  );
}
