import { useState } from "preact/hooks";
import { deleteJudgeProvider, type JudgeProvider, listJudgeProviders } from "../../api/judgeProviders";
import type { Organization } from "../../api/types";
import { useResource } from "../../api/useResource";
import { formatDateTime, formatRelative } from "../../app/format";
import { notifyError } from "../../app/notify";
import { can } from "../../auth/permissions";
import { useSignedIn } from "../../auth/SessionProvider";
import { Badge } from "../../ui/Badge";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { confirm } from "../../ui/confirm";
import { EmptyState } from "../../ui/EmptyState";
import { IconLock, IconPencil, IconPlus, IconSparkle, IconTrash } from "../../ui/icons";
import { type Column, Table } from "../../ui/Table";
import { toast } from "../../ui/toast";
import { LoadFailed } from "../common/LoadFailed";
import { LoadingRows } from "../common/LoadingRows";
import { JudgeProviderDialog } from "./JudgeProviderDialog";
import { JudgeSpendCard } from "./JudgeSpendCard";
import { modelUri } from "./judgeProviderForm";
import { NoAccess } from "./NoAccess";
import { NoOrganization } from "./NoOrganization";
import { TestConnectionDialog } from "./TestConnectionDialog";

type Editing = { kind: "add" } | { kind: "change"; provider: JudgeProvider };

const TITLE = "Judge providers";

function KeyHint({ provider }: { provider: JudgeProvider }) {
  return (
    <span
      className="key-hint"
      title="Encrypted at rest; only the last four characters are ever shown"
      data-testid="provider-key-hint"
    >
      <IconLock size={13} />
      <code>{provider.keyHint}</code>
    </span>
  );
}

function HeaderNames({ names }: { names: readonly string[] }) {
  if (names.length === 0) return <span className="muted">—</span>;
  return (
    <span
      className="badge-list"
      title="Values are encrypted and never shown"
      data-testid="provider-header-names"
    >
      {names.map((name) => (
        <Badge key={name}>
          <span className="mono">{name}</span>
        </Badge>
      ))}
    </span>
  );
}

