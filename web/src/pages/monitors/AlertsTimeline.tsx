import { type Alert, listAlerts } from "../../api/alerts";
import { useResource } from "../../api/useResource";
import { formatDateTime, formatRelative } from "../../app/format";
import { Link } from "../../router";
import { Card } from "../../ui/Card";
import { EmptyState } from "../../ui/EmptyState";
import { IconHistory } from "../../ui/icons";
import { AlertActions } from "./AlertActions";
import { CardLoading } from "./CardLoading";
import { alertPath } from "./paths";
import { AlertStateBadge } from "./ruleState";

const LIMIT = 50;

// Windows start and end on whole minutes: no seconds.
const hourMinute = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });

/** "Dec 6, 2026, 3:00 PM–4:00 PM" within a day, both ends in full otherwise. */
export function windowText(window: Alert["window"]): string {
  const start = new Date(window.start);
  const end = new Date(window.end);
  return start.toDateString() === end.toDateString()
    ? `${formatDateTime(window.start)}–${hourMinute.format(end)}`
    : `${formatDateTime(window.start)} – ${formatDateTime(window.end)}`;
}

/** The project's alerts, newest first, each with its sentence and what can be done about it. */
export function AlertsTimeline({ projectId, canEdit }: { projectId: string; canEdit: boolean }) {
  const [state, reload] = useResource(`alerts:${projectId}`, (signal) =>
    listAlerts(projectId, { limit: LIMIT }, { signal }),
  );
  const empty = state.status === "ready" && state.data.length === 0;
  return (
    <Card
      flush
      title="Alerts"
      description="Newest first: when a rule fired, was acknowledged, resolved"
      data-testid="alerts"
    >
      <CardLoading state={state} what="alerts" onRetry={reload} />
      {empty && (
        <div data-testid="alerts-empty">
          <EmptyState
            icon={IconHistory}
            headingLevel={3}
            className="empty--compact"
            title="No alerts"
            description="When a rule fires, its alert appears here with the window's numbers in a sentence and a link to the traces behind it."
          />
        </div>
      )}
      {state.status === "ready" && !empty && (
        <ol className="mon-timeline">
          {state.data.map((alert) => (
            <li key={alert.id} className="mon-timeline__item" data-testid="alert" data-state={alert.state}>
              <div className="mon-timeline__head">
                <AlertStateBadge state={alert.state} muted={alert.muted} />
                <Link
                  href={alertPath(projectId, alert.id)}
                  className="cell-title__text"
                  data-testid="alert-link"
                >
                  {alert.ruleName}
                </Link>
                <span className="muted">
                  window {windowText(alert.window)} · fired{" "}
                  <time dateTime={alert.firedAt} title={formatDateTime(alert.firedAt)}>
                    {formatRelative(alert.firedAt)}
                  </time>
                </span>
              </div>
              <p className="mon-timeline__summary">{alert.summary}</p>
              <AlertActions projectId={projectId} alert={alert} canEdit={canEdit} onChanged={reload} />
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
