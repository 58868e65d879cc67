import { useState } from "preact/hooks";
import { type AlertRule, deleteAlertRule, listAlertRules, updateAlertRule } from "../../api/alerts";
import { getScoreMetrics } from "../../api/assessments";
import type { Monitor } from "../../api/monitors";
import { useResource } from "../../api/useResource";
import { formatDateTime, formatRelative } from "../../app/format";
import { notifyError } from "../../app/notify";
import { Link } from "../../router";
import { Badge } from "../../ui/Badge";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { confirm } from "../../ui/confirm";
import { EmptyState } from "../../ui/EmptyState";
import { IconAlert, IconPlus } from "../../ui/icons";
import { type Column, Table } from "../../ui/Table";
import { CardLoading } from "./CardLoading";
import { alertPath } from "./paths";
import { RuleChart } from "./RuleChart";
import { RuleDialog } from "./RuleDialog";
import { RuleStateBadge } from "./ruleState";
import { conditionOf, watchesOf, windowOf } from "./rules";

const DAY_MS = 86_400_000;
const MUTES = [
  { label: "Mute 1 h", minutes: 60 },
  { label: "Mute 1 day", minutes: 1440 },
] as const;

const isMuted = (rule: AlertRule) => rule.mutedUntil !== null && Date.parse(rule.mutedUntil) > Date.now();

function columns(projectId: string, monitorName: (id: string) => string | undefined): Column<AlertRule>[] {
  return [
    {
      key: "name",
      header: "Rule",
      render: (rule) => (
        <span className="stack">
          <span className="cell-title__text" data-testid="rule-name">
            {rule.name} {isMuted(rule) && <Badge>Muted</Badge>}
          </span>
          <span className="stack__meta">{watchesOf(rule, monitorName)}</span>
        </span>
      ),
    },
    { key: "condition", header: "Fires when", render: (rule) => conditionOf(rule) },
    { key: "window", header: "Window", width: "110px", render: (rule) => windowOf(rule) },
    { key: "state", header: "State", width: "120px", render: (rule) => <RuleStateBadge rule={rule} /> },
    {
      key: "last",
      header: "Last window",
      render: (rule) =>
        rule.lastSummary ? (
          <span className="cell-clamp mon-summary" title={rule.lastSummary}>
            {rule.lastSummary}
          </span>
        ) : (
          <span className="muted">Not evaluated yet</span>
        ),
    },
    {
      key: "alert",
      header: "Open alert",
      width: "120px",
      render: (rule) =>
        rule.openAlert ? (
          <Link
            href={alertPath(projectId, rule.openAlert.id)}
            onClick={(event: Event) => event.stopPropagation()}
            data-testid="rule-open-alert"
          >
            {rule.openAlert.state === "acknowledged" ? "Acknowledged" : "Firing"}{" "}
            {formatRelative(rule.openAlert.firedAt)}
          </Link>
        ) : (
          <span className="muted">—</span>
        ),
    },
  ];
}

