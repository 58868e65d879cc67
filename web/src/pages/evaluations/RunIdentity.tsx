import { getDataset } from "../../api/datasets";
import type { EvaluationRun } from "../../api/evaluations";
import { useResource } from "../../api/useResource";
import { formatDateTime, formatRelative, formatTime } from "../../app/format";
import { Link } from "../../router";
import { cx } from "../../ui/cx";
import { IconCheck, IconCopy } from "../../ui/icons";
import { useCopy } from "../../ui/useCopy";
import { datasetPath } from "../datasets/paths";
import { type ParamChange, paramId, type RunParam, shortRunId } from "./runParams";

/** A run's id, short and monospaced, the whole id on hover and copied by a click. */
export function RunId({ id }: { id: string }) {
  const { copied, copy } = useCopy(id);
  // Wrapped, so a list's separator (`.ds-facts`) goes before the button, not inside it.
  return (
    <span>
      <button
        type="button"
        className="ev-run-id mono"
        title={`${id} (click to copy)`}
        aria-label={copied ? `Copied ${id}` : `Copy the run id ${id}`}
        onClick={() => void copy()}
        data-testid="run-id"
        data-id={id}
      >
        {shortRunId(id)}
        {copied ? <IconCheck size={12} /> : <IconCopy size={12} />}
      </button>
    </span>
  );
}

/** "Started 5 minutes ago by Ada", the exact time (seconds too: runs minutes apart) on hover. */
export function RunStarted({ run }: { run: Pick<EvaluationRun, "createdAt" | "createdBy"> }) {
  return (
    <span data-testid="run-started">
      Started{" "}
      <time
        dateTime={run.createdAt}
        title={`${formatDateTime(run.createdAt)} (${formatTime(run.createdAt)})`}
      >
        {formatRelative(run.createdAt)}
      </time>{" "}
      by {run.createdBy}
    </span>
  );
}

/**
 * A run's params and tags as chips; those in `differing` marked, with the other run's value
 * when `changes` gives it ("prompt: support → terse").
 */
export function ParamChips({
  params,
  differing,
  changes,
  empty = "No params",
}: {
  params: readonly RunParam[];
  differing?: ReadonlySet<string>;
  /** How this run's values changed from another's: shown as "before → this". */
  changes?: readonly ParamChange[];
  empty?: string;
}) {
  if (params.length === 0)
    return (
      <span className="muted" data-testid="run-params-none">
        {empty}
      </span>
    );
  const before = new Map(changes?.map((change) => [paramId(change), change.before]));
  return (
    <span className="ev-params" data-testid="run-params">
      {params.map((param) => {
        const id = paramId(param);
        const differs = differing?.has(id) ?? false;
        const was = before.get(id);
        return (
          <span
            key={id}
            className={cx("ev-param", param.tag && "ev-param--tag", differs && "ev-param--differs")}
            title={`${param.tag ? "Tag" : "Param"} ${param.key}: ${param.text}${differs ? ` (differs${was === undefined ? "" : `: was ${was ?? "(none)"}`})` : ""}`}
            data-testid="run-param"
            data-key={param.key}
            data-differs={differs}
          >
            <span className="ev-param__key">
              {param.tag ? "#" : ""}
              {param.key}
            </span>
            <span className="ev-param__value">
              {was !== undefined && (
                <>
                  <s className="ev-param__was">{was ?? "(none)"}</s> →{" "}
                </>
              )}
              {param.text}
            </span>
          </span>
        );
      })}
    </span>
  );
}

/** The run's dataset by name (a run names only its id), at the version it read. */
function DatasetLink({
  projectId,
  dataset,
}: {
  projectId: string;
  dataset: { id: string; version: number };
}) {
  const [state] = useResource(`dataset:${projectId}:${dataset.id}`, (signal) =>
    getDataset(projectId, dataset.id, { signal }),
  );
  return (
    <Link
      href={datasetPath(projectId, dataset.id, { version: String(dataset.version) })}
      data-testid="run-dataset"
    >
      {state.status === "ready" ? state.data.name : "Dataset"} · version {dataset.version}
    </Link>
  );
}

/** What the run scored: a dataset version, records the SDK sent, or traces. */
export function RunData({ projectId, run }: { projectId: string; run: EvaluationRun }) {
  if (run.dataset) return <DatasetLink projectId={projectId} dataset={run.dataset} />;
  return <span>{run.source === "records" ? "Records sent by the SDK" : "Traces"}</span>;
}
