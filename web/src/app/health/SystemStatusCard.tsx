import { useEffect, useRef } from "preact/hooks";
import type { Health } from "../../api/health";
import { Alert } from "../../ui/Alert";
import { Badge } from "../../ui/Badge";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { IconRefresh } from "../../ui/icons";
import { Skeleton } from "../../ui/Skeleton";
import { toast } from "../../ui/toast";
import { degradedReasons, formatTime } from "./describe";
import { HealthDetails } from "./HealthDetails";
import { HealthError } from "./HealthError";
import { type HealthState, useHealth } from "./HealthProvider";

function StatusBadge({ state }: { state: HealthState }) {
  if (state.kind === "loading") return <Badge>Checking…</Badge>;
  if (state.kind === "error")
    return (
      <Badge tone="danger" dot>
        Unavailable
      </Badge>
    );
  return state.health.status === "ok" ? (
    <Badge tone="success" dot>
      Operational
    </Badge>
  ) : (
    <Badge tone="warning" dot>
      Degraded
    </Badge>
  );
}

function LoadingDetails() {
  return (
    <div className="status-grid" aria-hidden="true">
      {["Database", "Migrations", "Version", "Server time"].map((label) => (
        <div className="status-tile" key={label}>
          <p className="status-tile__label">{label}</p>
          <Skeleton width="60%" height={16} />
          <Skeleton width="40%" height={10} />
        </div>
      ))}
    </div>
  );
}

function DegradedAlert({ health }: { health: Health }) {
  const reasons = degradedReasons(health);
  if (health.status !== "degraded") return null;
  return (
    <Alert tone="warning" title="Sightline is running in a degraded state">
      {reasons.length > 0 ? reasons.join(" ") : "The server reported a problem."}{" "}
      {health.database.reachable && !health.migrations.current && (
        <>
          Run <code>npm run db:migrate</code> to apply pending migrations.
        </>
      )}
    </Alert>
  );
}

/** Health of the API, database and migrations, from the shared health poller. */
export function SystemStatusCard() {
  const { state, refreshing, refresh } = useHealth();
  const previousKind = useRef(state.kind);

  useEffect(() => {
    if (state.kind === "error" && previousKind.current !== "error") {
      const { error } = state;
      toast.error("Couldn't load system status", {
        id: "health-error",
        description: error.requestId ? `${error.message} (request ${error.requestId})` : error.message,
      });
    }
    previousKind.current = state.kind;
  }, [state]);

  const dataState = state.kind === "ready" ? state.health.status : state.kind;

  return (
    <Card
      title="System status"
      description="Health of the Sightline API, its database and schema migrations."
      actions={
        <>
          <StatusBadge state={state} />
          <Button
            variant="ghost"
            size="sm"
            icon={IconRefresh}
            loading={refreshing && state.kind !== "loading"}
            disabled={state.kind === "loading"}
            onClick={refresh}
            aria-label="Refresh system status"
            title="Refresh"
          />
        </>
      }
      footer={
        state.kind === "loading" ? undefined : (
          <span className="muted">
            Last checked <span className="num">{formatTime(state.checkedAt)}</span> · refreshes every minute
          </span>
        )
      }
      className="system-status"
      data-testid="system-status"
    >
      <div data-state={dataState} className="system-status__body" aria-busy={state.kind === "loading"}>
        {state.kind === "loading" && (
          <>
            <p className="visually-hidden" role="status">
              Checking system status…
            </p>
            <LoadingDetails />
          </>
        )}
        {state.kind === "error" && (
          <HealthError error={state.error} onRetry={refresh} retrying={refreshing} />
        )}
        {state.kind === "ready" && (
          <>
            <DegradedAlert health={state.health} />
            <HealthDetails health={state.health} checkedAt={state.checkedAt} />
          </>
        )}
      </div>
    </Card>
  );
}
