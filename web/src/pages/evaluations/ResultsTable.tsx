import type { EvaluationResult, EvaluationRun } from "../../api/evaluations";
import { traceHref } from "../../app/links";
import { formatDuration } from "../../app/numbers";
import { Link } from "../../router";
import { type Column, Table } from "../../ui/Table";
import { JsonCell } from "../datasets/JsonCell";
import { groupScores, scoresOf } from "./results";
import { ScoreChip } from "./ScoreChip";

function ScoresCell({
  result,
  scorer,
  run,
}: {
  result: EvaluationResult;
  scorer: string;
  run: EvaluationRun;
}) {
  if (result.error !== null) return <span className="muted">not scored</span>;
  const scores = scoresOf(result, scorer);
  if (scores.length === 0)
    return <span className="muted">{run.status === "running" ? "pending…" : "not scored"}</span>;
  return (
    <span className="ev-chips">
      {groupScores(scores).map((group) => (
        <ScoreChip key={`${group.tone}:${group.text}`} group={group} scorer={scorer} />
      ))}
    </span>
  );
}

function RecordCell({ projectId, result }: { projectId: string; result: EvaluationResult }) {
  return (
    <span className="stack">
      <span className="num">#{result.position}</span>
      {result.traceId && (
        <Link
          href={traceHref(projectId, result.traceId)}
          className="mono ev-trace-link"
          title={`Open trace ${result.traceId}`}
          data-testid="result-trace"
        >
          trace
        </Link>
      )}
      {result.latencyMs !== null && (
        <span className="stack__meta num">{formatDuration(result.latencyMs)}</span>
      )}
    </span>
  );
}

function OutputsCell({ result }: { result: EvaluationResult }) {
  return (
    <div className="stack">
      <JsonCell value={result.outputs} testId="result-outputs" />
      {result.error !== null && (
        <span className="ev-row-error" data-testid="result-error">
          {result.error}
        </span>
      )}
    </div>
  );
}

const columns = (
  projectId: string,
  run: EvaluationRun,
  scorers: readonly string[],
): Column<EvaluationResult>[] => [
  {
    key: "record",
    header: "Record",
    width: "72px",
    render: (result) => <RecordCell projectId={projectId} result={result} />,
  },
  {
    key: "inputs",
    header: "Inputs",
    width: "20%",
    render: (result) => <JsonCell value={result.inputs} testId="result-inputs" />,
  },
  { key: "outputs", header: "Outputs", width: "28%", render: (result) => <OutputsCell result={result} /> },
  {
    key: "expectations",
    header: "Expectations",
    width: "18%",
    render: (result) => <JsonCell value={result.expectations} testId="result-expectations" />,
  },
  ...scorers.map(
    (scorer): Column<EvaluationResult> => ({
      key: `scorer:${scorer}`,
      header: <span className="mono">{scorer}</span>,
      width: run.repeats > 1 ? "150px" : "110px",
      render: (result) => <ScoresCell result={result} scorer={scorer} run={run} />,
    }),
  ),
];

/** Records in order with what went in, what came out, what was expected, and each scorer's results. */
export function ResultsTable({
  projectId,
  run,
  results,
  scorers,
  empty,
}: {
  projectId: string;
  run: EvaluationRun;
  results: readonly EvaluationResult[];
  /** The scorer columns shown (one when the table is filtered to a scorer). */
  scorers: readonly string[];
  empty: string;
}) {
  return (
    <Table
      caption={`Results of ${run.name}`}
      className="ev-results"
      columns={columns(projectId, run, scorers)}
      rows={results}
      rowKey={(result) => result.rowKey}
      empty={<span data-testid="results-empty">{empty}</span>}
    />
  );
}
