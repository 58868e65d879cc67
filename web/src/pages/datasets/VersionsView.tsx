import { type Dataset, type DatasetVersion, restoreVersion } from "../../api/datasets";
import type { Resource } from "../../api/useResource";
import { formatDateTime, formatRelative } from "../../app/format";
import { notifyError } from "../../app/notify";
import { formatInteger } from "../../app/numbers";
import { Badge } from "../../ui/Badge";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { confirm } from "../../ui/confirm";
import { cx } from "../../ui/cx";
import { EmptyState } from "../../ui/EmptyState";
import { Select } from "../../ui/Input";
import { IconRefresh } from "../../ui/icons";
import { toast } from "../../ui/toast";
import { LoadFailed } from "../common/LoadFailed";
import { LoadingRows } from "../common/LoadingRows";
import { DiffView } from "./DiffView";
import { intParam, useQueryParams } from "./useQueryParams";
import { KIND_LABEL, versionLabel } from "./versionLabel";

export interface VersionsViewProps {
  projectId: string;
  dataset: Dataset;
  versions: Resource<{ versions: DatasetVersion[] }>;
  onRetry: () => void;
  canEdit: boolean;
  onChanged: () => void;
}

function Counts({ version }: { version: DatasetVersion }) {
  return (
    <span className="ds-version__counts">
      <span className="diff-add" title="inserted">
        +{formatInteger(version.inserted)}
      </span>{" "}
      <span className="ds-diff__changed" title="updated">
        ~{formatInteger(version.updated)}
      </span>{" "}
      <span className="diff-remove" title="deleted">
        −{formatInteger(version.deleted)}
      </span>
      <span className="muted"> · {formatInteger(version.recordCount)} records</span>
    </span>
  );
}

/** The versions, newest first, with the diff between any two and the restore of an old one. */
export function VersionsView({
  projectId,
  dataset,
  versions,
  onRetry,
  canEdit,
  onChanged,
}: VersionsViewProps) {
  const { params, set } = useQueryParams();
  const clamp = (value: number | null) => (value === null ? null : Math.min(value, dataset.version));
  const to = clamp(intParam(params, "to")) ?? dataset.version;
  const from = clamp(intParam(params, "from")) ?? Math.max(0, to - 1);

  if (versions.status === "error")
    return <LoadFailed what="the versions" error={versions.error} onRetry={onRetry} />;
  if (versions.status !== "ready")
    return <LoadingRows label="Loading the versions…" block="settings-loading" />;
  const list = versions.data.versions;
  if (list.length === 0)
    return (
      <div className="panel">
        <EmptyState
          icon={IconRefresh}
          headingLevel={3}
          title="No versions yet"
          description="Each change — a merge, an edit, a delete, an import, traces added, a restore — makes the next version. Evaluations read a fixed one."
        />
      </div>
    );

  const restore = async () => {
    const ok = await confirm({
      title: `Restore version ${to}?`,
      message: `Version ${dataset.version + 1} will hold exactly the records of version ${to}. Nothing is lost: every version stays readable.`,
      confirmLabel: `Restore v${to}`,
    });
    if (!ok) return;
    try {
      const result = await restoreVersion(projectId, dataset.id, to, `Restore version ${to}`);
      toast.success(`Restored version ${to} as version ${result.version}`);
      set({ view: null, version: null, from: null, to: null });
      onChanged();
    } catch (error) {
      notifyError("Couldn't restore the version", error);
    }
  };
  const options = [
    ...list.map((item) => ({
      value: String(item.version),
      label: versionLabel(item.version, dataset.version, item),
    })),
    { value: "0", label: versionLabel(0, dataset.version) },
  ];

  return (
    <Card
      title="Version history"
      description="Versions never change: each change makes the next one, and any one can be read, compared or restored."
      data-testid="version-history"
    >
      <div className="versions ds-versions">
        <ol className="versions__list">
          {list.map((item) => (
            <li key={item.version}>
              <button
                type="button"
                className={cx("versions__item", "ds-version", item.version === to && "is-selected")}
                aria-pressed={item.version === to}
                onClick={() =>
                  set({ to: item.version, from: Math.max(0, item.version - 1) }, { replace: true })
                }
                data-testid="version-item"
                data-version={item.version}
              >
                <span className="versions__number">v{item.version}</span>
                <span className="ds-version__head">
                  <Badge
                    tone={item.kind === "delete" ? "danger" : item.kind === "restore" ? "info" : "neutral"}
                  >
                    {KIND_LABEL[item.kind]}
                  </Badge>
                  <span className="versions__message">
                    {item.message || <span className="muted">No message</span>}
                  </span>
                </span>
                <Counts version={item} />
                <span className="muted ds-version__meta">
                  {item.createdBy} ·{" "}
                  <time dateTime={item.createdAt} title={formatDateTime(item.createdAt)}>
                    {formatRelative(item.createdAt)}
                  </time>
                </span>
              </button>
            </li>
          ))}
        </ol>
        <div className="ds-versions__diff">
          <div className="ds-compare">
            <span className="ds-compare__pick">
              From
              <Select
                size="sm"
                aria-label="Compare from version"
                value={String(from)}
                options={options}
                onChange={(event) => set({ from: event.currentTarget.value }, { replace: true })}
                data-testid="diff-from"
              />
            </span>
            <span className="ds-compare__pick">
              to
              <Select
                size="sm"
                aria-label="Compare to version"
                value={String(to)}
                options={options}
                onChange={(event) => set({ to: event.currentTarget.value }, { replace: true })}
                data-testid="diff-to"
              />
            </span>
            <span className="ds-compare__actions">
              {to > 0 && (
                <Button
                  size="sm"
                  onClick={() =>
                    set({ view: null, version: to === dataset.version ? null : to, from: null, to: null })
                  }
                  data-testid="view-version"
                >
                  View records of v{to}
                </Button>
              )}
              {canEdit && to < dataset.version && to > 0 && !dataset.importing && (
                <Button
                  size="sm"
                  variant="primary"
                  onClick={() => void restore()}
                  data-testid="restore-version"
                >
                  Restore v{to}
                </Button>
              )}
            </span>
          </div>
          <DiffView projectId={projectId} datasetId={dataset.id} from={from} to={to} />
        </div>
      </div>
    </Card>
  );
}
