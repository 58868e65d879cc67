import { useEffect, useMemo, useState } from "preact/hooks";
import { listAuditLog, listMembers } from "../../api/orgs";
import type { AuditEntry, AuditQuery, Member, Organization } from "../../api/types";
import { useCursorPages } from "../../api/useCursorPages";
import { formatDate, formatRelative, formatTime } from "../../app/format";
import { can } from "../../auth/permissions";
import { useSignedIn } from "../../auth/SessionProvider";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { Email } from "../../ui/Email";
import { EmptyState } from "../../ui/EmptyState";
import { IconAudit } from "../../ui/icons";
import { type Column, Table } from "../../ui/Table";
import { LoadFailed } from "../common/LoadFailed";
import { LoadingRows } from "../common/LoadingRows";
import { AuditFilters, type AuditFilterValues, hasFilters, NO_FILTERS } from "./AuditFilters";
import { actionLabel } from "./auditActions";
import { NoAccess } from "./NoAccess";
import { NoOrganization } from "./NoOrganization";

const PAGE_SIZE = 50;

function toQuery(filters: AuditFilterValues): AuditQuery {
  const query: AuditQuery = { limit: PAGE_SIZE };
  if (filters.action) query.action = filters.action;
  if (filters.actorId) query.actorId = filters.actorId;
  if (filters.projectId) query.projectId = filters.projectId;
  // Whole local days: since the start of the first, until the end of the last.
  if (filters.since) query.since = new Date(`${filters.since}T00:00:00`).toISOString();
  if (filters.until) query.until = new Date(`${filters.until}T23:59:59.999`).toISOString();
  return query;
}

/** "member.password_reset_issued" may wrap after "." or "_", not mid-word. */
function Breakable({ text }: { text: string }) {
  const parts = text.split(/(?<=[._])/);
  return (
    <>
      {parts.map((part, index) => (
        <span key={index}>
          {part}
          {index < parts.length - 1 && <wbr />}
        </span>
      ))}
    </>
  );
}

function Party({ label, type }: { label: string | null; type: string }) {
  return (
    <span className="party">
      <span className="party__label">{label ? <Email value={label} /> : "—"}</span>
      <span className="party__type">{type.replace(/_/g, " ")}</span>
    </span>
  );
}

function AuditLogCard({ org }: { org: Organization }) {
  const { projects } = useSignedIn();
  const orgProjects = useMemo(
    () => projects.filter((project) => project.orgId === org.id),
    [projects, org.id],
  );
  const [filters, setFilters] = useState<AuditFilterValues>(NO_FILTERS);
  const [members, setMembers] = useState<Member[]>([]);
  const {
    pages: page,
    loadMore,
    reload,
  } = useCursorPages<AuditEntry>({
    key: `${org.id}\u0000${JSON.stringify(filters)}`,
    what: "entries",
    fetchPage: async (cursor, signal) => {
      const query = { ...toQuery(filters), ...(cursor === undefined ? {} : { cursor }) };
      const result = await listAuditLog(org.id, query, { signal });
      return { items: result.entries, nextCursor: result.nextCursor };
    },
  });

  useEffect(() => {
    const controller = new AbortController();
    listMembers(org.id, { signal: controller.signal }).then(setMembers, () => setMembers([]));
    return () => controller.abort();
  }, [org.id]);

  const projectName = (id: string | null) =>
    id ? (orgProjects.find((project) => project.id === id)?.name ?? id) : null;

  const columns: Column<AuditEntry>[] = [
    {
      key: "time",
      header: "Time",
      render: (entry) => (
        <time className="party num nowrap" dateTime={entry.time} title={formatRelative(entry.time)}>
          <span>{formatDate(entry.time)}</span>
          <span className="party__type">{formatTime(entry.time)}</span>
        </time>
      ),
    },
    {
      key: "actor",
      header: "Actor",
      render: (entry) => <Party label={entry.actor.label} type={entry.actor.type} />,
    },
    {
      key: "action",
      header: "Action",
      render: (entry) => (
        <span className="party">
          <span className="party__label">{actionLabel(entry.action)}</span>
          <span className="party__type mono">
            <Breakable text={entry.action} />
          </span>
        </span>
      ),
    },
    {
      key: "target",
      header: "Target",
      render: (entry) =>
        entry.target ? (
          <Party label={entry.target.label} type={entry.target.type} />
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      key: "project",
      header: "Project",
      render: (entry) => projectName(entry.projectId) ?? <span className="muted">—</span>,
    },
    {
      key: "ip",
      header: "IP",
      render: (entry) =>
        entry.ip ? <span className="mono nowrap">{entry.ip}</span> : <span className="muted">—</span>,
    },
  ];

  const filtered = hasFilters(filters);

  return (
    <Card
      title="Audit log"
      description={`Who changed what in ${org.name}, newest first.`}
      flush
      data-testid="audit-log"
    >
      <AuditFilters applied={filters} onApply={setFilters} members={members} projects={orgProjects} />
      {page.status === "error" && (
        <LoadFailed what="the audit log" error={page.error} onRetry={reload} className="settings-pad" />
      )}
      {page.status === "loading" && <LoadingRows label="Loading the audit log…" block="settings-loading" />}
      {page.status === "ready" && (
        <div data-testid="audit-table">
          <Table
            caption={`Audit log of ${org.name}`}
            columns={columns}
            rows={page.items}
            rowKey={(entry) => entry.id}
            className="table-wrap--dense"
            empty={
              <EmptyState
                headingLevel={3}
                icon={IconAudit}
                title={filtered ? "No entries match these filters" : "No audit events yet"}
                description={
                  filtered
                    ? "Try a wider date range or clear the filters."
                    : "Sign-ins, changes to members, projects and API keys will be recorded here."
                }
                className="empty--compact"
              />
            }
          />
        </div>
      )}
      {page.status === "ready" && page.nextCursor && (
        <div className="load-more">
          <Button onClick={() => void loadMore()} loading={page.loadingMore} data-testid="audit-load-more">
            Load more
          </Button>
        </div>
      )}
    </Card>
  );
}

export function AuditLogSettings() {
  const { currentOrg, role } = useSignedIn();
  if (!currentOrg) return <NoOrganization title="Audit log" />;
  if (!can.viewAuditLog(role)) return <NoAccess title="Audit log" role={role} who="owners and admins" />;
  return <AuditLogCard key={currentOrg.id} org={currentOrg} />;
}
