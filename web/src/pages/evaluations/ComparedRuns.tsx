import type { EvaluationRun } from "../../api/evaluations";
import { Link } from "../../router";
import { runPath } from "./paths";
import { ParamChips, RunData, RunId, RunStarted } from "./RunIdentity";
import { StatusBadge } from "./RunStatus";
import { differingParams, type ParamChange, paramChanges, runParams, setupChanges } from "./runParams";

type Side = "baseline" | "candidate";

/** One run of the comparison: its name, what tells it apart (id, start, params) and what it scored. */
function RunPanel({
  projectId,
  side,
  id,
  run,
  differing,
  changes,
}: {
  projectId: string;
  side: Side;
  id: string;
  /** Undefined while the runs load. */
  run: EvaluationRun | undefined;
  differing: ReadonlySet<string>;
  changes?: readonly ParamChange[];
}) {
  return (
    <div className="ev-compared__run" data-testid={`compared-${side}`} data-run={id}>
      <span className="ev-compared__role">{side === "baseline" ? "Baseline" : "Candidate"}</span>
      <span className="ev-compared__name">
        <Link href={runPath(projectId, id)} data-testid={`compare-${side}`}>
          {run?.name ?? id}
        </Link>
        {run && run.status !== "completed" && <StatusBadge status={run.status} />}
      </span>
      <span className="ev-compared__facts">
        <RunId id={id} />
        {run && <RunStarted run={run} />}
      </span>
      {run && (
        <span className="ev-compared__facts">
          <RunData projectId={projectId} run={run} />
        </span>
      )}
      {run && <ParamChips params={runParams(run)} differing={differing} changes={changes} />}
    </div>
  );
}

const shown = (value: string | null) => value ?? "(none)";

/** "prompt: support → terse" for each param, tag, data or scorer that differs; or why nothing does. */
function ChangeSummary({ changes }: { changes: readonly ParamChange[] }) {
  if (changes.length === 0)
    return (
      <p className="ev-note" data-testid="compared-same-params">
        Both runs have the same params and tags, so only their ids and start times tell them apart. Pass
        params when you start a run (the model, the prompt's version, the app's version…) to see what changed.
      </p>
    );
  return (
    <p className="ev-compared__changes" data-testid="compared-changes">
      <span className="ev-compared__changes-label">Changed</span>
      {changes.map((change) => (
        <span
          key={`${change.tag}:${change.key}`}
          className="ev-param ev-param--differs"
          data-testid="compared-change"
          data-key={change.key}
        >
          <span className="ev-param__key">
            {change.tag ? "#" : ""}
            {change.key}
          </span>
          <span className="ev-param__value">
            {shown(change.before)} → {shown(change.after)}
          </span>
        </span>
      ))}
    </p>
  );
}

/**
 * The baseline and the candidate side by side, with what tells them apart when they share a
 * name: id, start, who started it, and their params with those that differ marked.
 */
export function ComparedRuns({
  projectId,
  baseline,
  candidate,
  runs,
}: {
  projectId: string;
  baseline: string;
  candidate: string;
  /** The runs by id, once loaded. */
  runs: ReadonlyMap<string, EvaluationRun>;
}) {
  const before = runs.get(baseline);
  const after = runs.get(candidate);
  const params = before && after ? [runParams(before), runParams(after)] : null;
  const differing = params ? differingParams(params) : new Set<string>();
  const changes = params ? paramChanges(params[0] ?? [], params[1] ?? []) : null;
  const setup = before && after ? setupChanges(before, after) : [];
  return (
    <section className="ev-compared" aria-label="The compared runs" data-testid="compared-runs">
      <div className="ev-compared__runs">
        <RunPanel projectId={projectId} side="baseline" id={baseline} run={before} differing={differing} />
        <RunPanel
          projectId={projectId}
          side="candidate"
          id={candidate}
          run={after}
          differing={differing}
          changes={changes ?? undefined}
        />
      </div>
      {changes && <ChangeSummary changes={[...changes, ...setup]} />}
    </section>
  );
}
