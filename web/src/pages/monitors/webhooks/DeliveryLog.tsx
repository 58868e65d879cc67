import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError, errorMessage } from "../../../api/errors";
import { useCursorPages } from "../../../api/useCursorPages";
import {
  listWebhookDeliveries,
  redeliverWebhookDelivery,
  type Webhook,
  type WebhookAttempt,
  type WebhookDelivery,
} from "../../../api/webhooks";
import { formatDateTime, formatRelative, formatTime } from "../../../app/format";
import { notifyError } from "../../../app/notify";
import { formatDuration } from "../../../app/numbers";
import { Badge } from "../../../ui/Badge";
import { Button } from "../../../ui/Button";
import { IconChevronDown, IconChevronRight, IconRefresh } from "../../../ui/icons";
import { toast } from "../../../ui/toast";
import { LoadFailed } from "../../common/LoadFailed";
import { LoadingRows } from "../../common/LoadingRows";
import {
  answerOf,
  attemptError,
  DELIVERY_STATUS,
  eventLabel,
  excerptPreview,
  isFinished,
  mergeFirstPage,
} from "./webhookText";

const PAGE_SIZE = 20;
/** How often an open log re-reads its first page while a delivery in it is still being tried. */
const POLL_MS = 2000;
const idOf = (delivery: WebhookDelivery) => delivery.id;

function AttemptRow({ attempt }: { attempt: WebhookAttempt }) {
  const error = attemptError(attempt);
  return (
    <li className="wh-attempt" data-testid="webhook-attempt">
      <time className="wh-attempt__time" dateTime={attempt.at} title={formatDateTime(attempt.at)}>
        {formatTime(attempt.at)}
      </time>
      <Badge tone={attempt.succeeded ? "success" : "danger"}>
        <span data-testid="webhook-attempt-status">{answerOf(attempt)}</span>
      </Badge>
      <span className="wh-attempt__latency" data-testid="webhook-attempt-latency">
        {formatDuration(attempt.latencyMs)}
      </span>
      {attempt.run > 1 && <span className="muted">redelivery {attempt.run - 1}</span>}
      {error && (
        <span className="wh-attempt__error" data-testid="webhook-attempt-error">
          {error}
        </span>
      )}
      {attempt.responseExcerpt && (
        <code
          className="wh-attempt__excerpt"
          title={attempt.responseExcerpt}
          data-testid="webhook-attempt-excerpt"
        >
          {excerptPreview(attempt.responseExcerpt)}
        </code>
      )}
    </li>
  );
}