function ProvidersCard({ org }: { org: Organization }) {
  const manage = can.manageProviders(org.role);
  const [state, reload] = useResource(`judge-providers:${org.id}`, (signal) =>
    listJudgeProviders(org.id, { signal }),
  );
  const [editing, setEditing] = useState<Editing | null>(null);
  const [testing, setTesting] = useState<JudgeProvider | null>(null);

  const remove = async (provider: JudgeProvider) => {
    const ok = await confirm({
      title: `Remove ${provider.name}?`,
      message: `Judges that call ${modelUri(provider.name, "…")} models fail until a provider of that name is added again. Its key and headers are deleted.`,
      confirmLabel: "Remove provider",
      tone: "danger",
    });
    if (!ok) return;
    try {
      await deleteJudgeProvider(org.id, provider.id);
      toast.success(`Removed ${provider.name}`);
      reload();
    } catch (error) {
      notifyError("Couldn't remove the provider", error);
      reload();
    }
  };

  const addButton = (
    <Button
      variant="primary"
      size="sm"
      icon={IconPlus}
      onClick={() => setEditing({ kind: "add" })}
      data-testid="add-provider"
    >
      Add provider
    </Button>
  );

  const columns: Column<JudgeProvider>[] = [
    {
      key: "provider",
      header: "Provider",
      render: (provider) => (
        <span className="stack" title={`Judges name its models ${modelUri(provider.name, "<model>")}`}>
          <span className="cell-title__text mono" data-testid="provider-name-cell">
            {provider.name}
          </span>
          <span className="provider-url" title={provider.baseUrl} data-testid="provider-base-url-cell">
            {provider.baseUrl}
          </span>
        </span>
      ),
    },
    { key: "key", header: "Key", width: "110px", render: (provider) => <KeyHint provider={provider} /> },
    {
      key: "headers",
      header: "Extra headers",
      render: (provider) => <HeaderNames names={provider.headerNames} />,
    },
    {
      key: "updated",
      header: "Updated",
      width: "120px",
      render: (provider) => (
        <time className="nowrap" dateTime={provider.updatedAt} title={formatDateTime(provider.updatedAt)}>
          {formatRelative(provider.updatedAt)}
        </time>
      ),
    },
  ];
  if (manage) {
    columns.push({
      key: "actions",
      header: <span className="visually-hidden">Actions</span>,
      width: "200px",
      render: (provider) => (
        <div className="row-actions">
          <Button size="sm" onClick={() => setTesting(provider)} data-testid="test-provider">
            Test connection
          </Button>
          <Button
            size="sm"
            variant="ghost"
            icon={IconPencil}
            aria-label={`Change ${provider.name}`}
            title="Change"
            onClick={() => setEditing({ kind: "change", provider })}
            data-testid="edit-provider"
          />
          <Button
            size="sm"
            variant="ghost"
            icon={IconTrash}
            aria-label={`Remove ${provider.name}`}
            title="Remove"
            onClick={() => void remove(provider)}
            data-testid="delete-provider"
          />
        </div>
      ),
    });
  }

  const empty = state.status === "ready" && state.data.length === 0;

  return (
    <Card
      title={TITLE}
      description={
        <>
          OpenAI-compatible APIs that the LLM judges of <strong>{org.name}</strong> call.
          {!empty && " Keys are encrypted at rest and never shown again."}
        </>
      }
      flush
      actions={manage && !empty && addButton}
      data-testid="judge-providers-settings"
    >
      {!manage && (
        <p className="settings-note" data-testid="providers-read-only">
          <IconLock size={14} />
          Only owners and admins can add, change, test or remove providers.
        </p>
      )}
      {state.status === "error" && (
        <LoadFailed what="judge providers" error={state.error} onRetry={reload} className="settings-pad" />
      )}
      {(state.status === "loading" || state.status === "idle") && (
        <LoadingRows label="Loading judge providers…" block="settings-loading" />
      )}
      {empty && (
        <div data-testid="providers-empty">
          <EmptyState
            headingLevel={3}
            icon={IconSparkle}
            title="No judge providers yet"
            description={
              <>
                LLM judges score your traces by calling a model through a provider: OpenAI, Azure OpenAI, a
                gateway or your own server. Judges name its models by the provider's name, as in{" "}
                <code>openai:/gpt-4o-mini</code>. Its key is encrypted at rest and never shown again.
              </>
            }
            actions={manage ? addButton : undefined}
            className="empty--compact"
          >
            {!manage && <p className="muted">An owner or admin of {org.name} can add one.</p>}
          </EmptyState>
        </div>
      )}
      {state.status === "ready" && !empty && (
        <div data-testid="providers-table">
          <Table
            caption={`Judge providers of ${org.name}`}
            columns={columns}
            rows={state.data}
            rowKey={(provider) => provider.id}
            className="table-wrap--dense"
          />
        </div>
      )}
      {manage && (
        <>
          {editing && (
            <JudgeProviderDialog
              key={editing.kind === "change" ? editing.provider.id : "add"}
              onClose={() => setEditing(null)}
              orgId={org.id}
              orgName={org.name}
              provider={editing?.kind === "change" ? editing.provider : null}
              onSaved={(provider, created) => {
                toast.success(created ? `Added ${provider.name}` : `Saved ${provider.name}`);
                reload();
              }}
            />
          )}
          <TestConnectionDialog orgId={org.id} provider={testing} onClose={() => setTesting(null)} />
        </>
      )}
    </Card>
  );
}

/** The organization's judge model providers: members read them, owners and admins manage them. */
export function JudgeProvidersSettings() {
  const { currentOrg, role } = useSignedIn();
  if (!currentOrg) return <NoOrganization title={TITLE} />;
  if (!can.readProviders(role))
    return <NoAccess title={TITLE} role={role} who="owners, admins and members" />;
  return (
    <>
      <ProvidersCard key={currentOrg.id} org={currentOrg} />
      <JudgeSpendCard key={`spend:${currentOrg.id}`} org={currentOrg} />
    </>
  );
}
