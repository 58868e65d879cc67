import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { useResource } from "../../../api/useResource";
import { deleteWebhook, listWebhooks, updateWebhook, type Webhook } from "../../../api/webhooks";
import { notifyError } from "../../../app/notify";
import { useSignedIn } from "../../../auth/SessionProvider";
import { Alert } from "../../../ui/Alert";
import { Button } from "../../../ui/Button";
import { Card } from "../../../ui/Card";
import { confirm } from "../../../ui/confirm";
import { Dialog } from "../../../ui/Dialog";
import { EmptyState } from "../../../ui/EmptyState";
import { IconLink, IconLock, IconPlus } from "../../../ui/icons";
import { toast } from "../../../ui/toast";
import { LoadFailed } from "../../common/LoadFailed";
import { LoadingRows } from "../../common/LoadingRows";
import { SigningSecret } from "./SigningSecret";
import { WebhookDialog } from "./WebhookDialog";
import { WebhookRow } from "./WebhookRow";
import { canManageWebhooks } from "./webhookForm";
import { bannerTitle, turnedOffByFailures, turnedOffSentence } from "./webhookText";
import "./webhooks.css";

type Editing = { kind: "add" } | { kind: "change"; webhook: Webhook };

/** The endpoints the platform turned off after failures, each with why and a way back on. */
function FailureBanner({
  off,
  manage,
  onTurnOn,
}: {
  off: readonly Webhook[];
  manage: boolean;
  onTurnOn: (webhook: Webhook) => Promise<void>;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  if (off.length === 0) return null;
  return (
    <div className="wh-banner" data-testid="webhooks-banner">
      <Alert tone="danger" title={bannerTitle(off)}>
        <ul className="wh-banner__list">
          {off.map((webhook) => (
            <li key={webhook.id} data-testid="webhooks-banner-item" data-webhook-id={webhook.id}>
              <span className="wh-banner__text">
                <span>
                  <strong>{webhook.name}</strong> <code>{webhook.targetHint}</code>
                </span>
                <span>
                  {turnedOffSentence(webhook)} Check the receiver and its delivery log
                  {manage ? "" : "; an owner or admin can turn it back on"}.
                </span>
              </span>
              {manage && (
                <Button
                  size="sm"
                  variant="primary"
                  loading={busy === webhook.id}
                  onClick={() => {
                    setBusy(webhook.id);
                    void onTurnOn(webhook).finally(() => setBusy(null));
                  }}
                  data-testid="webhooks-turn-on"
                >
                  Turn back on
                </Button>
              )}
            </li>
          ))}
        </ul>
      </Alert>
    </div>
  );
}

function NoWebhooksYet({ addButton }: { addButton: ComponentChildren | null }) {
  return (
    <div data-testid="webhooks-empty">
      <EmptyState
        headingLevel={3}
        icon={IconLink}
        title="No webhooks yet"
        description={
          <>
            When an alert fires or resolves, Sightline sends it to <strong>Slack</strong> (a message in a
            channel), <strong>PagerDuty</strong> (an incident, closed when the alert resolves) or{" "}
            <strong>any HTTPS endpoint</strong> of yours, signed per the{" "}
            <a href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer">
              Standard Webhooks
            </a>{" "}
            spec. Failed deliveries are retried for about a day, and every attempt is logged here.
          </>
        }
        actions={addButton ?? undefined}
        className="empty--compact"
      >
        {!addButton && <p className="muted">An owner or admin of the project can add one.</p>}
      </EmptyState>
    </div>
  );
}

export interface WebhooksSectionProps {
  projectId: string;
}

/**
 * The project's webhooks, for the Monitors & Alerts page: the endpoints alerts are sent to, a
 * banner for those turned off after failures, and each one's delivery log. Owners and admins
 * manage them (`webhooks:manage`); everyone else reads.
 */
export function WebhooksSection({ projectId }: WebhooksSectionProps) {
  const { role } = useSignedIn();
  const manage = canManageWebhooks(role);
  const [state, reload] = useResource(`webhooks:${projectId}`, (signal) =>
    listWebhooks(projectId, { signal }),
  );
  const [editing, setEditing] = useState<Editing | null>(null);
  const [rotated, setRotated] = useState<{ name: string; secret: string } | null>(null);
  const webhooks = state.status === "ready" ? state.data : [];
  const empty = state.status === "ready" && webhooks.length === 0;

  const setEnabled = async (webhook: Webhook, enabled: boolean) => {
    try {
      await updateWebhook(projectId, webhook.id, { enabled });
      toast.success(enabled ? `Turned ${webhook.name} on` : `Turned ${webhook.name} off`);
    } catch (error) {
      notifyError(`Couldn't turn ${webhook.name} ${enabled ? "on" : "off"}`, error);
    }
    reload();
  };

  const rotate = async (webhook: Webhook) => {
    const ok = await confirm({
      title: `Rotate the signing secret of ${webhook.name}?`,
      message:
        "The current secret stops signing at once: events sent from now on fail verification at your receiver until it has the new one, which is shown once.",
      confirmLabel: "Rotate secret",
      tone: "danger",
    });
    if (!ok) return;
    try {
      const updated = await updateWebhook(projectId, webhook.id, { rotateSecret: true });
      if (updated.signingSecret) setRotated({ name: updated.name, secret: updated.signingSecret });
    } catch (error) {
      notifyError("Couldn't rotate the secret", error);
    }
    reload();
  };

  const remove = async (webhook: Webhook) => {
    const ok = await confirm({
      title: `Delete ${webhook.name}?`,
      message: `Alerts stop going to ${webhook.targetHint}, and its delivery log is deleted with it.`,
      confirmLabel: "Delete webhook",
      tone: "danger",
    });
    if (!ok) return;
    try {
      await deleteWebhook(projectId, webhook.id);
      toast.success(`Deleted ${webhook.name}`);
    } catch (error) {
      notifyError("Couldn't delete the webhook", error);
    }
    reload();
  };

  const addButton = manage ? (
    <Button
      variant="primary"
      size="sm"
      icon={IconPlus}
      onClick={() => setEditing({ kind: "add" })}
      data-testid="add-webhook"
    >
      Add webhook
    </Button>
  ) : null;

  return (
    <Card
      title="Webhooks"
      description="Where this project's alerts are sent: Slack, PagerDuty or your own HTTPS endpoint."
      flush
      actions={!empty ? addButton : undefined}
      className="wh-section"
      data-testid="webhooks-section"
    >
      <FailureBanner
        off={turnedOffByFailures(webhooks)}
        manage={manage}
        onTurnOn={(webhook) => setEnabled(webhook, true)}
      />
      {!manage && !empty && (
        <p className="settings-note" data-testid="webhooks-read-only">
          <IconLock size={14} />
          Only owners and admins can add, change, test or delete webhooks: they send the project's data out.
        </p>
      )}
      {(state.status === "loading" || state.status === "idle") && (
        <LoadingRows label="Loading webhooks…" block="settings-loading" />
      )}
      {state.status === "error" && (
        <LoadFailed what="webhooks" error={state.error} onRetry={reload} className="settings-pad" />
      )}
      {empty && <NoWebhooksYet addButton={addButton} />}
      {webhooks.length > 0 && (
        <ul className="wh-list" aria-label="Webhooks" data-testid="webhooks-list">
          {webhooks.map((webhook) => (
            <WebhookRow
              key={webhook.id}
              projectId={projectId}
              webhook={webhook}
              manage={manage}
              onEdit={() => setEditing({ kind: "change", webhook })}
              onRotate={() => void rotate(webhook)}
              onDelete={() => void remove(webhook)}
              onSetEnabled={(enabled) => setEnabled(webhook, enabled)}
            />
          ))}
        </ul>
      )}
      {manage && editing && (
        <WebhookDialog
          key={editing.kind === "change" ? editing.webhook.id : "add"}
          projectId={projectId}
          webhook={editing.kind === "change" ? editing.webhook : null}
          onClose={() => setEditing(null)}
          onSaved={(webhook, created) => {
            toast.success(created ? `Added ${webhook.name}` : `Saved ${webhook.name}`);
            reload();
          }}
        />
      )}
      {rotated && (
        <Dialog
          open
          onClose={() => setRotated(null)}
          size="lg"
          title={`New signing secret for ${rotated.name}`}
          data-testid="webhook-rotated-dialog"
          footer={
            <Button variant="primary" onClick={() => setRotated(null)} data-testid="webhook-secret-done">
              I have stored it
            </Button>
          }
        >
          <SigningSecret secret={rotated.secret} rotated />
        </Dialog>
      )}
    </Card>
  );
}
