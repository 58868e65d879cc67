import { type Alert, getAlert, getAlertRule } from "../../api/alerts";
import { listMonitors } from "../../api/monitors";
import { useResource } from "../../api/useResource";
import { formatDateTime } from "../../app/format";
import { SECTION } from "../../app/sections";
import { can } from "../../auth/permissions";
import { useProject, useSignedIn } from "../../auth/SessionProvider";
import type { RouteProps } from "../../router";
import { Link } from "../../router";
import { Card } from "../../ui/Card";
import { PageHeader } from "../../ui/PageHeader";
import { LoadFailed } from "../common/LoadFailed";
import { PageLoading } from "../common/PageLoading";
import { PageMessage } from "../evaluations/PageMessage";
import { AlertActions } from "./AlertActions";
import { windowText } from "./AlertsTimeline";
import { alertFigures } from "./alertNumbers";
import { monitorsPath } from "./paths";
import { RuleChart } from "./RuleChart";
import { AlertStateBadge } from "./ruleState";
import { conditionOf, watchesOf, windowOf } from "./rules";

function History({ alert }: { alert: Alert }) {
  const steps: { label: string; at: string; detail?: string }[] = [{ label: "Fired", at: alert.firedAt }];
  if (alert.acknowledged)
    steps.push({ label: "Acknowledged", at: alert.acknowledged.at, detail: `by ${alert.acknowledged.by}` });
  if (alert.resolvedAt) steps.push({ label: "Resolved", at: alert.resolvedAt });
  return (
    <ol className="mon-history" data-testid="alert-history">
      {steps.map((step) => (
        <li key={step.label}>
          <strong>{step.label}</strong> <time dateTime={step.at}>{formatDateTime(step.at)}</time>
          {step.detail && <span className="muted"> {step.detail}</span>}
        </li>
      ))}
      {alert.muted && <li className="muted">Its notifications were held back by a mute.</li>}
    </ol>
  );
}

function Figures({ numbers, testId }: { numbers: Alert["numbers"]; testId: string }) {
  return (
    <dl className="mon-figures mon-figures--grid" data-testid={testId}>
      {alertFigures(numbers).map((figure) => (
        <div key={figure.label}>
          <dt>{figure.label}</dt>
          <dd>{figure.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function RuleCard({ projectId, ruleId }: { projectId: string; ruleId: string }) {
  const [rule, reload] = useResource(`alert-rule:${ruleId}`, (signal) =>
    getAlertRule(projectId, ruleId, { signal }),
  );
  // Only to name the rule's monitor; without them the rule shows the monitor's id.
  const [monitors] = useResource(`alert-rule-monitors:${projectId}`, (signal) =>
    listMonitors(projectId, { signal }),
  );
  const monitorName = (id: string) =>
    monitors.status === "ready" ? monitors.data.find((m) => m.id === id)?.name : undefined;
  if (rule.status === "error") return <LoadFailed what="the rule" error={rule.error} onRetry={reload} />;
  if (rule.status !== "ready") return null;
  const r = rule.data;
  return (
    <Card
      title={`Rule: ${r.name}`}
      description={`${watchesOf(r, monitorName)} · fires when ${conditionOf(r)} · ${windowOf(r)} windows`}
    >
      <RuleChart projectId={projectId} rule={r} />
    </Card>
  );
}

/** One alert, at the address its notifications link to: its numbers, its rule, its history. */
export function AlertPage({ params }: RouteProps) {
  const project = useProject();
  const { role } = useSignedIn();
  const alertId = params.alertId ?? "";
  const [state, reload] = useResource(`alert:${project.id}:${alertId}`, (signal) =>
    getAlert(project.id, alertId, { signal }),
  );
  if (state.status === "error" && (state.error.status === 404 || state.error.status === 422))
    return (
      <PageMessage
        title="Alert not found"
        heading="There's no such alert in this project"
        description="Its rule may have been deleted (with its alerts), or it belongs to another project."
        action={{ href: monitorsPath(project.id), label: SECTION.monitors.label }}
        testId="alert-not-found"
        icon={SECTION.monitors.icon}
      />
    );
  if (state.status === "error")
    return (
      <div className="page">
        <PageHeader title="Alert" />
        <LoadFailed what="the alert" error={state.error} onRetry={reload} />
      </div>
    );
  if (state.status !== "ready") return <PageLoading label="Loading the alert…" />;
  const alert = state.data;
  return (
    <div className="page" data-testid="alert-page">
      <PageHeader
        title={alert.ruleName}
        description={`Window ${windowText(alert.window)}`}
        actions={
          <AlertActions
            projectId={project.id}
            alert={alert}
            canEdit={can.editMonitors(role)}
            onChanged={reload}
            size="md"
          />
        }
      />
      <Card>
        <div className="mon-timeline__head">
          <AlertStateBadge state={alert.state} muted={alert.muted} />
          <Link href={monitorsPath(project.id)}>All monitors and alerts</Link>
        </div>
        <p className="mon-alert-summary" data-testid="alert-summary">
          {alert.summary}
        </p>
        <Figures numbers={alert.numbers} testId="alert-figures" />
        <h3 className="mon-subheading">History</h3>
        <History alert={alert} />
        {alert.resolveNumbers && (
          <>
            <h3 className="mon-subheading">The window that resolved it</h3>
            <Figures numbers={alert.resolveNumbers} testId="alert-resolve-figures" />
          </>
        )}
      </Card>
      <RuleCard projectId={project.id} ruleId={alert.ruleId} />
    </div>
  );
}
