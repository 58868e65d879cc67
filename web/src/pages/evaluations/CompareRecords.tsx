import { useMemo, useState } from "preact/hooks";
import type { RecordChange, RecordOutputs, RunComparison, RunOutput } from "../../api/evaluations";
import { traceHref } from "../../app/links";
import { Link } from "../../router";
import { Badge } from "../../ui/Badge";
import { Segmented } from "../../ui/Segmented";
import { JsonCell } from "../datasets/JsonCell";
import { previewOf } from "../datasets/jsonPreview";
import { RecordScores } from "./RecordScores";
import { type ChangedRecord, changedRecords, changeOf, changeValue } from "./results";
import { TextDiff } from "./TextDiff";

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

/** A run's trace of the record, labelled with the run's role: both runs link one. */
function TraceLink({
  projectId,
  side,
  output,
}: {
  projectId: string;
  side: "baseline" | "candidate";
  output: RunOutput | null | undefined;
}) {
  if (!output?.traceId) return null;
  return (
    <Link
      href={traceHref(projectId, output.traceId)}
      className="ev-trace-link"
      data-testid="compare-trace"
      data-side={side}
    >
      {side} trace
    </Link>
  );
}

/** The inputs as the API cut them: their JSON when whole, else the text. */
function inputsOf(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A side's title: the run, what the API left out of its outputs or why it has none, and its trace. */
function SideTitle(props: {
  projectId: string;
  side: "baseline" | "candidate";
  name: string;
  output: RunOutput | null | undefined;
}) {
  const { output } = props;
  return (
    <>
      <span>
        {props.side === "baseline" ? "Baseline" : "Candidate"} · {props.name}
        {output?.truncated ? " (first 8,000 characters)" : ""}
        {output?.error ? " (failed)" : ""}
        {output === null ? " (not in this run)" : ""}
      </span>
      <TraceLink projectId={props.projectId} side={props.side} output={output} />
    </>
  );
}

/** The two runs compared: ids (for their scores) and names (for titles). */
export interface ComparedPair {
  baseline: { id: string; name: string };
  candidate: { id: string; name: string };
}

function RecordBody({
  projectId,
  pair,
  record,
  outputs,
}: {
  projectId: string;
  pair: ComparedPair;
  record: ChangedRecord;
  outputs: RecordOutputs | undefined;
}) {
  if (!outputs)
    return (
      <p className="muted" data-testid="compare-outputs-left-out">
        The comparison carries the outputs of its first 100 changed records; open the runs' records for this
        one.
      </p>
    );
  const { baseline: before, candidate: after } = outputs;
  return (
    <>
      <div className="ev-record__inputs">
        <span className="ev-diff__title">Inputs</span>
        <JsonCell value={inputsOf(outputs.inputs)} testId="compare-inputs" />
      </div>
      <TextDiff
        before={before?.error ?? before?.text}
        after={after?.error ?? after?.text}
        beforeTitle={
          <SideTitle projectId={projectId} side="baseline" name={pair.baseline.name} output={before} />
        }
        afterTitle={
          <SideTitle projectId={projectId} side="candidate" name={pair.candidate.name} output={after} />
        }
      />
      <RecordScores outputs={outputs} changes={record.changes} />
    </>
  );
}

function RecordItem(props: {
  record: ChangedRecord;
  open: boolean;
  projectId: string;
  pair: ComparedPair;
  outputs: RecordOutputs | undefined;
}) {
  const { record, outputs } = props;
  // The body (and its scores' requests) waits until the record is first opened.
  const [opened, setOpened] = useState(props.open);
  const inputs = inputsOf(outputs?.inputs);
  const title = previewOf(inputs, { keys: 1, chars: 90 }).lines[0]?.text ?? record.rowKey;
  return (
    <details
      className="ev-record"
      open={props.open}
      onToggle={(event) => {
        if ((event.currentTarget as HTMLDetailsElement).open) setOpened(true);
      }}
      data-testid="compare-record"
      data-change={record.kind}
    >
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
        {(opened || props.open) && (
          <RecordBody projectId={props.projectId} pair={props.pair} record={record} outputs={outputs} />
        )}
      </div>
    </details>
  );
}

/**
 * The records whose scores changed, regressions first, each opening to both runs' outputs side by
 * side with a word diff (the comparison carries them for its first 100 changed records), and
 * under each run's output what its scorers said of it and why.
 */
export function CompareRecords({
  projectId,
  comparison,
  pair,
}: {
  projectId: string;
  comparison: RunComparison;
  pair: ComparedPair;
}) {
  const [only, setOnly] = useState<Only>("all");
  const records = useMemo(() => changedRecords(comparison.records), [comparison.records]);
  const outputs = useMemo(
    () => new Map(comparison.outputs.map((each) => [each.rowKey, each])),
    [comparison.outputs],
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
        {records.length > outputs.size && (
          <span className="muted">Outputs are shown for the first {outputs.size} changed records.</span>
        )}
      </div>
      {shown.map((record, index) => (
        <RecordItem
          key={record.rowKey}
          record={record}
          open={index < OPEN_FIRST}
          projectId={projectId}
          pair={pair}
          outputs={outputs.get(record.rowKey)}
        />
      ))}
      {shown.length === 0 && <p className="ev-note">None of this kind.</p>}
    </div>
  );
}
