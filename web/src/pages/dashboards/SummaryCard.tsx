import { DASHBOARDS } from "../../app/sections";
import { useSignedIn } from "../../auth/SessionProvider";
import { LinkButton } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { IconChevronRight } from "../../ui/icons";
import { StatTiles } from "./StatTiles";
import { useMetrics, useWindow } from "./useMetrics";

function Summary({ projectId, projectName }: { projectId: string; projectName: string }) {
  const timeWindow = useWindow("24h", 0);
  const [metrics] = useMetrics(projectId, timeWindow, "none");
  return (
    <Card
      title="Last 24 hours"
      description={`Traffic of ${projectName}.`}
      actions={
        <LinkButton href={DASHBOARDS.href} size="sm" variant="ghost" iconAfter={IconChevronRight}>
          Dashboards
        </LinkButton>
      }
      className="summary-card"
      data-testid="overview-summary"
    >
      {metrics.status === "error" ? (
        <p className="muted">Metrics are unavailable right now: {metrics.error.message}</p>
      ) : (
        <StatTiles totals={metrics.status === "ready" ? metrics.data.totals : null} compact />
      )}
    </Card>
  );
}

/** A compact row of the current project's totals for the overview page. */
export function SummaryCard() {
  const { currentProject } = useSignedIn();
  if (!currentProject) return null;
  return <Summary key={currentProject.id} projectId={currentProject.id} projectName={currentProject.name} />;
}
