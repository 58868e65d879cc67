import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { type DatasetRecord, type RecordPatch, updateRecord } from "../../api/datasets";
import { formatDateTime, formatRelative } from "../../app/format";
import { traceHref } from "../../app/links";
import { Link } from "../../router";
import { Button } from "../../ui/Button";
import { IconPencil } from "../../ui/icons";
import { toast } from "../../ui/toast";
import { TagList } from "../trace/TagList";
import { JsonCell } from "./JsonCell";
import { PickAllBox, PickBox } from "./PickBox";
import { RecordEditor } from "./RecordEditor";
import { draftOfRecord, RECORD_FIELDS, recordOfDraft } from "./recordDraft";

export interface RecordsTableProps {
  projectId: string;
  datasetId: string;
  records: readonly DatasetRecord[];
  /** Rows can be selected and edited (the current version, with `project:write`). */
  editable: boolean;
  selected: ReadonlySet<string>;
  onSelect: (selected: ReadonlySet<string>) => void;
  onEdited: () => void;
  empty: ComponentChildren;
}

function Source({ projectId, record }: { projectId: string; record: DatasetRecord }) {
  const { type, id } = record.source;
  if (type === "trace" && id)
    return (
      <Link href={traceHref(projectId, id)} className="mono ds-source" title={id}>
        trace {id.slice(0, 8)}…
      </Link>
    );
  return (
    <span className="ds-source" title={id ?? undefined}>
      {type}
      {type === "document" && id ? ` · ${id}` : ""}
    </span>
  );
}

/** The fields of `after` that differ from the record: an edit sends only those. */
function patchOf(record: DatasetRecord, after: ReturnType<typeof recordOfDraft>): RecordPatch {
  const patch: RecordPatch = {};
  for (const field of RECORD_FIELDS) {
    if (JSON.stringify(after[field]) !== JSON.stringify(record[field] ?? null))
      patch[field] = after[field] as never;
  }
  return patch;
}

/** Records with their inputs, expectations and outputs shown readably; a row opens into its editor. */
export function RecordsTable({
  projectId,
  datasetId,
  records,
  editable,
  selected,
  onSelect,
  onEdited,
  empty,
}: RecordsTableProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const columns = editable ? 7 : 5;
  return (
    <div className="table-wrap ds-records-table" data-testid="records-table">
      <table className="table">
        <caption className="visually-hidden">Records</caption>
        <thead>
          <tr>
            {editable && (
              <th scope="col" className="table__th ds-select-cell">
                <PickAllBox
                  ids={records.map((record) => record.id)}
                  picked={selected}
                  onChange={onSelect}
                  label="Select every record on this page"
                  testId="select-all-records"
                />
              </th>
            )}
            <th scope="col" className="table__th">
              Inputs
            </th>
            <th scope="col" className="table__th">
              Expectations
            </th>
            <th scope="col" className="table__th">
              Outputs
            </th>
            <th scope="col" className="table__th ds-meta-cell">
              Source and tags
            </th>
            <th scope="col" className="table__th ds-updated-cell">
              Updated
            </th>
            {editable && (
              <th scope="col" className="table__th ds-edit-cell">
                <span className="visually-hidden">Edit</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {records.length === 0 && (
            <tr className="table__empty-row">
              <td colSpan={columns} data-testid="records-empty">
                {empty}
              </td>
            </tr>
          )}
          {records.map((record) =>
            editing === record.id ? (
              <tr key={record.id} className="ds-editing-row">
                <td colSpan={columns}>
                  <RecordEditor
                    initial={draftOfRecord(record)}
                    submitLabel="Save"
                    onCancel={() => setEditing(null)}
                    onSubmit={async (draft, message) => {
                      const patch = patchOf(record, recordOfDraft(draft));
                      if (Object.keys(patch).length === 0)
                        throw new Error("Nothing changed: edit a field first, or cancel.");
                      const result = await updateRecord(projectId, datasetId, record.id, {
                        ...patch,
                        ...(message ? { message } : {}),
                      });
                      toast.success(`Saved the record: version ${result.version}`);
                      setEditing(null);
                      onEdited();
                    }}
                  />
                </td>
              </tr>
            ) : (
              <tr
                key={record.id}
                className={selected.has(record.id) ? "is-selected" : undefined}
                data-testid="record-row"
                data-record-id={record.id}
              >
                {editable && (
                  <td className="ds-select-cell">
                    <PickBox
                      id={record.id}
                      picked={selected}
                      onChange={onSelect}
                      label="Select record"
                      testId="select-record"
                    />
                  </td>
                )}
                <td>
                  <JsonCell value={record.inputs} testId="record-inputs-cell" />
                </td>
                <td>
                  <JsonCell value={record.expectations} testId="record-expectations-cell" />
                </td>
                <td>
                  <JsonCell value={record.outputs} testId="record-outputs-cell" />
                </td>
                <td className="ds-meta-cell">
                  <span className="stack">
                    <Source projectId={projectId} record={record} />
                    <TagList tags={record.tags} limit={3} />
                  </span>
                </td>
                <td className="ds-updated-cell">
                  <time
                    className="nowrap"
                    dateTime={record.updatedAt}
                    title={formatDateTime(record.updatedAt)}
                  >
                    {formatRelative(record.updatedAt)}
                  </time>
                </td>
                {editable && (
                  <td className="ds-edit-cell">
                    <Button
                      size="sm"
                      variant="ghost"
                      icon={IconPencil}
                      aria-label="Edit record"
                      title="Edit inputs, expectations and outputs"
                      onClick={() => setEditing(record.id)}
                      data-testid="edit-record"
                    />
                  </td>
                )}
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
