import { useEffect, useState } from "preact/hooks";
import { deleteMonitor, listMonitors, type Monitor, updateMonitor } from "../../api/monitors";
import { useResource } from "../../api/useResource";
import { notifyError } from "../../app/notify";
import { formatCost, formatInteger } from "../../app/numbers";
import { SECTION } from "../../app/sections";
import { Badge } from "../../ui/Badge";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { confirm } from "../../ui/confirm";
import { EmptyState } from "../../ui/EmptyState";
import { IconPlus } from "../../ui/icons";
import { Menu, MenuItem } from "../../ui/Menu";
import { type Column, Table } from "../../ui/Table";
import { toast } from "../../ui/toast";
import { BackfillDialog } from "./BackfillDialog";
import { CardLoading } from "./CardLoading";
import { filterChips } from "./filter";
import { MonitorDialog } from "./MonitorDialog";
import { formatRate } from "./monitorNumbers";
import { RateDialog } from "./RateDialog";
import { Sparkline } from "./Sparkline";

/** Today's counts move while traffic is scored: the list is read again this often. */
const REFRESH_MS = 5000;

interface RowActions {
  toggle: (monitor: Monitor) => void;
  rate: (monitor: Monitor) => void;
  backfill: (monitor: Monitor) => void;
  remove: (monitor: Monitor) => void;
}

const columns = (actions: RowActions | null): Column<Monitor>[] => [
  {
    key: "name",
    header: "Monitor",
    render: (m) => (
      <span className="stack">
        <span className="cell-title__text" data-testid="monitor-name">
          {m.name}
        </span>
        <span className="stack__meta">
          {m.scorer.name} v{m.scorer.version} · {m.level === "trace" ? "traces" : "sessions"}
        </span>
      </span>
    ),
  },
  {
    key: "rate",
    header: "Rate",
    numeric: true,
    width: "72px",
    render: (m) => (
      <span className="nowrap" data-testid="monitor-rate">
        {formatRate(m.samplingRate)}
      </span>
    ),
  },
  {
    key: "filter",
    header: "Filter",
    render: (m) => {
      const chips = filterChips(m.filter);
      return chips.length === 0 ? (
        <span className="muted">All traffic</span>
      ) : (
        <span className="pr-chips">
          {chips.map((chip) => (
            <Badge key={chip}>{chip}</Badge>
          ))}
        </span>
      );
    },
  },
  {
    key: "status",
    header: "Status",
    width: "90px",
    render: (m) => (
      <span data-testid="monitor-status">
        <Badge tone={m.status === "active" ? "success" : "neutral"} dot={m.status === "active"}>
          {m.status === "active" ? "Active" : "Paused"}
        </Badge>
      </span>
    ),
  },
  {
    key: "scored",
    header: "Scored today",
    numeric: true,
    width: "110px",
    render: (m) => (
      <span className="stack" title="Since 00:00 UTC">
        <span data-testid="monitor-scored">{formatInteger(m.today.scored)}</span>
        {m.today.errors > 0 && (
          <span className="stack__meta text-danger">{formatInteger(m.today.errors)} errors</span>
        )}
      </span>
    ),
  },
  {
    key: "spend",
    header: "Judge spend",
    numeric: true,
    width: "100px",
    render: (m) => <span data-testid="monitor-spend">{formatCost(m.today.costUsd)}</span>,
  },
  { key: "recent", header: "Last 24 h", width: "150px", render: (m) => <Sparkline recent={m.recent} /> },
  ...(actions
    ? [
        {
          key: "actions",
          header: <span className="visually-hidden">Actions</span>,
          width: "230px",
          render: (m: Monitor) => (
            <span className="mon-actions mon-actions--nowrap">
              <Button
                size="sm"
                variant="ghost"
                onClick={() => actions.toggle(m)}
                data-testid="monitor-toggle"
              >
                {m.status === "active" ? "Pause" : "Start"}
              </Button>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => actions.backfill(m)}
                data-testid="monitor-backfill"
              >
                Backfill…
              </Button>
              <Menu
                label="More"
                triggerLabel={`More actions for ${m.name}`}
                triggerClassName="btn btn--ghost btn--sm"
                triggerTestId="monitor-more"
                menuLabel={`Actions for ${m.name}`}
                align="end"
              >
                {(close) => (
                  <>
                    <MenuItem
                      onSelect={() => {
                        close();
                        actions.rate(m);
                      }}
                      data-testid="monitor-change-rate"
                    >
                      Change rate…
                    </MenuItem>
                    <MenuItem
                      tone="danger"
                      onSelect={() => {
                        close();
                        actions.remove(m);
                      }}
                      data-testid="monitor-delete"
                    >
                      Delete…
                    </MenuItem>
                  </>
                )}
              </Menu>
            </span>
          ),
        },
      ]
    : []),
];

