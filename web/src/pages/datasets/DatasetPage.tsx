import { useState } from "preact/hooks";
import { type Dataset, deleteDataset, getDataset, listVersions } from "../../api/datasets";
import { useResource } from "../../api/useResource";
import { formatDateTime, formatRelative } from "../../app/format";
import { formatInteger } from "../../app/numbers";
import { SECTION } from "../../app/sections";
import { useProject, useSignedIn } from "../../auth/SessionProvider";
import { navigate, type RouteProps } from "../../router";
import { Alert } from "../../ui/Alert";
import { Badge } from "../../ui/Badge";
import { Button, LinkButton } from "../../ui/Button";
import { EmptyState } from "../../ui/EmptyState";
import { IconArrowDown, IconArrowUp, IconPencil, IconTrash } from "../../ui/icons";
import { PageHeader } from "../../ui/PageHeader";
import { Segmented } from "../../ui/Segmented";
import { TypeToConfirmDialog } from "../../ui/TypeToConfirmDialog";
import { toast } from "../../ui/toast";
import { LoadFailed } from "../common/LoadFailed";
import { PageLoading } from "../common/PageLoading";
import { DatasetDialog } from "./DatasetDialog";
import { ExportDialog } from "./ExportDialog";
import { ImportDialog } from "./ImportDialog";
import { datasetsPath } from "./paths";
import { canEditDatasets } from "./permissions";
import { RecordsView } from "./RecordsView";
import { intParam, useQueryParams } from "./useQueryParams";
import { VersionsView } from "./VersionsView";

type View = "records" | "versions";
type Dialog = "import" | "export" | "edit" | "delete" | null;

/** One dataset: its records at any version, its versions and their diffs, import and export. */
export function DatasetPage({ params }: RouteProps) {
  const project = useProject();
  const datasetId = params.datasetId ?? "";
  const [state, reload] = useResource(`dataset:${project.id}:${datasetId}`, (signal) =>
    getDataset(project.id, datasetId, { signal }),
  );
  if (state.status === "error" && state.error.status === 404)
    return (
      <div className="page">
        <PageHeader title="Dataset not found" />
        <div className="panel" data-testid="dataset-not-found">
          <EmptyState
            icon={SECTION.datasets.icon}
            title="There's no such dataset in this project"
            description="It may have been deleted, or belong to another project."
            actions={
              <LinkButton href={datasetsPath(project.id)} variant="primary">
                All datasets
              </LinkButton>
            }
          />
        </div>
      </div>
    );
  if (state.status === "error")
    return (
      <div className="page">
        <PageHeader title="Dataset" />
        <LoadFailed what="the dataset" error={state.error} onRetry={reload} />
      </div>
    );
  if (state.status !== "ready") return <PageLoading label="Loading the dataset…" />;
  return <Loaded projectId={project.id} dataset={state.data} reload={reload} />;
}

