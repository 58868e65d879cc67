import type { DatasetImport, RejectedRow } from "../../api/datasets";
import { formatInteger } from "../../app/numbers";
import type { ImportProgress } from "./importRunner";
import { ProgressBar } from "./ProgressBar";

const PHASE: Readonly<Record<ImportProgress["phase"], string>> = {
  preparing: "Reading the file…",
  sending: "Sending the file in chunks…",
  committing: "Committing: writing the new version…",
  done: "Imported.",
  aborted: "Aborted: nothing was written.",
};

/** Where a running import is: lines sent of the file's, rows accepted and rejected so far. */
export function ImportProgressPanel({
  progress,
  unit,
}: {
  progress: ImportProgress;
  unit: "line" | "record";
}) {
  const units = `${unit}s`;
  return (
    <div className="ds-import-progress" data-testid="import-progress" data-phase={progress.phase}>
      <p className="ds-import-progress__phase">{PHASE[progress.phase]}</p>
      <ProgressBar
        value={progress.linesSent}
        total={progress.phase === "preparing" ? null : progress.totalLines}
        label="Import progress"
        tone={progress.phase === "done" ? "success" : "accent"}
        data-testid="import-progress-bar"
      />
      <p className="ds-import-progress__counts" data-testid="import-counts">
        <span data-testid="import-sent">
          {formatInteger(progress.linesSent)} of {formatInteger(progress.totalLines)} {units} sent
        </span>
        {" · "}
        <span data-testid="import-accepted">{formatInteger(progress.accepted)} accepted</span>
        {" · "}
        <span className={progress.rejected > 0 ? "text-danger" : undefined} data-testid="import-rejected">
          {formatInteger(progress.rejected)} rejected
        </span>
      </p>
    </div>
  );
}

/** What a committed import did: the version, and how the accepted rows merged. */
export function ImportSummary({ session }: { session: DatasetImport }) {
  const figures = [
    ["Version", session.version === null ? "—" : `v${session.version}`],
    ["Accepted", formatInteger(session.accepted)],
    ["Rejected", formatInteger(session.rejected)],
    ["Inserted", formatInteger(session.inserted)],
    ["Updated", formatInteger(session.updated)],
    ["Unchanged", formatInteger(session.unchanged)],
  ] as const;
  return (
    <dl className="ds-figures" data-testid="import-summary">
      {figures.map(([label, value]) => (
        <div key={label} className="ds-figures__item">
          <dt>{label}</dt>
          <dd data-testid={`summary-${label.toLowerCase()}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The rows that were not imported, each with its line (or record number) and why. */
export function RejectedRows({
  rows,
  total,
  unit,
}: {
  rows: readonly RejectedRow[];
  /** Rejected in all: the server lists the first 1,000. */
  total: number;
  unit: "line" | "record" | "trace";
}) {
  if (rows.length === 0) return null;
  return (
    <div className="ds-rejected" data-testid="rejected-rows">
      <h3 className="ds-rejected__title">
        {formatInteger(total)} {total === 1 ? "row was" : "rows were"} not imported
      </h3>
      <p className="muted ds-rejected__hint">
        Fix them in the file and import it again: rows already imported merge without change.
        {total > rows.length && ` The first ${formatInteger(rows.length)} are listed.`}
      </p>
      <div className="table-wrap ds-rejected__table">
        <table className="table">
          <thead>
            <tr>
              <th scope="col" className="table__th table__cell--numeric">
                {unit === "line" ? "Line" : unit === "record" ? "Record" : "#"}
              </th>
              <th scope="col" className="table__th">
                Reason
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.line}:${row.reason}`} data-testid="rejected-row" data-line={row.line}>
                <td className="table__cell--numeric mono">{row.line}</td>
                <td>{row.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
