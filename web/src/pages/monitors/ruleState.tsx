import type { AlertRule, AlertState } from "../../api/alerts";
import { Badge, type Tone } from "../../ui/Badge";

const RULE_STATES: Record<AlertRule["state"], { label: string; tone: Tone }> = {
  ok: { label: "OK", tone: "success" },
  firing: { label: "Firing", tone: "danger" },
  // The API's `resolved`: an alert just resolved and the rule may not fire again yet.
  resolved: { label: "Cooling down", tone: "warning" },
};

export function RuleStateBadge({ rule }: { rule: Pick<AlertRule, "state" | "enabled"> }) {
  if (!rule.enabled) return <Badge>Disabled</Badge>;
  const { label, tone } = RULE_STATES[rule.state];
  return (
    <span data-testid="rule-state" data-state={rule.state}>
      <Badge tone={tone} dot={rule.state === "firing"}>
        {label}
      </Badge>
    </span>
  );
}

const ALERT_STATES: Record<AlertState, { label: string; tone: Tone }> = {
  firing: { label: "Firing", tone: "danger" },
  acknowledged: { label: "Acknowledged", tone: "warning" },
  resolved: { label: "Resolved", tone: "success" },
};

export function AlertStateBadge({ state, muted }: { state: AlertState; muted: boolean }) {
  const { label, tone } = ALERT_STATES[state];
  return (
    <span className="pr-chips" data-testid="alert-state" data-state={state}>
      <Badge tone={tone} dot={state === "firing"}>
        {label}
      </Badge>
      {muted && <Badge>Muted</Badge>}
    </span>
  );
}
