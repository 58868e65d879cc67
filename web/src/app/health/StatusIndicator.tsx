import { useSession } from "../../auth/SessionProvider";
import { Link } from "../../router";
import { projectPath } from "../../router/paths";
import { cx } from "../../ui/cx";
import { STATUS_LABEL, summarize } from "./describe";
import { statusLevel, useHealth } from "./HealthProvider";

/** Sidebar footer: a coloured dot for the service health, linking to the System status card. */
export function StatusIndicator({ className }: { className?: string }) {
  const { state } = useHealth();
  const level = statusLevel(state);
  const label = state.kind === "loading" ? "Checking status…" : STATUS_LABEL[level];
  const version = state.kind === "ready" ? state.health.version : null;
  // The System status card is on the overview.
  const projectId = useSession().currentProject?.id;

  return (
    <Link
      href={projectId ? projectPath(projectId) : "/"}
      className={cx("status-link", className)}
      title={summarize(state)}
    >
      <span
        className={cx("status-dot", `status-dot--${level}`, state.kind === "loading" && "is-pending")}
        data-testid="status-dot"
        data-status={level}
        aria-hidden="true"
      />
      <span className="status-link__label">
        <span className="visually-hidden">System status: </span>
        {label}
      </span>
      {version && <span className="status-link__version num">v{version}</span>}
    </Link>
  );
}
