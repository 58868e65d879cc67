import type { EvaluationRun } from "../../api/evaluations";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { IconRefresh } from "../../ui/icons";
import { PageMessage } from "./PageMessage";
import { comparePath, evaluationsPath } from "./paths";
import { shortRunId } from "./runParams";

/** The page saying why a link cannot be compared at all (fewer than two runs, a run twice, too many), or null. */
export function linkProblem(projectId: string, ids: readonly string[], most: number) {
  const distinct = [...new Set(ids)];
  if (ids.length < 2)
    return (
      <PageMessage
        title="Compare runs"
        heading="Pick two or more runs to compare"
        description="Tick the runs on the Evaluations page and choose Compare: the oldest is the baseline, and each other run is compared with it over the records both scored."
        action={{ href: evaluationsPath(projectId), label: "Pick runs" }}
        testId="compare-pick"
      />
    );
  if (distinct.length < ids.length)
    return (
      <PageMessage
        title="Compare runs"
        heading="The link names a run twice"
        description="A run compared with itself changes nothing. Compare each run once, or pick another run to compare it with."
        action={
          distinct.length >= 2
            ? { href: comparePath(projectId, distinct), label: "Compare each run once" }
            : { href: evaluationsPath(projectId), label: "Pick runs" }
        }
        testId="compare-repeated"
      />
    );
  if (ids.length > most)
    return (
      <PageMessage
        title="Compare runs"
        heading={`A comparison takes ${most} runs at the most`}
        description={`The link names ${ids.length}. Compare the first ${most} (the first is the baseline), or pick fewer runs.`}
        action={{ href: comparePath(projectId, ids.slice(0, most)), label: `Compare the first ${most}` }}
        testId="compare-too-many"
      />
    );
  return null;
}

/** The runs of the link that the project does not have, and the way on without them. */
export function RunsNotFound({
  projectId,
  ids,
  missing,
}: {
  projectId: string;
  ids: readonly string[];
  missing: readonly string[];
}) {
  const rest = ids.filter((id) => !missing.includes(id));
  return (
    <PageMessage
      title="Compare runs"
      heading={
        missing.length === 1 ? "One of the runs isn't in this project" : "Some runs aren't in this project"
      }
      description={
        <>
          No run <span className="mono">{missing.join(", ")}</span> here: it was deleted, or it belongs to
          another project (switch projects and open the link again).{" "}
          {rest.length >= 2 ? "Compare the others, or pick runs again." : "Pick the runs to compare again."}
        </>
      }
      action={
        rest.length >= 2
          ? { href: comparePath(projectId, rest), label: "Compare the others" }
          : { href: evaluationsPath(projectId), label: "Pick runs" }
      }
      testId="compare-not-found"
    />
  );
}

const named = (run: EvaluationRun) => `${run.name} (${shortRunId(run.id)})`;

/** Runs still scoring (the comparison covers what is scored so far) and runs that stopped early. */
export function RunStateNotes({ runs, onReload }: { runs: readonly EvaluationRun[]; onReload: () => void }) {
  const running = runs.filter((run) => run.status === "running");
  const stopped = runs.filter((run) => run.status === "cancelled" || run.status === "failed");
  return (
    <>
      {running.length > 0 && (
        <Alert
          tone="info"
          title={running.length === 1 ? "A run is still scoring" : "Runs are still scoring"}
          actions={
            <Button size="sm" icon={IconRefresh} onClick={onReload} data-testid="compare-reload">
              Compare now
            </Button>
          }
        >
          <p data-testid="compare-running">
            {running.map(named).join(", ")} {running.length === 1 ? "has" : "have"} not finished: the
            comparison covers the records scored so far, and is compared again when{" "}
            {running.length === 1 ? "it completes" : "they complete"}.
          </p>
        </Alert>
      )}
      {stopped.length > 0 && (
        <Alert tone="warning" title="A run stopped before the end">
          <p data-testid="compare-stopped">
            {stopped.map((run) => `${named(run)} ${run.status}`).join(", ")}: the comparison covers only the
            records it scored. Resume a cancelled run from its page to compare all of them.
          </p>
        </Alert>
      )}
    </>
  );
}

/** Why two runs share no record, and what to compare instead. */
export function NoSharedRecords() {
  return (
    <Alert tone="warning" title="These runs share no records">
      <p data-testid="compare-no-pairs">
        Runs are paired record by record: by dataset record (any version of the same dataset), by trace, or by
        the same inputs. No record of these runs pairs up, so there is nothing to test: compare runs over the
        same dataset, or send the same inputs from the SDK.
      </p>
    </Alert>
  );
}
