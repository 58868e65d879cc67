import type { Health } from "../../api/health";
import type { HealthState, StatusLevel } from "./HealthProvider";

export const STATUS_LABEL: Record<StatusLevel, string> = {
  ok: "Operational",
  degraded: "Degraded",
  unknown: "Status unknown",
};

export function formatLatency(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1) return "<1 ms";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Why the service reports itself degraded, as short sentences. */
export function degradedReasons(health: Health): string[] {
  const reasons: string[] = [];
  if (!health.database.reachable) {
    // Migration state can't be read without the database; don't report it as a second problem.
    reasons.push("The database is unreachable.");
    return reasons;
  }
  const pending = health.migrations.pending.length;
  if (!health.migrations.current) {
    reasons.push(
      pending > 0
        ? `${pending} database migration${pending === 1 ? " is" : "s are"} pending.`
        : "The database schema is not at the expected version.",
    );
  }
  return reasons;
}

/** One line for tooltips: "Database reachable · 12 ms · migrations up to date". */
export function summarize(state: HealthState): string {
  if (state.kind === "loading") return "Checking system status…";
  if (state.kind === "error") return `Health check failed: ${state.error.message}`;
  const { database, migrations } = state.health;
  const db = database.reachable
    ? `Database reachable · ${formatLatency(database.latencyMs)}`
    : "Database unreachable";
  const mig = migrations.current
    ? "migrations up to date"
    : `${migrations.pending.length} migrations pending`;
  return `${db} · ${mig}`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

export function formatTime(date: Date): string {
  return timeFormat.format(date);
}

/** How far the server clock is from ours, or null when within a few seconds (i.e. fine). */
export function clockSkew(serverTime: string, checkedAt: Date): string | null {
  const server = Date.parse(serverTime);
  if (Number.isNaN(server)) return null;
  const diffSeconds = Math.round((checkedAt.getTime() - server) / 1000);
  if (Math.abs(diffSeconds) < 5) return null;
  const abs = Math.abs(diffSeconds);
  const amount =
    abs < 120 ? `${abs} s` : abs < 7200 ? `${Math.round(abs / 60)} min` : `${Math.round(abs / 3600)} h`;
  return `Your clock is ${amount} ${diffSeconds > 0 ? "ahead of" : "behind"} the server`;
}
