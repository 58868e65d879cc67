import { useState } from "preact/hooks";
import { listApiKeys, revokeApiKey } from "../../api/projects";
import type { ApiKey, Project } from "../../api/types";
import { useResource } from "../../api/useResource";
import { formatDate, formatDateTime, formatRelative, isPast } from "../../app/format";
import { notifyError } from "../../app/notify";
import { can } from "../../auth/permissions";
import { useSignedIn } from "../../auth/SessionProvider";
import { Badge } from "../../ui/Badge";
import { Button, LinkButton } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { confirm } from "../../ui/confirm";
import { EmptyState } from "../../ui/EmptyState";
import { IconFolder, IconKey, IconPlus, IconTrash } from "../../ui/icons";
import { type Column, Table } from "../../ui/Table";
import { toast } from "../../ui/toast";
import { LoadFailed } from "../common/LoadFailed";
import { LoadingRows } from "../common/LoadingRows";
import { CreateApiKeyDialog } from "./CreateApiKeyDialog";
import { NoAccess } from "./NoAccess";
import { NoOrganization } from "./NoOrganization";

type KeyStatus = "active" | "revoked" | "expired";

function statusOf(key: ApiKey): KeyStatus {
  if (key.revokedAt) return "revoked";
  if (isPast(key.expiresAt)) return "expired";
  return "active";
}

function StatusBadge({ status }: { status: KeyStatus }) {
  if (status === "active")
    return (
      <Badge tone="success" dot>
        Active
      </Badge>
    );
  return (
    <Badge tone={status === "revoked" ? "danger" : "warning"} dot>
      {status === "revoked" ? "Revoked" : "Expired"}
    </Badge>
  );
}

function When({ iso, never = "never" }: { iso: string | null; never?: string }) {
  if (!iso) return <span className="muted">{never}</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso)}
    </time>
  );
}

function KeysCard({ project }: { project: Project }) {
  const { role } = useSignedIn();
  const [state, reload] = useResource(`api-keys:${project.id}`, (signal) =>
    listApiKeys(project.id, { signal }),
  );
  const [creating, setCreating] = useState(false);

  const revoke = async (key: ApiKey) => {
    const ok = await confirm({
      title: `Revoke “${key.name}”?`,
      message: `Anything using ${key.prefix}… stops working on its next request. This can't be undone.`,
      confirmLabel: "Revoke key",
      tone: "danger",
    });
    if (!ok) return;
    try {
      await revokeApiKey(project.id, key.id);
      toast.success(`Revoked ${key.name}`);
      reload();
    } catch (error) {
      notifyError("Couldn't revoke the key", error);
    }
  };

  const createButton = (
    <Button
      variant="primary"
      size="sm"
      icon={IconPlus}
      onClick={() => setCreating(true)}
      data-testid="create-api-key"
    >
      Create API key
    </Button>
  );

  const columns: Column<ApiKey>[] = [
    {
      key: "name",
      header: "Name",
      render: (key) => (
        <span className="stack">
          <span className="cell-title__text">{key.name}</span>
          <code className="key-prefix">{key.prefix}…</code>
        </span>
      ),
    },
    {
      key: "scopes",
      header: "Scopes",
      render: (key) => (
        <span className="badge-list">
          {key.scopes.map((scope) => (
            <Badge key={scope} tone={scope === "admin" ? "warning" : "neutral"}>
              {scope}
            </Badge>
          ))}
        </span>
      ),
    },
    {
      key: "created",
      header: "Created",
      render: (key) => (
        <span className="stack">
          <time className="nowrap" dateTime={key.createdAt} title={formatDateTime(key.createdAt)}>
            {formatDate(key.createdAt)}
          </time>
          <span className="stack__meta">
            {key.createdBy ? `by ${key.createdBy.name}` : "by a deleted user"}
          </span>
        </span>
      ),
    },
    { key: "lastUsed", header: "Last used", render: (key) => <When iso={key.lastUsedAt} /> },
    {
      key: "expires",
      header: "Expires",
      render: (key) =>
        key.expiresAt ? (
          <time className="nowrap" dateTime={key.expiresAt} title={formatDateTime(key.expiresAt)}>
            {formatDate(key.expiresAt)}
          </time>
        ) : (
          <span className="muted">never</span>
        ),
    },
    { key: "status", header: "Status", render: (key) => <StatusBadge status={statusOf(key)} /> },
    {
      key: "actions",
      header: <span className="visually-hidden">Actions</span>,
      render: (key) =>
        statusOf(key) === "revoked" ? null : (
          <div className="row-actions">
            <Button
              size="sm"
              variant="ghost"
              icon={IconTrash}
              aria-label={`Revoke ${key.name}`}
              title="Revoke"
              onClick={() => void revoke(key)}
              data-testid="revoke-api-key"
            />
          </div>
        ),
    },
  ];

  const empty = state.status === "ready" && state.data.length === 0;

  return (
    <Card
      title="API keys"
      description={
        <>
          Keys for <strong>{project.name}</strong>, for SDKs, OpenTelemetry exporters and scripts.
        </>
      }
      flush
      actions={!empty && createButton}
      data-testid="api-keys-settings"
    >
      {state.status === "error" && (
        <LoadFailed what="API keys" error={state.error} onRetry={reload} className="settings-pad" />
      )}
      {(state.status === "loading" || state.status === "idle") && (
        <LoadingRows label="Loading API keys…" block="settings-loading" />
      )}
      {empty && (
        <EmptyState
          headingLevel={3}
          icon={IconKey}
          title="No API keys yet"
          description={
            <>
              API keys authenticate the SDK and exporters sending spans to <code>/v1/traces</code>. A key's
              secret is shown once, when you create it — keep it in your secret manager.
            </>
          }
          actions={createButton}
          className="empty--compact"
        />
      )}
      {state.status === "ready" && !empty && (
        <div data-testid="api-keys-table">
          <Table
            caption={`API keys of ${project.name}`}
            columns={columns}
            rows={state.data}
            rowKey={(key) => key.id}
            className="table-wrap--dense"
          />
        </div>
      )}
      <CreateApiKeyDialog
        project={project}
        role={role}
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={reload}
      />
    </Card>
  );
}

export function ApiKeysSettings() {
  const { currentOrg, currentProject, role } = useSignedIn();
  if (!currentOrg) return <NoOrganization title="API keys" />;
  if (!can.manageApiKeys(role))
    return <NoAccess title="API keys" role={role} who="owners, admins and members" />;
  if (!currentProject) {
    return (
      <Card title="API keys">
        <EmptyState
          headingLevel={3}
          icon={IconFolder}
          title="No project selected"
          description={`API keys belong to a project, and ${currentOrg.name} has none yet.`}
          actions={
            <LinkButton href="/settings/projects" variant="primary">
              Go to projects
            </LinkButton>
          }
        />
      </Card>
    );
  }
  return <KeysCard key={currentProject.id} project={currentProject} />;
}
