import { useMemo } from "preact/hooks";
import type { Dataset } from "../../api/datasets";
import type { EvaluationRun } from "../../api/evaluations";
import { formatDateTime, formatRelative } from "../../app/format";
import { formatInteger } from "../../app/numbers";
import { Link } from "../../router";
import { type Column, Table } from "../../ui/Table";
import { PickAllBox, PickBox } from "../datasets/PickBox";
import { datasetPath } from "../datasets/paths";
import { formatInterval, formatMetric, type MainMetric, METRIC_LABEL, mainMetric } from "./figures";
import { runPath } from "./paths";
import { ParamChips } from "./RunIdentity";
import { RunProgress, StatusBadge } from "./RunStatus";
import { differingParams, runParams, shortRunId } from "./runParams";

/** A scorer's headline figure on one line: "mentions_refund 82% pass rate [62%–91%] · 2 errors". */
export function MetricLine({ metric }: { metric: MainMetric }) {
  const interval = formatInterval(metric.kind, metric.interval);
  return (
    <div className="ev-metric-line" data-testid="run-metric" data-name={metric.name}>
      <span className="mono ev-metric-line__name">{metric.name}</span>
      <span className="num ev-metric-line__value" data-testid="run-metric-value">
        {formatMetric(metric.kind, metric.value)}
      </span>
      <span className="ev-metric-line__meta">
        {metric.count === 0 ? "no values yet" : METRIC_LABEL[metric.kind]}
        {interval && (
          <span className="num" title="95 % confidence interval">
            {" "}
            [{interval}]
          </span>
        )}
        {metric.errors > 0 && (
          <span className="text-danger">
            {" "}
            · {formatInteger(metric.errors)} error{metric.errors === 1 ? "" : "s"}
          </span>
        )}
      </span>
    </div>
  );
}

function DataCell({ projectId, run, name }: { projectId: string; run: EvaluationRun; name: string | null }) {
  if (!run.dataset)
    return (
      <span className="muted">
        {run.source === "records" ? "Records from the SDK" : "Traces"} · {formatInteger(run.rows)}
      </span>
    );
  return (
    <span className="stack">
      <Link href={datasetPath(projectId, run.dataset.id, { version: String(run.dataset.version) })}>
        {name ?? <span className="mono">{run.dataset.id}</span>} · v{run.dataset.version}
      </Link>
      <span className="stack__meta">{formatInteger(run.rows)} records</span>
    </span>
  );
}

/**
 * Per run, the params that differ from the run of the same name before it (the list is newest
 * first), so a prompt or model change shows where the figures move.
 */
function changedFromPrevious(runs: readonly EvaluationRun[]): Map<string, ReadonlySet<string>> {
  const changed = new Map<string, ReadonlySet<string>>();
  runs.forEach((run, index) => {
    const previous = runs.slice(index + 1).find((other) => other.name === run.name);
    if (previous) changed.set(run.id, differingParams([runParams(previous), runParams(run)]));
  });
  return changed;
}

const columns = (
  projectId: string,
  runs: readonly EvaluationRun[],
  picked: ReadonlySet<string>,
  onPick: (picked: ReadonlySet<string>) => void,
  names: ReadonlyMap<string, string>,
  differing: ReadonlyMap<string, ReadonlySet<string>>,
): Column<EvaluationRun>[] => [
  {
    key: "pick",
    header: (
      <PickAllBox
        ids={runs.map((run) => run.id)}
        picked={picked}
        onChange={onPick}
        label="Pick every run to compare"
        testId="runs-pick-all"
      />
    ),
    width: "36px",
    render: (run) => (
      <PickBox
        id={run.id}
        picked={picked}
        onChange={onPick}
        label={`Compare ${run.name}`}
        testId="run-pick"
      />
    ),
  },
  {
    key: "name",
    header: "Run",
    render: (run) => (
      <span className="stack">
        <Link href={runPath(projectId, run.id)} className="cell-title__text" data-testid="run-link">
          {run.name}
        </Link>
        <span className="stack__meta">
          <span className="mono" title={run.id}>
            {shortRunId(run.id)}
          </span>{" "}
          · {run.scorers.length + run.codeScorers.length} scorer
          {run.scorers.length + run.codeScorers.length === 1 ? "" : "s"}
          {run.repeats > 1 && ` × ${run.repeats} repeats`}
        </span>
        {(Object.keys(run.params).length > 0 || Object.keys(run.tags).length > 0) && (
          <ParamChips params={runParams(run)} differing={differing.get(run.id)} />
        )}
      </span>
    ),
  },
  {
    key: "status",
    header: "Status",
    width: "190px",
    render: (run) =>
      run.status === "running" ? <RunProgress run={run} compact /> : <StatusBadge status={run.status} />,
  },
  {
    key: "data",
    header: "Dataset",
    width: "170px",
    render: (run) => (
      <DataCell
        projectId={projectId}
        run={run}
        name={run.dataset ? (names.get(run.dataset.id) ?? null) : null}
      />
    ),
  },
  {
    key: "metrics",
    header: "Scorers (95 % interval)",
    render: (run) => (
      <div className="ev-metric-lines">
        {/* By name, so the same scorer sits on the same line in every run. */}
        {[...run.scorerMetrics]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((metrics) => (
            <MetricLine key={metrics.name} metric={mainMetric(metrics)} />
          ))}
      </div>
    ),
  },
  {
    key: "created",
    header: "Started",
    width: "150px",
    render: (run) => (
      <span className="stack">
        <time className="nowrap" dateTime={run.createdAt} title={formatDateTime(run.createdAt)}>
          {formatRelative(run.createdAt)}
        </time>
        <span className="stack__meta cell-clamp">{run.createdBy}</span>
      </span>
    ),
  },
];

export interface RunsTableProps {
  projectId: string;
  runs: readonly EvaluationRun[];
  picked: ReadonlySet<string>;
  onPick: (picked: ReadonlySet<string>) => void;
  /** The project's datasets, for their names (a run names only its dataset's id). */
  datasets: readonly Dataset[];
}

/** The runs, newest first, each with its status or live progress and its scorers' headline figures. */
export function RunsTable({ projectId, runs, picked, onPick, datasets }: RunsTableProps) {
  const names = new Map(datasets.map((dataset) => [dataset.id, dataset.name]));
  const differing = useMemo(() => changedFromPrevious(runs), [runs]);
  return (
    <Table
      caption="Evaluation runs"
      columns={columns(projectId, runs, picked, onPick, names, differing)}
      rows={runs}
      rowKey={(run) => run.id}
    />
  );
}