function RuleDetail({
  projectId,
  rule,
  canEdit,
  onChanged,
}: {
  projectId: string;
  rule: AlertRule;
  canEdit: boolean;
  onChanged: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const change = (what: string, action: () => Promise<unknown>) => {
    setBusy(true);
    action()
      .then(onChanged, (error: unknown) => notifyError(`Couldn't ${what}`, error))
      .finally(() => setBusy(false));
  };
  const muted = isMuted(rule);
  const remove = async () => {
    const ok = await confirm({
      title: `Delete the rule ${rule.name}?`,
      message: "Its alerts are deleted with it.",
      confirmLabel: "Delete rule",
      tone: "danger",
    });
    if (ok) change("delete the rule", () => deleteAlertRule(projectId, rule.id));
  };
  return (
    <section className="mon-detail" aria-label={`Rule ${rule.name}`} data-testid="rule-detail">
      <div className="mon-detail__head">
        <h3 className="mon-subheading">{rule.name}</h3>
        {muted && rule.mutedUntil && (
          <span className="muted">Muted until {formatDateTime(rule.mutedUntil)}</span>
        )}
        {canEdit && (
          <span className="mon-actions">
            <Button
              size="sm"
              disabled={busy}
              onClick={() =>
                change(rule.enabled ? "disable the rule" : "enable the rule", () =>
                  updateAlertRule(projectId, rule.id, { enabled: !rule.enabled }),
                )
              }
              data-testid="rule-toggle"
            >
              {rule.enabled ? "Disable" : "Enable"}
            </Button>
            {muted ? (
              <Button
                size="sm"
                disabled={busy}
                onClick={() =>
                  change("unmute the rule", () => updateAlertRule(projectId, rule.id, { mutedUntil: null }))
                }
                data-testid="rule-unmute"
              >
                Unmute
              </Button>
            ) : (
              MUTES.map((mute) => (
                <Button
                  key={mute.minutes}
                  size="sm"
                  disabled={busy}
                  onClick={() =>
                    change("mute the rule", () =>
                      updateAlertRule(projectId, rule.id, {
                        mutedUntil: new Date(Date.now() + mute.minutes * 60_000).toISOString(),
                      }),
                    )
                  }
                  data-testid={`rule-mute-${mute.minutes}`}
                >
                  {mute.label}
                </Button>
              ))
            )}
            <Button
              size="sm"
              variant="danger"
              disabled={busy}
              onClick={() => void remove()}
              data-testid="rule-delete"
            >
              Delete
            </Button>
          </span>
        )}
      </div>
      {rule.lastSummary && <p className="mon-note">{rule.lastSummary}</p>}
      <RuleChart projectId={projectId} rule={rule} />
    </section>
  );
}

/** The project's alert rules, their state, and the chart of the one selected (the first by default). */
export function RulesSection({
  projectId,
  canEdit,
  monitors,
}: {
  projectId: string;
  canEdit: boolean;
  monitors: readonly Monitor[];
}) {
  const [state, reload] = useResource(`alert-rules:${projectId}`, (signal) =>
    listAlertRules(projectId, { signal }),
  );
  // The feedback names a rule can watch: what the project's score rollups saw in 30 days.
  const [names] = useResource(`rule-feedback-names:${projectId}`, async (signal) => {
    const now = Date.now();
    const range = { from: new Date(now - 30 * DAY_MS).toISOString(), to: new Date(now).toISOString() };
    return (await getScoreMetrics(projectId, { ...range, granularity: "day" }, { signal })).names;
  });
  const [creating, setCreating] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const rules = state.status === "ready" ? state.data : [];
  const selected = rules.find((rule) => rule.id === selectedId) ?? rules[0];
  const monitorName = (id: string) => monitors.find((m) => m.id === id)?.name;
  const open = canEdit ? () => setCreating(true) : null;
  const empty = state.status === "ready" && rules.length === 0;

  return (
    <Card
      flush
      title="Alert rules"
      description="Conditions on scores and traffic, checked every 5 minutes on closed windows. Select a rule for its chart."
      actions={
        open &&
        !empty && (
          <Button size="sm" variant="primary" icon={IconPlus} onClick={open} data-testid="new-rule">
            New alert rule
          </Button>
        )
      }
      data-testid="alert-rules"
    >
      <CardLoading state={state} what="alert rules" onRetry={reload} />
      {empty && (
        <div data-testid="rules-empty">
          <EmptyState
            icon={IconAlert}
            headingLevel={3}
            title="No alert rules yet"
            description="A rule watches a monitor's pass rate or mean score, or the traffic's error rate, latency, cost or volume, and fires when a window is worse than a threshold or clearly worse than the last 7 days."
            actions={
              open && (
                <Button variant="primary" icon={IconPlus} onClick={open} data-testid="new-rule">
                  New alert rule
                </Button>
              )
            }
          />
        </div>
      )}
      {rules.length > 0 && (
        <>
          <Table
            caption="Alert rules"
            columns={columns(projectId, monitorName)}
            rows={rules}
            rowKey={(rule) => rule.id}
            onRowClick={(rule) => setSelectedId(rule.id)}
            className="mon-rules"
          />
          {selected && (
            <RuleDetail
              key={selected.id}
              projectId={projectId}
              rule={selected}
              canEdit={canEdit}
              onChanged={reload}
            />
          )}
        </>
      )}
      <RuleDialog
        open={creating}
        onClose={() => setCreating(false)}
        projectId={projectId}
        monitors={monitors}
        feedbackNames={names.status === "ready" ? names.data : []}
        onCreated={(rule) => {
          setSelectedId(rule.id);
          reload();
        }}
      />
    </Card>
  );
}
