import { useEffect } from "preact/hooks";
import { getSession } from "../../api/traces";
import type { SessionDetail } from "../../api/traceTypes";
import { useResource } from "../../api/useResource";
import { formatDateTime } from "../../app/format";
import { tracesHref } from "../../app/links";
import { notifyError } from "../../app/notify";
import { formatCost, formatDuration, formatInteger, formatTokens } from "../../app/numbers";
import { SECTION, sectionHref } from "../../app/sections";
import { useProject } from "../../auth/SessionProvider";
import { Link, type RouteProps } from "../../router";
import { LinkButton } from "../../ui/Button";
import { EmptyState } from "../../ui/EmptyState";
import { PageHeader } from "../../ui/PageHeader";
import { Skeleton } from "../../ui/Skeleton";
import { LoadFailed } from "../common/LoadFailed";
import { Turn } from "./Turn";

function Totals({ projectId, session }: { projectId: string; session: SessionDetail }) {
  const traces = session.traces;
  const first = traces[0];
  const last = traces[traces.length - 1];
  const tokens = traces.reduce((sum, trace) => sum + trace.totalTokens, 0);
  const costs = traces.map((trace) => trace.costUsd).filter((cost): cost is number => cost !== null);
  const errors = traces.filter((trace) => trace.status === "ERROR").length;
  const userId = traces.find((trace) => trace.userId)?.userId ?? null;
  return (
    <dl className="trace-stats" data-testid="session-totals">
      <div className="trace-stat">
        <dt>Turns</dt>
        <dd data-testid="session-turn-count">{formatInteger(traces.length)}</dd>
      </div>
      {first && last && (
        <div className="trace-stat">
          <dt>Span of time</dt>
          <dd title={`${formatDateTime(first.startTime)} – ${formatDateTime(last.endTime)}`}>
            {formatDuration(Date.parse(last.endTime) - Date.parse(first.startTime))}
          </dd>
        </div>
      )}
      <div className="trace-stat">
        <dt>Tokens</dt>
        <dd>{formatTokens(tokens)}</dd>
      </div>
      <div className="trace-stat">
        <dt>Cost</dt>
        <dd>{costs.length > 0 ? formatCost(costs.reduce((sum, cost) => sum + cost, 0)) : "—"}</dd>
      </div>
      <div className="trace-stat">
        <dt>Errors</dt>
        <dd className={errors > 0 ? "text-danger" : undefined}>{formatInteger(errors)}</dd>
      </div>
      {userId && (
        <div className="trace-stat">
          <dt>User</dt>
          <dd>
            <Link href={tracesHref(projectId, { userId })} className="mono">
              {userId}
            </Link>
          </dd>
        </div>
      )}
    </dl>
  );
}

function SessionView({ projectId, sessionId }: { projectId: string; sessionId: string }) {
  const [state, reload] = useResource(`session:${projectId}:${sessionId}`, (signal) =>
    getSession(projectId, sessionId, { signal }),
  );
  useEffect(() => {
    if (state.status === "error" && state.error.status !== 404)
      notifyError("Couldn't load the session", state.error);
  }, [state]);

  const header = (
    <PageHeader
      title="Session"
      description={
        <span className="mono" data-testid="session-id">
          {sessionId}
        </span>
      }
      actions={
        <LinkButton href={tracesHref(projectId, { sessionId })} size="sm">
          See as traces
        </LinkButton>
      }
    />
  );
  if (state.status === "idle" || state.status === "loading")
    return (
      <>
        {header}
        <div className="trace-loading-page" role="status">
          <span className="visually-hidden">Loading the session…</span>
          <Skeleton width="100%" height={80} />
          <Skeleton width="100%" height={80} />
        </div>
      </>
    );
  if (state.status === "error" && state.error.status !== 404)
    return (
      <>
        {header}
        <LoadFailed what="the session" error={state.error} onRetry={reload} testId="load-error" />
      </>
    );
  const session = state.status === "ready" ? state.data : null;
  if (!session || session.traces.length === 0)
    return (
      <>
        {header}
        <div className="panel" data-testid="session-not-found">
          <EmptyState
            icon={SECTION.sessions.icon}
            title="No traces in this session"
            description="It may belong to another project, or its traces may have been deleted."
            actions={
              <LinkButton href={sectionHref(SECTION.sessions, projectId)} variant="primary">
                All sessions
              </LinkButton>
            }
          />
        </div>
      </>
    );
  return (
    <>
      {header}
      <Totals projectId={projectId} session={session} />
      <ol className="thread" data-testid="session-thread">
        {session.traces.map((trace, index) => (
          <Turn key={trace.traceId} projectId={projectId} trace={trace} index={index} />
        ))}
      </ol>
    </>
  );
}

export function SessionPage({ params }: RouteProps) {
  const project = useProject();
  return (
    <div className="page session-page">
      <SessionView projectId={project.id} sessionId={params.sessionId ?? ""} />
    </div>
  );
}
