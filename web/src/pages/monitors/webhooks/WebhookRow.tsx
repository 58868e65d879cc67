import { useEffect, useState } from "preact/hooks";
import { useResource } from "../../../api/useResource";
import { listWebhookDeliveries, type Webhook, type WebhookFormat } from "../../../api/webhooks";
import { formatDateTime, formatRelative } from "../../../app/format";
import { Badge } from "../../../ui/Badge";
import { Button } from "../../../ui/Button";
import {
  IconBraces,
  IconChat,
  IconChevronDown,
  IconChevronRight,
  type IconComponent,
  IconKey,
  IconLock,
  IconPencil,
  IconShield,
  IconTrash,
} from "../../../ui/icons";
import { DeliveryLog } from "./DeliveryLog";
import { describeTest, useTestEvent } from "./useTestEvent";
import { DELIVERY_STATUS, eventLabel, FORMAT_LABEL, isFinished } from "./webhookText";

const LAST_DELIVERY_POLL_MS = 3000;

const FORMAT_ICON: Readonly<Record<WebhookFormat, IconComponent>> = {
  standard: IconBraces,
  slack: IconChat,
  pagerduty: IconShield,
};

export function FormatLabel({ format }: { format: WebhookFormat }) {
  const Icon = FORMAT_ICON[format];
  return (
    <span className={`wh-format wh-format--${format}`} data-testid="webhook-format-label">
      <Icon size={14} />
      {FORMAT_LABEL[format]}
    </span>
  );
}

/** The endpoint's newest delivery, read with the log's own route (the webhook carries no summary of it). */
function LastDelivery({
  projectId,
  webhookId,
  version,
}: {
  projectId: string;
  webhookId: string;
  version: number;
}) {
  const [state, reload] = useResource(`${projectId}\u0000${webhookId}`, (signal) =>
    listWebhookDeliveries(projectId, webhookId, { limit: 1 }, { signal }),
  );
  // A reload under the same key keeps the badge shown until the new answer replaces it.
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  const last = state.status === "ready" ? state.data.deliveries[0] : undefined;
  // Still being tried: follow it until it finishes, like the log does.
  const unfinished = last !== undefined && !isFinished(last.status);
  useEffect(() => {
    if (!unfinished) return;
    const timer = window.setInterval(reload, LAST_DELIVERY_POLL_MS);
    return () => window.clearInterval(timer);
  }, [unfinished, reload]);
  if (state.status !== "ready") return <span className="muted">…</span>;
  if (!last) return <span className="muted">No deliveries</span>;
  const status = DELIVERY_STATUS[last.status];
  return (
    <span className="wh-last" data-testid="webhook-last-delivery" data-status={last.status}>
      <Badge tone={status.tone} dot>
        {status.label}
      </Badge>
      <time className="muted" dateTime={last.createdAt} title={formatDateTime(last.createdAt)}>
        {formatRelative(last.createdAt)}
      </time>
    </span>
  );
}

function EnabledSwitch({
  webhook,
  manage,
  onChange,
}: {
  webhook: Webhook;
  manage: boolean;
  onChange: (enabled: boolean) => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <label
      className="wh-switch"
      title={manage ? undefined : "Only owners and admins can turn webhooks on or off"}
    >
      <input
        type="checkbox"
        role="switch"
        aria-checked={webhook.enabled}
        className="wh-switch__input"
        checked={webhook.enabled}
        disabled={!manage || busy}
        aria-label={`${webhook.name} enabled`}
        onChange={(event) => {
          const enabled = event.currentTarget.checked;
          setBusy(true);
          void onChange(enabled).finally(() => setBusy(false));
        }}
        data-testid="webhook-enabled"
      />
      <span className="wh-switch__track" aria-hidden="true" />
      <span className="wh-switch__text">{webhook.enabled ? "On" : "Off"}</span>
    </label>
  );
}

