import { useState } from "preact/hooks";
import { cancelRun, deleteRun, type EvaluationRun, getRun, resumeRun } from "../../api/evaluations";
import { formatDateTime, formatRelative } from "../../app/format";
import { notifyError } from "../../app/notify";
import { useProject, useSignedIn } from "../../auth/SessionProvider";
import { Link, navigate, type RouteProps } from "../../router";
import { projectPath } from "../../router/paths";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { confirm } from "../../ui/confirm";
import { IconClose, IconRefresh, IconTrash } from "../../ui/icons";
import { PageHeader } from "../../ui/PageHeader";
import { toast } from "../../ui/toast";
import { LoadFailed } from "../common/LoadFailed";
import { PageLoading } from "../common/PageLoading";
import { isRunning } from "./figures";
import { MetricCards } from "./MetricCards";
import { PageMessage } from "./PageMessage";
import { canRunEvaluations, evaluationsPath } from "./paths";
import { ResultsView } from "./ResultsView";
import { ParamChips, RunData, RunId, RunStarted } from "./RunIdentity";
import { RunProgress, StatusBadge } from "./RunStatus";
import { runParams } from "./runParams";
import { usePolledResource } from "./usePolledResource";

/** One run: live progress, metric cards, cost and latency, and its records with every score. */
export function RunPage({ params }: RouteProps) {
  const project = useProject();
  const runId = params.runId ?? "";
  const { state, reload, pollError } = usePolledResource(
    `evaluation:${project.id}:${runId}`,
    (signal) => getRun(project.id, runId, { signal }),
    isRunning,
  );
  if (state.status === "error" && state.error.status === 404)
    return (
      <PageMessage
        title="Run not found"
        heading="There's no such evaluation run in this project"
        description="Check the link, or find the run in the list: it may belong to another project."
        action={{ href: evaluationsPath(project.id), label: "All runs" }}
        testId="run-not-found"
      />
    );
  if (state.status === "error")
    return (
      <div className="page">
        <PageHeader title="Evaluation run" />
        <LoadFailed what="the run" error={state.error} onRetry={reload} />
      </div>
    );
  if (state.status !== "ready") return <PageLoading label="Loading the run…" />;
  const run = state.data;
  return (
    <div className="page page--wide" data-testid="run-page">
      <PageHeader
        title={run.name}
        description={<RunFacts projectId={project.id} run={run} />}
        actions={<RunActions projectId={project.id} run={run} onChanged={reload} />}
      />
      <div className="ev-stack">
        {pollError && (
          <Alert tone="warning" title="Progress isn't updating">
            <p>{pollError.message} The figures may be behind; it keeps trying.</p>
          </Alert>
        )}
        {run.status !== "completed" && (
          <div className="ev-run-progress">
            <RunProgress run={run} />
            {run.status === "cancelled" && (
              <p className="muted">
                Cancelled: the figures are over what was scored. Resume to score the rest.
              </p>
            )}
          </div>
        )}
        {run.status === "failed" && (
          <Alert tone="danger" title="The run failed">
            <p>Its figures are over what was scored before it stopped. Start it again from the list.</p>
          </Alert>
        )}
        <MetricCards run={run} />
        <ResultsView projectId={project.id} run={run} />
      </div>
    </div>
  );
}

/** What the run is: status, data, scorers, id, when and by whom, then its params and tags. */
function RunFacts({ projectId, run }: { projectId: string; run: EvaluationRun }) {
  return (
    <span className="ev-run-facts" data-testid="run-facts">
      <span className="ds-facts">
        <StatusBadge status={run.status} />
        <RunData projectId={projectId} run={run} />
        <span className="mono">
          {[...run.scorers.map((scorer) => scorer.name), ...run.codeScorers].join(", ")}
        </span>
      </span>
      {/* Its own line, so what tells runs of one name apart does not wrap after a separator. */}
      <span className="ds-facts">
        <RunId id={run.id} />
        <RunStarted run={run} />
        {run.finishedAt && (
          <span title={formatDateTime(run.finishedAt)}>Finished {formatRelative(run.finishedAt)}</span>
        )}
      </span>
      <ParamChips
        params={runParams(run)}
        empty="No params: give the run params (model, prompt…) to tell it apart"
      />
      {run.prompts && run.prompts.length > 0 && (
        <span className="ev-params" data-testid="run-prompts">
          <span className="muted">Prompts used</span>
          {run.prompts.map((p) => (
            <Link
              key={`${p.name}/${p.version}`}
              href={projectPath(projectId, "prompts", p.name)}
              className="ev-param mono"
              title={`${p.traces} of the run's traces rendered prompts:/${p.name}/${p.version}`}
              data-testid="run-prompt"
            >
              {p.name}/{p.version} · {p.traces} traces
            </Link>
          ))}
        </span>
      )}
    </span>
  );
}

/**
 * Cancel a running run (scores kept), resume a cancelled one (only what is left is scored), and
 * delete any run after a confirmation.
 */
function RunActions({
  projectId,
  run,
  onChanged,
}: {
  projectId: string;
  run: EvaluationRun;
  onChanged: () => void;
}) {
  const { role } = useSignedIn();
  const [busy, setBusy] = useState(false);
  if (!canRunEvaluations(role)) return null;
  const act = async (what: "cancel" | "resume") => {
    setBusy(true);
    try {
      await (what === "cancel" ? cancelRun(projectId, run.id) : resumeRun(projectId, run.id));
      toast.success(what === "cancel" ? `Cancelled ${run.name}` : `Resumed ${run.name}`);
      onChanged();
    } catch (error) {
      notifyError(what === "cancel" ? "Couldn't cancel the run" : "Couldn't resume the run", error);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    const ok = await confirm({
      title: `Delete ${run.name}?`,
      message: `Its ${run.rows} records, their results and scores go${run.status === "running" ? ", and it stops scoring" : ""}. The traces it made stay in the project.`,
      confirmLabel: "Delete run",
      tone: "danger",
    });
    if (!ok) return;
    setBusy(true);
    try {
      await deleteRun(projectId, run.id);
      toast.success(`Deleted ${run.name}`);
      navigate(evaluationsPath(projectId));
    } catch (error) {
      notifyError("Couldn't delete the run", error);
      setBusy(false);
    }
  };
  return (
    <>
      {run.status === "running" && (
        <Button
          size="sm"
          icon={IconClose}
          loading={busy}
          onClick={() => void act("cancel")}
          data-testid="run-cancel"
        >
          Cancel run
        </Button>
      )}
      {run.status === "cancelled" && (
        <Button
          size="sm"
          variant="primary"
          icon={IconRefresh}
          loading={busy}
          onClick={() => void act("resume")}
          data-testid="run-resume"
        >
          Resume
        </Button>
      )}
      <Button
        size="sm"
        variant="ghost"
        icon={IconTrash}
        disabled={busy}
        onClick={() => void remove()}
        data-testid="run-delete"
      >
        Delete
      </Button>
    </>
  );
}
