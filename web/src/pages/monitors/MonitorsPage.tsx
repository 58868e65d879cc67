import { useCallback, useState } from "preact/hooks";
import type { Monitor } from "../../api/monitors";
import { SECTION } from "../../app/sections";
import { can } from "../../auth/permissions";
import { useProject, useSignedIn } from "../../auth/SessionProvider";
import { PageHeader } from "../../ui/PageHeader";
import { AlertsTimeline } from "./AlertsTimeline";
import { MonitorsSection } from "./MonitorsSection";
import { RulesSection } from "./RulesSection";
import { WebhooksSection } from "./webhooks/WebhooksSection";

/** Monitors & Alerts: monitors, alert rules with their charts, the alerts timeline, webhooks. */
export function MonitorsPage() {
  const project = useProject();
  const { role } = useSignedIn();
  const canEdit = can.editMonitors(role);
  const [monitors, setMonitors] = useState<Monitor[]>([]);
  const onLoaded = useCallback((list: Monitor[]) => setMonitors(list), []);
  return (
    <div className="page mon-page">
      <PageHeader
        title={SECTION.monitors.label}
        description="Score live traffic with your scorers, and get alerted when quality, errors, latency or cost drift."
      />
      <MonitorsSection projectId={project.id} canEdit={canEdit} onLoaded={onLoaded} />
      <RulesSection projectId={project.id} canEdit={canEdit} monitors={monitors} />
      <AlertsTimeline projectId={project.id} canEdit={canEdit} />
      <WebhooksSection projectId={project.id} />
    </div>
  );
}