export interface WebhookRowProps {
  projectId: string;
  webhook: Webhook;
  manage: boolean;
  onEdit: () => void;
  onRotate: () => void;
  onDelete: () => void;
  onSetEnabled: (enabled: boolean) => Promise<void>;
}

/** One endpoint: what it is, where it sends (a hint), its state, its actions, and its delivery log. */
export function WebhookRow({
  projectId,
  webhook,
  manage,
  onEdit,
  onRotate,
  onDelete,
  onSetEnabled,
}: WebhookRowProps) {
  const [logOpen, setLogOpen] = useState(false);
  // Bumped whenever a delivery appears or changes here: the last delivery and the log re-read.
  const [version, setVersion] = useState(0);
  const bump = () => setVersion((value) => value + 1);
  const { test, send, dismiss } = useTestEvent(projectId, webhook.id, bump);
  const outcome = describeTest(test);

  return (
    <li
      className="wh-item"
      data-testid="webhook-row"
      data-webhook-id={webhook.id}
      data-enabled={webhook.enabled}
    >
      <div className="wh-item__main">
        <div className="wh-item__what">
          <span className="wh-item__name" data-testid="webhook-name">
            {webhook.name}
          </span>
          <FormatLabel format={webhook.format} />
          {!webhook.enabled && webhook.disabledReason === "failures" && (
            <Badge tone="danger">Turned off: failures</Badge>
          )}
        </div>
        <div className="wh-item__meta">
          <span
            className="key-hint"
            title="Stored encrypted; only a hint is ever shown"
            data-testid="webhook-target"
          >
            <IconLock size={13} />
            <code>{webhook.targetHint}</code>
          </span>
          <span className="badge-list" data-testid="webhook-events">
            {webhook.events.map((event) => (
              <Badge key={event}>{eventLabel(event)}</Badge>
            ))}
          </span>
        </div>
      </div>
      <div className="wh-item__state">
        <LastDelivery projectId={projectId} webhookId={webhook.id} version={version} />
        <EnabledSwitch webhook={webhook} manage={manage} onChange={onSetEnabled} />
      </div>
      {manage && (
        <div className="wh-item__actions">
          <Button
            size="sm"
            loading={test.state === "sending"}
            onClick={() => {
              void send().then(bump);
            }}
            data-testid="webhook-send-test"
          >
            Send test event
          </Button>
          <Button
            size="sm"
            variant="ghost"
            icon={IconPencil}
            aria-label={`Change ${webhook.name}`}
            title="Change"
            onClick={onEdit}
            data-testid="webhook-edit"
          />
          {webhook.format === "standard" && (
            <Button
              size="sm"
              variant="ghost"
              icon={IconKey}
              aria-label={`Rotate the signing secret of ${webhook.name}`}
              title="Rotate signing secret"
              onClick={onRotate}
              data-testid="webhook-rotate"
            />
          )}
          <Button
            size="sm"
            variant="ghost"
            icon={IconTrash}
            aria-label={`Delete ${webhook.name}`}
            title="Delete"
            onClick={onDelete}
            data-testid="webhook-delete"
          />
        </div>
      )}
      {test.state !== "idle" && (
        <div
          className={`wh-test wh-test--${outcome.tone}`}
          role="status"
          data-testid="webhook-test-result"
          data-outcome={outcome.tone}
        >
          <span data-testid="webhook-test-text">{outcome.text}</span>
          <Button size="sm" variant="ghost" onClick={dismiss}>
            Dismiss
          </Button>
        </div>
      )}
      <button
        type="button"
        className="wh-item__log-toggle"
        aria-expanded={logOpen}
        onClick={() => setLogOpen((value) => !value)}
        data-testid="webhook-log-toggle"
      >
        {logOpen ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
        Deliveries
      </button>
      {logOpen && (
        <DeliveryLog
          projectId={projectId}
          webhook={webhook}
          manage={manage}
          refreshKey={version}
          onChanged={bump}
        />
      )}
    </li>
  );
}
