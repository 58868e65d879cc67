import { useState } from "preact/hooks";
import { listDatasets } from "../../api/datasets";
import { listRuns, MAX_COMPARED } from "../../api/evaluations";
import { useResource } from "../../api/useResource";
import { SECTION } from "../../app/sections";
import { useProject, useSignedIn } from "../../auth/SessionProvider";
import { navigate } from "../../router";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { IconColumns, IconPlus } from "../../ui/icons";
import { PageHeader } from "../../ui/PageHeader";
import { LoadFailed } from "../common/LoadFailed";
import { LoadingRows } from "../common/LoadingRows";
import { comparisonOrder, isRunning } from "./figures";
import { NewRunDialog } from "./NewRunDialog";
import { NoRunsYet } from "./NoRunsYet";
import { canRunEvaluations, comparePath, runPath } from "./paths";
import { RunsTable } from "./RunsTable";
import { TrendCharts } from "./TrendCharts";
import { usePolledResource } from "./usePolledResource";

/** The project's evaluation runs: their metrics and trends, live progress, a new run, and picking runs to compare. */
export function EvaluationsPage() {
  const project = useProject();
  const { role } = useSignedIn();
  const [creating, setCreating] = useState(false);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const { state, reload, pollError } = usePolledResource(
    `evaluations:${project.id}`,
    (signal) => listRuns(project.id, { signal }),
    (runs) => runs.some(isRunning),
  );
  const [datasets] = useResource(
    `run-datasets:${project.id}`,
    async (signal) => (await listDatasets(project.id, { limit: 200 }, { signal })).datasets,
  );
  const start = canRunEvaluations(role) ? () => setCreating(true) : null;
  const runs = state.status === "ready" ? state.data : [];
  const empty = state.status === "ready" && runs.length === 0;
  const order = comparisonOrder(runs, picked);

  return (
    <div className="page">
      <PageHeader
        title={SECTION.evaluations.label}
        description="Score your application's outputs on a dataset version, follow each metric across runs, and compare runs record by record."
        actions={
          start &&
          !empty && (
            <Button variant="primary" size="sm" icon={IconPlus} onClick={start} data-testid="new-run">
              New run
            </Button>
          )
        }
      />
      {state.status === "loading" && <LoadingRows label="Loading runs…" block="settings-loading" />}
      {state.status === "error" && (
        <LoadFailed what="the evaluation runs" error={state.error} onRetry={reload} />
      )}
      {empty && (
        <div className="panel" data-testid="runs-empty">
          <NoRunsYet projectId={project.id} onStart={start} />
        </div>
      )}
      {state.status === "ready" && !empty && (
        <div className="ev-stack">
          {pollError && (
            <Alert tone="warning" title="Progress isn't updating">
              <p>{pollError.message} The figures below may be behind; it keeps trying.</p>
            </Alert>
          )}
          <TrendCharts runs={runs} projectId={project.id} />
          <Card
            flush
            title="Runs"
            description="Newest first. Pick two or more to compare them: the oldest picked is the baseline."
            actions={
              <Button
                size="sm"
                icon={IconColumns}
                disabled={order.length < 2 || order.length > MAX_COMPARED}
                onClick={() => navigate(comparePath(project.id, order))}
                data-testid="compare-runs"
              >
                {order.length < 2
                  ? "Compare"
                  : order.length > MAX_COMPARED
                    ? `Compare at most ${MAX_COMPARED} runs`
                    : `Compare ${order.length} runs`}
              </Button>
            }
            data-testid="runs"
          >
            <RunsTable
              projectId={project.id}
              runs={runs}
              picked={picked}
              onPick={setPicked}
              datasets={datasets.status === "ready" ? datasets.data : []}
            />
          </Card>
        </div>
      )}
      <NewRunDialog
        open={creating}
        onClose={() => setCreating(false)}
        projectId={project.id}
        datasets={datasets}
        onStarted={(run) => navigate(runPath(project.id, run.id))}
      />
    </div>
  );
}
