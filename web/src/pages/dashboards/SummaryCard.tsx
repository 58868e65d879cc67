import { SECTION, sectionHref } from "../../app/sections";
import { useProject } from "../../auth/SessionProvider";
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
        <LinkButton
          href={sectionHref(SECTION.dashboards, projectId)}
          size="sm"
          variant="ghost"
          iconAfter={IconChevronRight}
        >
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
  const project = useProject();
  return <Summary projectId={project.id} projectName={project.name} />;
}
