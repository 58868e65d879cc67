import { useCallback, useState } from "preact/hooks";
import type { Monitor } from "../../api/monitors";
import { SECTION } from "../../app/sections";
import { can } from "../../auth/permissions";
import { useProject, useSignedIn } from "../../auth/SessionProvider";
import { Card } from "../../ui/Card";
import { EmptyState } from "../../ui/EmptyState";
import { IconLink } from "../../ui/icons";
import { PageHeader } from "../../ui/PageHeader";
import { AlertsTimeline } from "./AlertsTimeline";
import { MonitorsSection } from "./MonitorsSection";
import { RulesSection } from "./RulesSection";

/**
 * Where webhook endpoints and their delivery log will live. Kept as a marked place until the
 * webhooks API merges (issue 17): its shapes are not settled, so nothing here guesses them.
 */
function WebhooksPlaceholder() {
  return (
    <Card flush title="Webhooks" description="Where alerts are sent" data-testid="webhooks">
      <EmptyState
        icon={IconLink}
        headingLevel={3}
        className="empty--compact"
        title="Webhooks are on their way"
        description="Signed alert notifications to your endpoints, with a delivery log, arrive with the webhooks API. Until then, alerts are listed above and on their own pages."
      />
    </Card>
  );
}

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
      <WebhooksPlaceholder />
    </div>
  );
}
