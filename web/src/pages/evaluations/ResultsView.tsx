import { type EvaluationResult, type EvaluationRun, listResults } from "../../api/evaluations";
import { useCursorPages } from "../../api/useCursorPages";
import { formatInteger } from "../../app/numbers";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { Select } from "../../ui/Input";
import { IconRefresh } from "../../ui/icons";
import { Segmented } from "../../ui/Segmented";
import { LoadFailed } from "../common/LoadFailed";
import { LoadingRows } from "../common/LoadingRows";
import { useQueryParams } from "../datasets/useQueryParams";
import { ResultsTable } from "./ResultsTable";
import type { Show } from "./results";

const SHOW: readonly { value: Show; label: string }[] = [
  { value: "all", label: "All records" },
  { value: "failures", label: "Failures" },
  { value: "errors", label: "Errors" },
];
const PAGE = 50;

const EMPTY: Readonly<Record<Show, string>> = {
  all: "This run has no records.",
  failures: "No record failed.",
  errors: "No errors: every record was scored.",
};

/**
 * The run's records a page at a time, filtered by the API to failures or errors and to one scorer
 * (over the whole run, not the pages loaded).
 */
export function ResultsView({ projectId, run }: { projectId: string; run: EvaluationRun }) {
  const { params, set } = useQueryParams();
  const asked = params.get("show");
  const show: Show = asked === "failures" || asked === "errors" ? asked : "all";
  const names = [...run.scorers.map((scorer) => scorer.name), ...run.codeScorers];
  const scorer = names.find((name) => name === params.get("scorer")) ?? null;
  // A run that finishes reads its results again; while it runs, "Refresh" does.
  const { pages, loadMore, reload } = useCursorPages<EvaluationResult>({
    key: `${run.id}\u0000${run.status}\u0000${show}\u0000${scorer ?? ""}`,
    what: "results",
    idOf: (result) => result.rowKey,
    fetchPage: async (cursor, signal) => {
      const filter = { show, ...(scorer === null ? {} : { scorer }) };
      const page = await listResults(projectId, run.id, { cursor, limit: PAGE, ...filter }, { signal });
      return { items: page.results, nextCursor: page.nextCursor };
    },
  });
  const shown = pages.status === "ready" ? pages.items : [];
  const filtered = show !== "all";

  return (
    <Card
      flush
      title="Records"
      description="Hover a score for its rationale. A record with a trace links to it."
      actions={
        run.status === "running" && (
          <Button size="sm" icon={IconRefresh} onClick={reload} data-testid="results-refresh">
            Refresh
          </Button>
        )
      }
      data-testid="results"
    >
      <div className="filter-bar">
        <div className="filter-bar__row">
          <Segmented
            label="Show"
            options={SHOW}
            value={show}
            onChange={(next) => set({ show: next === "all" ? null : next }, { replace: true })}
            data-testid="results-show"
          />
          <Select
            size="sm"
            aria-label="Scorer"
            value={scorer ?? ""}
            onChange={(event) => set({ scorer: event.currentTarget.value || null }, { replace: true })}
            data-testid="results-scorer"
          >
            <option value="">Every scorer</option>
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </Select>
          {pages.status === "ready" && (
            <span className="ev-results__count muted num" data-testid="results-count">
              {filtered
                ? `${formatInteger(shown.length)}${pages.nextCursor ? "+" : ""} of ${formatInteger(run.rows)} records`
                : `${formatInteger(pages.items.length)} of ${formatInteger(run.rows)} records`}
            </span>
          )}
        </div>
      </div>
      {pages.status === "loading" && <LoadingRows label="Loading results…" block="settings-loading" />}
      {pages.status === "error" && (
        <div className="settings-pad">
          <LoadFailed what="the run's results" error={pages.error} onRetry={reload} />
        </div>
      )}
      {pages.status === "ready" && (
        <>
          <ResultsTable
            projectId={projectId}
            run={run}
            results={shown}
            scorers={scorer ? [scorer] : names}
            empty={EMPTY[show]}
          />
          {pages.nextCursor && (
            <div className="load-more">
              <Button
                onClick={() => void loadMore()}
                loading={pages.loadingMore}
                data-testid="results-load-more"
              >
                Load more
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}
