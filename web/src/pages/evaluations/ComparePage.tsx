import { useState } from "preact/hooks";
import { compareRuns, type EvaluationRun, getRun } from "../../api/evaluations";
import { useResource } from "../../api/useResource";
import { formatInteger } from "../../app/numbers";
import { useProject } from "../../auth/SessionProvider";
import { Link, useLocation } from "../../router";
import { Alert } from "../../ui/Alert";
import { Card } from "../../ui/Card";
import { PageHeader } from "../../ui/PageHeader";
import { Segmented } from "../../ui/Segmented";
import { LoadFailed } from "../common/LoadFailed";
import { PageLoading } from "../common/PageLoading";
import { CompareMetrics } from "./CompareMetrics";
import { CompareRecords } from "./CompareRecords";
import { PageMessage } from "./PageMessage";
import { evaluationsPath, runPath } from "./paths";

/** Runs compared with the first (the baseline): metrics with the tests' verdicts, then the changed records. */
export function ComparePage() {
  const project = useProject();
  const { search } = useLocation();
  const ids = new URLSearchParams(search).getAll("runs");
  const key = ids.length < 2 ? null : `${project.id}:${ids.join(",")}`;
  const [comparison, reload] = useResource(key && `compare:${key}`, (signal) =>
    compareRuns(project.id, ids, { signal }),
  );
  const [runs] = useResource(key && `compare-runs:${key}`, (signal) =>
    Promise.all(ids.map((id) => getRun(project.id, id, { signal }))),
  );
  const [picked, setPicked] = useState(0);
  if (ids.length < 2)
    return (
      <PageMessage
        title="Compare runs"
        heading="Pick two or more runs to compare"
        description="Tick the runs on the Evaluations page and choose Compare: the oldest is the baseline, and each other run is compared with it over the records both scored."
        action={{ href: evaluationsPath(project.id), label: "Pick runs" }}
        testId="compare-pick"
      />
    );
  if (comparison.status === "error")
    return (
      <div className="page">
        <PageHeader title="Compare runs" />
        <LoadFailed
          what="the comparison"
          error={{
            ...comparison.error,
            message:
              comparison.error.status === 404
                ? `${comparison.error.message} Check that every run in the link is in this project, and pick the runs again from the list.`
                : comparison.error.message,
          }}
          onRetry={reload}
        />
      </div>
    );
  if (comparison.status !== "ready") return <PageLoading label="Comparing the runs…" />;
  const byId = new Map<string, EvaluationRun>(
    runs.status === "ready" ? runs.data.map((run) => [run.id, run]) : [],
  );
  const nameOf = (id: string) => byId.get(id)?.name ?? id;
  const { baseline, comparisons } = comparison.data;
  const current = comparisons[Math.min(picked, comparisons.length - 1)];
  const unfinished = [...byId.values()].filter((run) => run.status === "running");
  return (
    <div className="page page--wide" data-testid="compare-page">
      <PageHeader
        title="Compare runs"
        description={
          <span className="ds-facts">
            <span>
              Baseline{" "}
              <Link href={runPath(project.id, baseline)} data-testid="compare-baseline">
                {nameOf(baseline)}
              </Link>
            </span>
            {comparisons.map((each) => (
              <span key={each.candidate}>
                Candidate{" "}
                <Link href={runPath(project.id, each.candidate)} data-testid="compare-candidate">
                  {nameOf(each.candidate)}
                </Link>
              </span>
            ))}
          </span>
        }
      />
      <div className="ev-stack">
        {unfinished.length > 0 && (
          <Alert tone="info" title="A run is still scoring">
            <p>
              {unfinished.map((run) => run.name).join(", ")} has not finished: the comparison covers what is
              scored so far. Reload when it completes.
            </p>
          </Alert>
        )}
        {comparisons.length > 1 && (
          <Segmented
            label="Candidate"
            options={comparisons.map((each, index) => ({
              value: String(index),
              label: nameOf(each.candidate),
            }))}
            value={String(Math.min(picked, comparisons.length - 1))}
            onChange={(value) => setPicked(Number(value))}
            data-testid="compare-candidate-pick"
          />
        )}
        {current && (
          <>
            <Card
              title="Metrics"
              description={`${nameOf(baseline)} → ${nameOf(current.candidate)} over ${formatInteger(current.pairs)} shared records`}
              data-testid="compare-metrics-card"
            >
              {current.pairs === 0 ? (
                <Alert tone="warning" title="These runs share no records">
                  <p>
                    Runs are paired by dataset record (or by their inputs): compare runs over the same
                    dataset.
                  </p>
                </Alert>
              ) : (
                <CompareMetrics
                  comparison={current}
                  baseline={nameOf(baseline)}
                  candidate={nameOf(current.candidate)}
                />
              )}
            </Card>
            <Card
              title="Changed records"
              description="Regressions first. Open one to see both runs' outputs side by side, the words that changed marked."
            >
              <CompareRecords
                key={current.candidate}
                projectId={project.id}
                comparison={current}
                names={{ baseline: nameOf(baseline), candidate: nameOf(current.candidate) }}
              />
            </Card>
          </>
        )}
      </div>
    </div>
  );
}
