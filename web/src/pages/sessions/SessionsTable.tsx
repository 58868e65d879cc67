import { useMemo } from "preact/hooks";
import type { SessionSummary } from "../../api/traceTypes";
import { formatDateTime, formatRelative } from "../../app/format";
import { sessionHref } from "../../app/links";
import { formatCost, formatDuration, formatInteger, formatTokens } from "../../app/numbers";
import { Link, navigate } from "../../router";
import { Badge } from "../../ui/Badge";
import { type Column, Table } from "../../ui/Table";
import { readablePreview } from "../trace/preview";

function sessionColumns(projectId: string): Column<SessionSummary>[] {
  return [
    {
      key: "session",
      header: "Session",
      render: (session) => (
        <span className="stack session-cell">
          <Link
            href={sessionHref(projectId, session.sessionId)}
            className="mono session-cell__id"
            data-testid="session-link"
          >
            {session.sessionId}
          </Link>
          <span className="session-cell__preview">
            {readablePreview(session.firstInputPreview, "input") ?? "—"}
          </span>
        </span>
      ),
    },
    {
      key: "user",
      header: "User",
      render: (session) =>
        session.userId ? (
          <span className="mono trace-cell-small nowrap" title={session.userId}>
            {session.userId}
          </span>
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      key: "turns",
      header: "Turns",
      numeric: true,
      render: (session) => <span data-testid="session-turns">{formatInteger(session.turns)}</span>,
    },
    {
      key: "last",
      header: "Last activity",
      render: (session) => (
        <time className="stack nowrap" dateTime={session.lastTime} title={formatDateTime(session.lastTime)}>
          <span>{formatRelative(session.lastTime)}</span>
          <span className="stack__meta">
            over {formatDuration(Date.parse(session.lastTime) - Date.parse(session.firstTime))} · started{" "}
            {formatDateTime(session.firstTime)}
          </span>
        </time>
      ),
    },
    {
      key: "tokens",
      header: "Tokens",
      numeric: true,
      render: (session) => formatTokens(session.totalTokens),
    },
    { key: "cost", header: "Cost", numeric: true, render: (session) => formatCost(session.costUsd) },
    {
      key: "errors",
      header: "Errors",
      numeric: true,
      render: (session) =>
        session.errorCount > 0 ? (
          <Badge tone="danger" dot>
            {formatInteger(session.errorCount)}
          </Badge>
        ) : (
          <span className="muted">0</span>
        ),
    },
  ];
}

export function SessionsTable({
  projectId,
  sessions,
}: {
  projectId: string;
  sessions: readonly SessionSummary[];
}) {
  const columns = useMemo(() => sessionColumns(projectId), [projectId]);
  return (
    <div data-testid="sessions-table">
      <Table
        caption="Sessions"
        columns={columns}
        rows={sessions}
        rowKey={(session) => session.sessionId}
        onRowClick={(session) => navigate(sessionHref(projectId, session.sessionId))}
      />
    </div>
  );
}
