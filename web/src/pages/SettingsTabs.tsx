import { useMemo, useState } from "preact/hooks";
import { Card } from "../ui/Card";
import { EmptyState } from "../ui/EmptyState";
import { IconAudit, IconFolder, IconKey, IconUsers } from "../ui/icons";
import { type Column, type SortState, Table } from "../ui/Table";

/** Placeholder content of the Settings tabs; each is replaced by its real screen later. */

export function ProjectsSettings() {
  return (
    <Card
      title="Projects"
      description="Separate traces, datasets and evaluations per application or environment."
    >
      <EmptyState
        headingLevel={3}
        icon={IconFolder}
        title="Project management isn't available yet"
        description="You'll be able to create projects, rename them, and move between them with the switcher in the top bar."
      />
    </Card>
  );
}

export function MembersSettings() {
  return (
    <Card title="Members" description="People who can access this organization.">
      <EmptyState
        headingLevel={3}
        icon={IconUsers}
        title="Just you for now"
        description="Invite teammates and choose what each of them can view or change. Invitations and roles will be managed here."
      />
    </Card>
  );
}

export function ApiKeysSettings() {
  return (
    <Card title="API keys" description="Credentials for SDKs and OpenTelemetry exporters.">
      <EmptyState
        headingLevel={3}
        icon={IconKey}
        title="No API keys yet"
        description={
          <>
            API keys authenticate the SDK and exporters sending spans to <code>/v1/traces</code>. A key's
            secret is shown once, when you create it — keep it in your secret manager.
          </>
        }
      />
    </Card>
  );
}

interface AuditEvent {
  id: string;
  time: string;
  actor: string;
  action: string;
  target: string;
}

const AUDIT_COLUMNS: readonly Column<AuditEvent>[] = [
  {
    key: "time",
    header: "Time",
    sortable: true,
    width: "180px",
    render: (event) => <span className="num">{event.time}</span>,
  },
  { key: "actor", header: "Actor", sortable: true, render: (event) => event.actor },
  { key: "action", header: "Action", render: (event) => <span className="mono">{event.action}</span> },
  { key: "target", header: "Target", render: (event) => event.target },
];

export function AuditLogSettings() {
  const [sort, setSort] = useState<SortState>({ key: "time", direction: "desc" });
  const events = useMemo<AuditEvent[]>(() => [], []);
  return (
    <Card title="Audit log" description="Who changed what, and when." flush>
      <Table
        caption="Audit log events"
        columns={AUDIT_COLUMNS}
        rows={events}
        rowKey={(event) => event.id}
        sort={sort}
        onSortChange={setSort}
        empty={
          <EmptyState
            headingLevel={3}
            icon={IconAudit}
            title="No audit events yet"
            description="Changes to projects, members, API keys and settings will be recorded here."
            className="empty--compact"
          />
        }
      />
    </Card>
  );
}
