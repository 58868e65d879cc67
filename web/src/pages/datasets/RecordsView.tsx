import { useEffect, useState } from "preact/hooks";
import {
  type Dataset,
  type DatasetVersion,
  deleteRecords,
  listRecords,
  mergeRecords,
  SOURCE_TYPES,
  type SourceType,
} from "../../api/datasets";
import { useResource } from "../../api/useResource";
import { notifyError } from "../../app/notify";
import { formatInteger } from "../../app/numbers";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { confirm } from "../../ui/confirm";
import { Select } from "../../ui/Input";
import { IconPlus, IconTrash } from "../../ui/icons";
import { toast } from "../../ui/toast";
import { LoadFailed } from "../common/LoadFailed";
import { LoadingRows } from "../common/LoadingRows";
import { TextFilter } from "../traces/TextFilter";
import { RecordEditor } from "./RecordEditor";
import { RecordsTable } from "./RecordsTable";
import { EMPTY_DRAFT, recordOfDraft } from "./recordDraft";
import { intParam, useQueryParams } from "./useQueryParams";
import { versionLabel } from "./versionLabel";

const PAGE_SIZE = 50;

export interface RecordsViewProps {
  projectId: string;
  dataset: Dataset;
  /** The version shown; only the current one can be changed. */
  version: number;
  versions: readonly DatasetVersion[];
  canEdit: boolean;
  onChanged: () => void;
}

