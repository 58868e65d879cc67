import { SECTION, sectionHref } from "../app/sections";
import { useProject } from "../auth/SessionProvider";
import { LinkButton } from "../ui/Button";
import { EmptyState } from "../ui/EmptyState";
import { PageHeader } from "../ui/PageHeader";
import { WebhooksSection } from "./monitors/webhooks/WebhooksSection";

export function MonitorsPage() {
  const project = useProject();
  return (
    <div className="page">
      <PageHeader
        title={SECTION.monitors.label}
        description="Watch production traffic and get alerted when quality, latency or cost drifts."
      />
      <div className="panel">
        <EmptyState
          icon={SECTION.monitors.icon}
          title="No monitors yet"
          description="A monitor evaluates live traces on a schedule — error rate, p95 latency, cost, or an LLM judge's score on sampled traffic — and raises an alert when a threshold is crossed. Alerts and their history will be listed here."
          actions={
            <LinkButton
              href={sectionHref(SECTION.dashboards, project.id)}
              variant="primary"
              icon={SECTION.dashboards.icon}
            >
              Explore dashboards
            </LinkButton>
          }
        />
      </div>
      <WebhooksSection projectId={project.id} />
    </div>
  );
}
