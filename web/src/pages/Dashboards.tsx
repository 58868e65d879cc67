import { DASHBOARDS, TRACES } from "../app/sections";
import { LinkButton } from "../ui/Button";
import { EmptyState } from "../ui/EmptyState";
import { PageHeader } from "../ui/PageHeader";

export function DashboardsPage() {
  return (
    <div className="page">
      <PageHeader
        title={DASHBOARDS.label}
        description="Latency, cost, token usage, error rates and quality scores over time."
      />
      <div className="panel">
        <EmptyState
          icon={DASHBOARDS.icon}
          title="No data to chart yet"
          description="Dashboards are built from your traces and evaluation results. Once traces arrive, you'll see request volume, p50/p95 latency, tokens and cost per model, and score trends here."
          actions={
            <LinkButton href={TRACES.href} variant="primary" icon={TRACES.icon}>
              Start sending traces
            </LinkButton>
          }
        />
      </div>
    </div>
  );
}
