import { useState } from "preact/hooks";
import { type EvaluationRun, MAX_COMPARED } from "../../api/evaluations";
import { formatInteger } from "../../app/numbers";
import { useProject } from "../../auth/SessionProvider";
import { useLocation } from "../../router";
import { Card } from "../../ui/Card";
import { PageHeader } from "../../ui/PageHeader";
import { Segmented } from "../../ui/Segmented";
import { LoadFailed } from "../common/LoadFailed";
import { PageLoading } from "../common/PageLoading";
import { ComparedRuns } from "./ComparedRuns";
import { CompareMetrics } from "./CompareMetrics";
import { linkProblem, NoSharedRecords, RunStateNotes, RunsNotFound } from "./CompareNotices";
import { CompareRecords } from "./CompareRecords";
import { shortRunId } from "./runParams";
import { useComparedRuns } from "./useComparedRuns";

/**
 * Runs compared with the first (the baseline): which runs they are and what differs between them,
 * the metrics with the tests' verdicts, then the changed records with why their scores changed.
 */
export function ComparePage() {
  const project = useProject();
  const { search } = useLocation();
  const ids = new URLSearchParams(search).getAll("runs");
  const problem = linkProblem(project.id, ids, MAX_COMPARED);
  const { comparison, runs, reload } = useComparedRuns(project.id, problem ? null : ids);
  const [picked, setPicked] = useState(0);
  if (problem) return problem;
  const missing = runs.status === "ready" ? runs.data.filter((each) => each.run === null) : [];
  if (missing.length > 0)
    return <RunsNotFound projectId={project.id} ids={ids} missing={missing.map((each) => each.id)} />;
  // A run the project lacks answers 404: wait for the runs, which say which one.
  if (comparison.status === "error" && comparison.error.status === 404 && runs.status === "loading")
    return <PageLoading label="Comparing the runs…" />;
  if (comparison.status === "error")
    return (
      <div className="page">
        <PageHeader title="Compare runs" />
        <LoadFailed what="the comparison" error={comparison.error} onRetry={reload} />
      </div>
    );
  if (comparison.status !== "ready") return <PageLoading label="Comparing the runs…" />;
  const byId = new Map<string, EvaluationRun>(
    runs.status === "ready" ? runs.data.flatMap((each) => (each.run ? [[each.id, each.run]] : [])) : [],
  );
  const nameOf = (id: string) => byId.get(id)?.name ?? id;
  const { baseline, comparisons } = comparison.data;
  const index = Math.min(picked, comparisons.length - 1);
  const current = comparisons[index];
  return (
    <div className="page page--wide" data-testid="compare-page">
      <PageHeader
        title="Compare runs"
        description={
          comparisons.length > 1
            ? `${comparisons.length} candidates, each compared with the baseline over the records both scored.`
            : "The candidate compared with the baseline over the records both scored."
        }
      />
      <div className="ev-stack">
        {runs.status === "error" && (
          <LoadFailed what="the runs' details" error={runs.error} onRetry={reload} />
        )}
        <RunStateNotes runs={[...byId.values()]} onReload={reload} />
        {comparisons.length > 1 && (
          <Segmented
            label="Candidate"
            options={comparisons.map((each, at) => ({
              value: String(at),
              // Runs of one evaluation share a name: the id tells them apart.
              label: `${nameOf(each.candidate)} · ${shortRunId(each.candidate)}`,
            }))}
            value={String(index)}
            onChange={(value) => setPicked(Number(value))}
            data-testid="compare-candidate-pick"
          />
        )}
        {current && (
          <>
            <ComparedRuns
              projectId={project.id}
              baseline={baseline}
              candidate={current.candidate}
              runs={byId}
            />
            <Card
              title="Metrics"
              description={`Candidate − baseline over ${formatInteger(current.pairs)} shared records`}
              data-testid="compare-metrics-card"
            >
              {current.pairs === 0 ? (
                <NoSharedRecords />
              ) : (
                <CompareMetrics
                  comparison={current}
                  baseline={nameOf(baseline)}
                  candidate={nameOf(current.candidate)}
                />
              )}
            </Card>
            {current.pairs > 0 && (
              <Card
                title="Changed records"
                description="Regressions first. Open one for both runs' outputs side by side (the words that changed marked) and what each scorer said of them, and why."
              >
                <CompareRecords
                  key={current.candidate}
                  projectId={project.id}
                  comparison={current}
                  pair={{
                    baseline: { id: baseline, name: nameOf(baseline) },
                    candidate: { id: current.candidate, name: nameOf(current.candidate) },
                  }}
                />
              </Card>
            )}
          </>
        )}
      </div>
    </div>
  );
}