function DeliveryRow({
  delivery,
  open,
  onToggle,
  manage,
  onRedeliver,
  redeliverError,
}: {
  delivery: WebhookDelivery;
  open: boolean;
  onToggle: () => void;
  manage: boolean;
  onRedeliver: () => Promise<void>;
  redeliverError: string | undefined;
}) {
  const [busy, setBusy] = useState(false);
  const status = DELIVERY_STATUS[delivery.status];
  const latest = delivery.attemptLog[0];
  return (
    <li className="wh-delivery" data-testid="webhook-delivery" data-status={delivery.status}>
      <div className="wh-delivery__line">
        <button
          type="button"
          className="wh-delivery__toggle"
          aria-expanded={open}
          onClick={onToggle}
          data-testid="webhook-delivery-toggle"
        >
          {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
          <time dateTime={delivery.createdAt} title={formatDateTime(delivery.createdAt)}>
            {formatRelative(delivery.createdAt)}
          </time>
        </button>
        <span className="wh-delivery__event">{eventLabel(delivery.eventType)}</span>
        <Badge tone={status.tone} dot>
          <span data-testid="webhook-delivery-status">{status.label}</span>
        </Badge>
        <span className="muted" data-testid="webhook-delivery-attempts">
          {delivery.attempts === 1 ? "1 attempt" : `${delivery.attempts} attempts`}
        </span>
        <span className="muted wh-delivery__last">
          {latest ? `${answerOf(latest)} · ${formatDuration(latest.latencyMs)}` : "Not tried yet"}
        </span>
        {manage && isFinished(delivery.status) && (
          <Button
            size="sm"
            variant="ghost"
            icon={IconRefresh}
            loading={busy}
            onClick={() => {
              setBusy(true);
              void onRedeliver().finally(() => setBusy(false));
            }}
            data-testid="webhook-redeliver"
          >
            Redeliver
          </Button>
        )}
      </div>
      {/* Only while it is still being tried: once it finishes, Redeliver is offered again. */}
      {redeliverError && !isFinished(delivery.status) && (
        <p className="field__error wh-delivery__error" role="alert" data-testid="webhook-redeliver-error">
          {redeliverError}
        </p>
      )}
      {open && (
        <div className="wh-delivery__detail">
          <p className="muted wh-delivery__ids">
            <span>
              webhook-id <code>{delivery.id}</code>
            </span>
            <span>
              event <code>{delivery.eventId}</code>
            </span>
          </p>
          {delivery.attemptLog.length === 0 ? (
            <p className="muted">Queued; no attempt yet.</p>
          ) : (
            <ol className="wh-attempts" aria-label="Attempts, newest first">
              {delivery.attemptLog.map((attempt) => (
                <AttemptRow key={attempt.id} attempt={attempt} />
              ))}
            </ol>
          )}
        </div>
      )}
    </li>
  );
}

export interface DeliveryLogProps {
  projectId: string;
  webhook: Webhook;
  manage: boolean;
  /** Bumped by the row when it knows of a new delivery (a test event): the log re-reads its first page. */
  refreshKey: number;
  /** After a redelivery was queued (the row's "last delivery" changes). */
  onChanged: () => void;
}

/** One endpoint's deliveries, newest first, each opening onto its attempts; redeliver finished ones. */
export function DeliveryLog({ projectId, webhook, manage, refreshKey, onChanged }: DeliveryLogProps) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [redeliverErrors, setRedeliverErrors] = useState<Readonly<Record<string, string>>>({});
  const { pages, loadMore, reload, update } = useCursorPages<WebhookDelivery>({
    key: `${projectId}\u0000${webhook.id}`,
    what: "deliveries",
    idOf,
    fetchPage: async (cursor, signal) => {
      const page = await listWebhookDeliveries(
        projectId,
        webhook.id,
        { cursor, limit: PAGE_SIZE },
        { signal },
      );
      return { items: page.deliveries, nextCursor: page.nextCursor };
    },
  });

  // A quiet refresh: the first page again, laid over what is shown (no skeleton, no folded pages).
  const refresh = useCallback(async () => {
    try {
      const page = await listWebhookDeliveries(projectId, webhook.id, { limit: PAGE_SIZE });
      update((items) => mergeFirstPage(page.deliveries, items, idOf));
    } catch {
      // The next poll or the Refresh button tries again; a toast per poll would only be noise.
    }
  }, [projectId, webhook.id, update]);

  useEffect(() => {
    if (refreshKey > 0) void refresh();
  }, [refreshKey, refresh]);

  const unfinished = pages.status === "ready" && pages.items.some((delivery) => !isFinished(delivery.status));
  useEffect(() => {
    if (!unfinished) return;
    const timer = window.setInterval(() => void refresh(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [unfinished, refresh]);

  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const redeliver = async (delivery: WebhookDelivery) => {
    setRedeliverErrors(({ [delivery.id]: _, ...rest }) => rest);
    try {
      await redeliverWebhookDelivery(projectId, webhook.id, delivery.id);
      toast.success("Redelivery queued", { description: `Same webhook-id: ${delivery.id}` });
      setOpen((current) => new Set(current).add(delivery.id));
      await refresh();
      onChanged();
    } catch (error) {
      // 409: it is still being tried (someone redelivered it meanwhile): say so where it was asked.
      if (error instanceof ApiError && error.status === 409)
        setRedeliverErrors((current) => ({ ...current, [delivery.id]: errorMessage(error) }));
      else notifyError("Couldn't redeliver", error);
      // Whatever refused it changed the delivery: show its state here and on the row.
      onChanged();
    }
  };

  return (
    <div className="wh-log" data-testid="webhook-delivery-log">
      <div className="wh-log__head">
        <h4 className="wh-log__title">Delivery log</h4>
        <Button size="sm" variant="ghost" icon={IconRefresh} onClick={() => void refresh()}>
          Refresh
        </Button>
      </div>
      {pages.status === "loading" && (
        <LoadingRows label="Loading deliveries…" block="settings-loading" rows={2} />
      )}
      {pages.status === "error" && <LoadFailed what="the deliveries" error={pages.error} onRetry={reload} />}
      {pages.status === "ready" && pages.items.length === 0 && (
        <p className="muted wh-log__empty" data-testid="webhook-deliveries-empty">
          No deliveries yet. {manage ? "Send a test event to try the endpoint." : ""}
        </p>
      )}
      {pages.status === "ready" && pages.items.length > 0 && (
        <ul className="wh-deliveries">
          {pages.items.map((delivery) => (
            <DeliveryRow
              key={delivery.id}
              delivery={delivery}
              open={open.has(delivery.id)}
              onToggle={() => toggle(delivery.id)}
              manage={manage}
              onRedeliver={() => redeliver(delivery)}
              redeliverError={redeliverErrors[delivery.id]}
            />
          ))}
        </ul>
      )}
      {pages.status === "ready" && pages.nextCursor && (
        <div className="load-more">
          <Button size="sm" onClick={() => void loadMore()} loading={pages.loadingMore}>
            Older deliveries
          </Button>
        </div>
      )}
    </div>
  );
}
