import type { ComponentChildren } from "preact";
import type { Health } from "../../api/health";
import { cx } from "../../ui/cx";
import { clockSkew, formatLatency, formatTime } from "./describe";

type TileTone = "ok" | "warn" | "bad" | "neutral";

const DOT_CLASS = { ok: "status-dot--ok", warn: "status-dot--degraded", bad: "status-dot--down" } as const;

function Tile({
  label,
  value,
  tone = "neutral",
  children,
}: {
  label: string;
  value: ComponentChildren;
  tone?: TileTone;
  children?: ComponentChildren;
}) {
  return (
    <div className="status-tile">
      <dt className="status-tile__label">{label}</dt>
      <dd className="status-tile__value">
        {tone !== "neutral" && <span className={cx("status-dot", DOT_CLASS[tone])} aria-hidden="true" />}
        {value}
      </dd>
      {children !== undefined && <dd className="status-tile__meta">{children}</dd>}
    </div>
  );
}

function MigrationsTile({ health }: { health: Health }) {
  const { database, migrations } = health;
  if (!database.reachable) {
    return (
      <Tile label="Migrations" value="Unknown">
        Needs a reachable database
      </Tile>
    );
  }
  const pending = migrations.pending.length;
  const value = migrations.current ? "Up to date" : pending > 0 ? `${pending} pending` : "Out of date";
  return (
    <Tile label="Migrations" tone={migrations.current ? "ok" : "warn"} value={value}>
      <span className="num">
        {migrations.applied} of {migrations.expected} applied
      </span>
      {pending > 0 && (
        <ul className="status-tile__list">
          {migrations.pending.map((name) => (
            <li key={name} className="mono">
              {name}
            </li>
          ))}
        </ul>
      )}
    </Tile>
  );
}

export function HealthDetails({ health, checkedAt }: { health: Health; checkedAt: Date }) {
  const { database } = health;
  const serverTime = new Date(health.time);
  const skew = clockSkew(health.time, checkedAt);

  return (
    <dl className="status-grid" data-testid="system-status-details">
      <Tile
        label="Database"
        tone={database.reachable ? "ok" : "bad"}
        value={database.reachable ? "Reachable" : "Unreachable"}
      >
        {database.reachable ? (
          <>
            Latency{" "}
            <span className="num" data-testid="db-latency">
              {formatLatency(database.latencyMs)}
            </span>
          </>
        ) : (
          <span className="status-tile__error">{database.error ?? "No error detail was reported."}</span>
        )}
      </Tile>

      <MigrationsTile health={health} />

      <Tile label="Version" value={<span className="num">v{health.version}</span>}>
        Sightline API
      </Tile>

      <Tile
        label="Server time"
        value={
          <time className="num" dateTime={health.time}>
            {Number.isNaN(serverTime.getTime()) ? health.time : formatTime(serverTime)}
          </time>
        }
      >
        {skew ?? "In sync with your clock"}
      </Tile>
    </dl>
  );
}