/**
 * The project's monitors with today's counts and a sparkline; their dialogs (new, rate, backfill).
 * `onLoaded` hands the list up: the alert rules name monitors and offer them.
 */
export function MonitorsSection({
  projectId,
  canEdit,
  onLoaded,
}: {
  projectId: string;
  canEdit: boolean;
  onLoaded: (monitors: Monitor[]) => void;
}) {
  const [state, reload] = useResource(`monitors:${projectId}`, (signal) =>
    listMonitors(projectId, { signal }),
  );
  const [creating, setCreating] = useState(false);
  const [rating, setRating] = useState<Monitor | null>(null);
  const [backfilling, setBackfilling] = useState<Monitor | null>(null);

  useEffect(() => {
    if (state.status === "ready") onLoaded(state.data);
  }, [state, onLoaded]);
  useEffect(() => {
    if (state.status !== "ready" || state.data.length === 0) return;
    const timer = window.setTimeout(reload, REFRESH_MS);
    return () => window.clearTimeout(timer);
  }, [state, reload]);

  const actions: RowActions | null = canEdit
    ? {
        toggle: (m) => {
          const status = m.status === "active" ? "paused" : "active";
          updateMonitor(projectId, m.id, { status }).then(reload, (error: unknown) =>
            notifyError(`Couldn't ${status === "paused" ? "pause" : "start"} ${m.name}`, error),
          );
        },
        rate: setRating,
        backfill: setBackfilling,
        remove: async (m) => {
          const ok = await confirm({
            title: `Delete the monitor ${m.name}?`,
            message: "Its queued scoring stops. The feedback it already wrote stays on the traces.",
            confirmLabel: "Delete monitor",
            tone: "danger",
          });
          if (!ok) return;
          deleteMonitor(projectId, m.id).then(
            () => {
              toast.success(`Deleted ${m.name}`);
              reload();
            },
            (error: unknown) => notifyError(`Couldn't delete ${m.name}`, error),
          );
        },
      }
    : null;
  const open = canEdit ? () => setCreating(true) : null;
  const empty = state.status === "ready" && state.data.length === 0;

  return (
    <Card
      flush
      title="Monitors"
      description="Scorers running on a sample of live traffic, with today's counts (since 00:00 UTC)"
      actions={
        open &&
        !empty && (
          <Button size="sm" variant="primary" icon={IconPlus} onClick={open} data-testid="new-monitor">
            New monitor
          </Button>
        )
      }
      data-testid="monitors"
    >
      <CardLoading state={state} what="monitors" onRetry={reload} />
      {empty && (
        <div data-testid="monitors-empty">
          <EmptyState
            icon={SECTION.monitors.icon}
            headingLevel={3}
            title="No monitors yet"
            description={
              <>
                A monitor runs one of your scorers — a rule or an LLM judge — on a <strong>sample</strong> of
                production traces or sessions, once each has gone quiet. Its scores land as feedback under the
                scorer's name, so they show on traces, on the dashboards' Quality chart and in alert rules.
              </>
            }
            actions={
              open && (
                <Button variant="primary" icon={IconPlus} onClick={open} data-testid="new-monitor">
                  New monitor
                </Button>
              )
            }
          />
        </div>
      )}
      {state.status === "ready" && !empty && (
        <Table caption="Monitors" columns={columns(actions)} rows={state.data} rowKey={(m) => m.id} />
      )}
      <MonitorDialog
        open={creating}
        onClose={() => setCreating(false)}
        projectId={projectId}
        onCreated={reload}
      />
      {rating && (
        <RateDialog
          key={rating.id}
          projectId={projectId}
          monitor={rating}
          onClose={() => setRating(null)}
          onSaved={reload}
        />
      )}
      <BackfillDialog
        projectId={projectId}
        monitor={backfilling}
        canEdit={canEdit}
        onClose={() => setBackfilling(null)}
      />
    </Card>
  );
}