function Loaded({ projectId, dataset, reload }: { projectId: string; dataset: Dataset; reload: () => void }) {
  const { role } = useSignedIn();
  const canEdit = canEditDatasets(role);
  const { params, set } = useQueryParams();
  const view: View = params.get("view") === "versions" ? "versions" : "records";
  const asked = intParam(params, "version");
  const version = asked !== null && asked <= dataset.version ? asked : dataset.version;
  const [dialog, setDialog] = useState<Dialog>(null);
  // Newest first; the key follows the current version, so a change lists its new version.
  const [versions, reloadVersions] = useResource(
    `dataset-versions:${dataset.id}:${dataset.version}`,
    (signal) => listVersions(projectId, dataset.id, { limit: 200 }, { signal }),
  );
  const versionList = versions.status === "ready" ? versions.data.versions : [];
  const changed = () => {
    reload();
    reloadVersions();
  };

  return (
    <div className="page page--wide" data-testid="dataset-page">
      <PageHeader
        title={dataset.name}
        description={
          <span className="stack">
            {dataset.description && <span>{dataset.description}</span>}
            <span className="ds-facts">
              <Badge tone="accent">
                <span data-testid="dataset-current-version">
                  {dataset.version === 0 ? "No versions yet" : `Version ${dataset.version}`}
                </span>
              </Badge>
              <span data-testid="dataset-records">{formatInteger(dataset.recordCount)} records</span>
              <span title={formatDateTime(dataset.updatedAt)}>
                Updated {formatRelative(dataset.updatedAt)}
              </span>
              <span>
                {dataset.lastUsedAt
                  ? `Last used by an evaluation ${formatRelative(dataset.lastUsedAt)}`
                  : "Not used by an evaluation yet"}
              </span>
            </span>
          </span>
        }
        actions={
          <div className="ds-actions">
            {canEdit && (
              <Button
                size="sm"
                icon={IconArrowUp}
                onClick={() => setDialog("import")}
                data-testid="open-import"
              >
                Import
              </Button>
            )}
            <Button
              size="sm"
              icon={IconArrowDown}
              onClick={() => setDialog("export")}
              disabled={dataset.version === 0}
              data-testid="open-export"
            >
              Export
            </Button>
            {canEdit && (
              <>
                <Button
                  size="sm"
                  icon={IconPencil}
                  onClick={() => setDialog("edit")}
                  data-testid="edit-dataset"
                >
                  Rename
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  icon={IconTrash}
                  aria-label="Delete dataset"
                  title="Delete dataset"
                  onClick={() => setDialog("delete")}
                  data-testid="delete-dataset"
                />
              </>
            )}
          </div>
        }
      />
      {dataset.importing && (
        <Alert
          tone="info"
          title={`An import is being written (${formatInteger(dataset.importing.accepted)} rows so far)`}
          actions={
            <Button size="sm" onClick={changed}>
              Refresh
            </Button>
          }
        >
          Other changes to this dataset wait until it is committed or aborted.
        </Alert>
      )}
      <div className="ds-body">
        <div className="ds-viewbar">
          <Segmented
            label="Show"
            options={[
              { value: "records", label: "Records" },
              { value: "versions", label: `Versions (${dataset.version})` },
            ]}
            value={view}
            onChange={(next) => set({ view: next === "records" ? null : next })}
            data-testid="dataset-view"
          />
        </div>
        {view === "records" ? (
          <RecordsView
            projectId={projectId}
            dataset={dataset}
            version={version}
            versions={versionList}
            canEdit={canEdit}
            onChanged={changed}
          />
        ) : (
          <VersionsView
            projectId={projectId}
            dataset={dataset}
            versions={versions}
            onRetry={reloadVersions}
            canEdit={canEdit}
            onChanged={changed}
          />
        )}
      </div>
      <ImportDialog
        open={dialog === "import"}
        onClose={() => setDialog(null)}
        projectId={projectId}
        dataset={dataset}
        onImported={changed}
      />
      <ExportDialog
        open={dialog === "export"}
        onClose={() => setDialog(null)}
        projectId={projectId}
        dataset={dataset}
        versions={versionList}
        initialVersion={version}
      />
      <DatasetDialog
        open={dialog === "edit"}
        onClose={() => setDialog(null)}
        projectId={projectId}
        dataset={dataset}
        onSaved={(saved) => {
          toast.success(`Saved ${saved.name}`);
          reload();
        }}
      />
      <TypeToConfirmDialog
        open={dialog === "delete"}
        onClose={() => setDialog(null)}
        title="Delete this dataset?"
        description="It disappears from the project at once and its name is free again. Evaluation runs that used it keep reading the version they used."
        expected={dataset.name}
        confirmLabel="Delete dataset"
        onConfirm={async () => {
          await deleteDataset(projectId, dataset.id);
          toast.success(`Deleted ${dataset.name}`);
          navigate(datasetsPath(projectId));
        }}
        data-testid="delete-dataset-dialog"
      />
    </div>
  );
}
