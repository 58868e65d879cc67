import { useState } from "preact/hooks";
import { type Alert, acknowledgeAlert, muteAlert } from "../../api/alerts";
import { notifyError } from "../../app/notify";
import { Link } from "../../router";
import { Button } from "../../ui/Button";
import { toast } from "../../ui/toast";
import { inAppHref } from "./paths";

/**
 * What a person does with an alert: open its traces (the API's absolute link followed inside the
 * app), acknowledge it while open, mute its rule for an hour.
 */
export function AlertActions({
  projectId,
  alert,
  canEdit,
  onChanged,
  size = "sm",
}: {
  projectId: string;
  alert: Alert;
  canEdit: boolean;
  onChanged: () => void;
  size?: "sm" | "md";
}) {
  const [busy, setBusy] = useState(false);
  const act = (what: string, action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    action()
      .then(
        () => {
          toast.success(done);
          onChanged();
        },
        (error: unknown) => notifyError(`Couldn't ${what}`, error),
      )
      .finally(() => setBusy(false));
  };
  return (
    <span className="mon-actions">
      <Link
        className={`btn btn--${size === "sm" ? "ghost" : "primary"} btn--${size}`}
        href={inAppHref(alert.links.traces)}
        data-testid="alert-traces"
      >
        {size === "sm" ? "View traces" : "Open the failing traces"}
      </Link>
      {canEdit && alert.state === "firing" && (
        <Button
          size={size}
          disabled={busy}
          onClick={() =>
            act("acknowledge the alert", () => acknowledgeAlert(projectId, alert.id), "Acknowledged")
          }
          data-testid="alert-acknowledge"
        >
          Acknowledge
        </Button>
      )}
      {canEdit && alert.state !== "resolved" && (
        <Button
          size={size}
          disabled={busy}
          onClick={() =>
            act(
              "mute the rule",
              () => muteAlert(projectId, alert.id, 60),
              `Muted ${alert.ruleName} for an hour`,
            )
          }
          data-testid="alert-mute"
        >
          Mute 1 h
        </Button>
      )}
    </span>
  );
}