/** The records of one version: searched, filtered by tag and source, a page at a time; edited on the current version. */
export function RecordsView({ projectId, dataset, version, versions, canEdit, onChanged }: RecordsViewProps) {
  const { params, set } = useQueryParams();
  const page = intParam(params, "page", 1) ?? 1;
  const search = params.get("search") ?? "";
  const tag = params.get("tag") ?? "";
  const sourceParam = params.get("source");
  const source = SOURCE_TYPES.find((type) => type === sourceParam);
  const current = version === dataset.version;
  const editable = canEdit && current && !dataset.importing;
  const [adding, setAdding] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const query = { version, page, search, tag, source, limit: PAGE_SIZE };
  const key = JSON.stringify([projectId, dataset.id, query]);
  const [state, reload] = useResource(key, (signal) =>
    listRecords(
      projectId,
      dataset.id,
      {
        ...query,
        search: search.length > 0 ? search : undefined,
        tag: tag.includes(":") ? [tag] : undefined,
      },
      { signal },
    ),
  );
  // A new page, filter or version is a new selection.
  useEffect(() => setSelected(new Set()), [key]);
  const pages = state.status === "ready" ? Math.max(1, Math.ceil(state.data.total / PAGE_SIZE)) : 1;
  const filtered = search !== "" || tag !== "" || source !== undefined;

  const removeSelected = async () => {
    const ids = [...selected];
    const ok = await confirm({
      title: `Delete ${ids.length === 1 ? "this record" : `${ids.length} records`}?`,
      message: `They leave version ${dataset.version + 1}; earlier versions keep them.`,
      confirmLabel: "Delete",
      tone: "danger",
    });
    if (!ok) return;
    try {
      const result = await deleteRecords(projectId, dataset.id, ids);
      toast.success(`Deleted ${formatInteger(result.deleted)} records: version ${result.version}`);
      onChanged();
    } catch (error) {
      notifyError("Couldn't delete the records", error);
    }
  };

  return (
    <div className="ds-records">
      {!current && (
        <Alert
          tone="info"
          title={`Version ${version} of ${dataset.version}: read-only`}
          actions={
            <Button
              size="sm"
              onClick={() => set({ version: null, page: null })}
              data-testid="back-to-current"
            >
              Back to the current version
            </Button>
          }
        >
          Records as they were at version {version}. Edits are made on the current version; the Versions tab
          can restore this one.
        </Alert>
      )}
      {adding && editable && (
        <Card title="New record" description="A record with the inputs of an existing one is merged into it.">
          <RecordEditor
            initial={EMPTY_DRAFT}
            submitLabel="Add record"
            onCancel={() => setAdding(false)}
            onSubmit={async (draft, message) => {
              const record = recordOfDraft(draft);
              const result = await mergeRecords(projectId, dataset.id, [record], message || undefined);
              toast.success(
                result.inserted > 0
                  ? `Added the record: version ${result.version}`
                  : result.updated > 0
                    ? `Merged into the record with these inputs: version ${result.version}`
                    : "A record with these inputs already says this: nothing changed",
              );
              setAdding(false);
              onChanged();
            }}
          />
        </Card>
      )}
      <Card flush>
        <div className="filter-bar">
          <div className="filter-bar__row ds-toolbar">
            <Select
              size="sm"
              aria-label="Version"
              value={String(version)}
              onChange={(event) => {
                const next = Number(event.currentTarget.value);
                set({ version: next === dataset.version ? null : next, page: null });
              }}
              data-testid="version-picker"
            >
              {!versions.some((item) => item.version === version) && (
                <option value={String(version)}>{versionLabel(version, dataset.version)}</option>
              )}
              {versions.map((item) => (
                <option key={item.version} value={String(item.version)}>
                  {versionLabel(item.version, dataset.version, item)}
                </option>
              ))}
            </Select>
            <TextFilter
              type="search"
              label="Search records"
              placeholder="Search inputs and expectations"
              className="ds-toolbar__search"
              value={search}
              debounceMs={400}
              onCommit={(value, how) =>
                set({ search: value.trim(), page: null }, { replace: how === "refine" })
              }
              data-testid="records-search"
            />
            <TextFilter
              label="Tag (key:value)"
              placeholder="Tag key:value"
              className="ds-toolbar__tag"
              value={tag}
              onCommit={(value) => set({ tag: value.trim(), page: null })}
              data-testid="records-tag"
            />
            <Select
              size="sm"
              aria-label="Source"
              value={source ?? ""}
              onChange={(event) => set({ source: event.currentTarget.value, page: null })}
              options={[
                { value: "", label: "Any source" },
                ...SOURCE_TYPES.map((type: SourceType) => ({ value: type, label: `From ${type}` })),
              ]}
              data-testid="records-source"
            />
            <div className="ds-toolbar__end">
              {editable && selected.size > 0 && (
                <Button
                  size="sm"
                  variant="danger"
                  icon={IconTrash}
                  onClick={() => void removeSelected()}
                  data-testid="delete-records"
                >
                  Delete {selected.size}
                </Button>
              )}
              {editable && !adding && (
                <Button
                  size="sm"
                  variant="primary"
                  icon={IconPlus}
                  onClick={() => setAdding(true)}
                  data-testid="add-record"
                >
                  Add record
                </Button>
              )}
            </div>
          </div>
        </div>
        {tag !== "" && !tag.includes(":") && (
          <p className="ds-hint">A tag filter is written key:value, such as team:billing.</p>
        )}
        {state.status === "error" && (
          <div className="settings-pad">
            <LoadFailed what="the records" error={state.error} onRetry={reload} />
          </div>
        )}
        {(state.status === "loading" || state.status === "idle") && (
          <LoadingRows label="Loading records…" block="trace-loading" rows={5} />
        )}
        {state.status === "ready" && (
          <>
            <RecordsTable
              projectId={projectId}
              datasetId={dataset.id}
              records={state.data.records}
              editable={editable}
              selected={selected}
              onSelect={setSelected}
              onEdited={onChanged}
              empty={
                filtered
                  ? "No record of this version matches these filters."
                  : dataset.version === 0
                    ? "No records yet. Add one, import a file, or add traces from the Traces page."
                    : `Version ${version} has no records.`
              }
            />
            <div className="ds-pager" data-testid="records-pager">
              <span className="muted" data-testid="records-total">
                {formatInteger(state.data.total)} {state.data.total === 1 ? "record" : "records"}
                {filtered ? " match" : ""} · page {page} of {pages}
              </span>
              <Button
                size="sm"
                disabled={page <= 1}
                onClick={() => set({ page: page - 1 === 1 ? null : page - 1 })}
                data-testid="records-prev"
              >
                Previous
              </Button>
              <Button
                size="sm"
                disabled={page >= pages}
                onClick={() => set({ page: page + 1 })}
                data-testid="records-next"
              >
                Next
              </Button>
            </div>
          </>
        )}
      </Card>
    </div>
  );
}
