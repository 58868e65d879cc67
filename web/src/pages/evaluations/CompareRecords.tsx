import { useMemo, useState } from "preact/hooks";
import type { EvaluationResult, RecordChange, RunComparison } from "../../api/evaluations";
import type { Resource } from "../../api/useResource";
import { traceHref } from "../../app/links";
import { Link } from "../../router";
import { Badge } from "../../ui/Badge";
import { Segmented } from "../../ui/Segmented";
import { Skeleton } from "../../ui/Skeleton";
import { JsonCell } from "../datasets/JsonCell";
import { previewOf } from "../datasets/jsonPreview";
import { type ChangedRecord, changedRecords, changeOf, changeValue } from "./results";
import { TextDiff } from "./TextDiff";
import { type RowLookup, useRowLookup } from "./useRowLookup";

type Only = "all" | "regressed" | "fixed";
const KIND_TONE = {
  regressed: "danger",
  lower: "warning",
  mixed: "neutral",
  higher: "info",
  fixed: "success",
} as const;
const KIND_LABEL = {
  regressed: "Regressed",
  lower: "Lower",
  mixed: "Mixed",
  higher: "Higher",
  fixed: "Fixed",
} as const;
/** Records opened at first: the worst regressions, so the page answers "what broke?" at a glance. */
const OPEN_FIRST = 3;

function Change({ change }: { change: RecordChange }) {
  return (
    <span className="ev-change" data-testid="record-change" data-change={changeOf(change)}>
      <span className="mono">{change.scorer}</span> {changeValue(change.baseline)} →{" "}
      {changeValue(change.candidate)}
    </span>
  );
}

function RunSide({ projectId, result }: { projectId: string; result: EvaluationResult | undefined }) {
  if (!result?.traceId) return null;
  return (
    <Link href={traceHref(projectId, result.traceId)} className="mono ev-trace-link">
      trace
    </Link>
  );
}

function RecordItem(props: {
  record: ChangedRecord;
  open: boolean;
  projectId: string;
  names: { baseline: string; candidate: string };
  lookup: Resource<RowLookup>;
  runs: { baseline: string; candidate: string };
}) {
  const { record, projectId, names, lookup, runs } = props;
  const rows = lookup.status === "ready" ? lookup.data.rows : null;
  const before = rows?.get(runs.baseline)?.get(record.rowKey);
  const after = rows?.get(runs.candidate)?.get(record.rowKey);
  const title =
    previewOf(before?.inputs ?? after?.inputs, { keys: 1, chars: 90 }).lines[0]?.text ?? record.rowKey;
  return (
    <details className="ev-record" open={props.open} data-testid="compare-record" data-change={record.kind}>
      <summary className="ev-record__summary">
        <Badge tone={KIND_TONE[record.kind]}>{KIND_LABEL[record.kind]}</Badge>
        <span className="ev-record__title">{title}</span>
        <span className="ev-record__changes">
          {record.changes.map((each) => (
            <Change key={each.scorer} change={each} />
          ))}
        </span>
      </summary>
      <div className="ev-record__body">
        {lookup.status === "loading" && <Skeleton width="100%" height={80} />}
        {lookup.status === "error" && (
          <p className="text-danger">Couldn't load the outputs: {lookup.error.message}</p>
        )}
        {rows && !before && !after && (
          <p className="muted">This record's outputs were not found in the runs' first 10,000 records.</p>
        )}
        {(before || after) && (
          <>
            <div className="ev-record__inputs">
              <span className="ev-diff__title">Inputs</span>
              <JsonCell value={before?.inputs ?? after?.inputs} testId="compare-inputs" />
              <RunSide projectId={projectId} result={before} />
              <RunSide projectId={projectId} result={after} />
            </div>
            <TextDiff
              before={before?.outputs}
              after={after?.outputs}
              beforeTitle={`Baseline · ${names.baseline}`}
              afterTitle={`Candidate · ${names.candidate}`}
            />
          </>
        )}
      </div>
    </details>
  );
}

/** The records whose scores changed, regressions first, each opening to its outputs side by side with a word diff. */
export function CompareRecords({
  projectId,
  comparison,
  runs,
  names,
}: {
  projectId: string;
  comparison: RunComparison;
  runs: { baseline: string; candidate: string };
  names: { baseline: string; candidate: string };
}) {
  const [only, setOnly] = useState<Only>("all");
  const records = useMemo(() => changedRecords(comparison.records), [comparison.records]);
  const lookup = useRowLookup(
    projectId,
    [runs.baseline, runs.candidate],
    records.map((record) => record.rowKey),
  );
  const regressed = records.filter((record) => record.kind === "regressed").length;
  const fixed = records.filter((record) => record.kind === "fixed").length;
  const shown = records.filter((record) => only === "all" || record.kind === only);
  if (records.length === 0)
    return (
      <p className="ev-note" data-testid="compare-records-none">
        No record changed: every shared record scored the same in both runs.
      </p>
    );
  return (
    <div className="ev-records" data-testid="compare-records">
      <div className="ev-records__bar">
        <Segmented
          label="Show"
          options={[
            { value: "all", label: `All changes (${records.length})` },
            { value: "regressed", label: `Regressions (${regressed})` },
            { value: "fixed", label: `Fixes (${fixed})` },
          ]}
          value={only}
          onChange={setOnly}
          data-testid="compare-records-show"
        />
        {comparison.recordsTotal > comparison.records.length && (
          <span className="muted" data-testid="compare-records-cut">
            The {comparison.records.length} most changed of {comparison.recordsTotal} changes.
          </span>
        )}
        {lookup.status === "ready" && !lookup.data.complete && (
          <span className="muted">Some outputs are beyond the first 10,000 records and not shown.</span>
        )}
      </div>
      {shown.map((record, index) => (
        <RecordItem
          key={record.rowKey}
          record={record}
          open={index < OPEN_FIRST}
          projectId={projectId}
          names={names}
          lookup={lookup}
          runs={runs}
        />
      ))}
      {shown.length === 0 && <p className="ev-note">None of this kind.</p>}
    </div>
  );
}
