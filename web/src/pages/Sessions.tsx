import { useMemo } from "preact/hooks";
import type { SessionQuery } from "../api/traceTypes";
import { SECTION, sectionHref } from "../app/sections";
import { isRelativeRange, RANGE_LABEL, rangeStart } from "../app/timeRange";
import { useProject } from "../auth/SessionProvider";
import { navigate, useLocation } from "../router";
import { withQuery } from "../router/paths";
import { Button, LinkButton } from "../ui/Button";
import { CodeBlock } from "../ui/CodeBlock";
import { EmptyState } from "../ui/EmptyState";
import { Select } from "../ui/Input";
import { PageHeader } from "../ui/PageHeader";
import { LoadFailed } from "./common/LoadFailed";
import { LoadingRows } from "./common/LoadingRows";
import { SessionsTable } from "./sessions/SessionsTable";
import { useSessionList } from "./sessions/useSessionList";
import { TextFilter } from "./traces/TextFilter";

const SNIPPET = `# Tag every span of a conversation with the same id
span.set_attribute("session.id", conversation_id)
span.set_attribute("user.id", user_id)  # optional`;

const RANGES = [
  { value: "", label: "Any time" },
  { value: "24h", label: RANGE_LABEL["24h"] },
  { value: "7d", label: RANGE_LABEL["7d"] },
  { value: "30d", label: RANGE_LABEL["30d"] },
];

function NoSessionsYet({ projectId }: { projectId: string }) {
  return (
    <EmptyState
      icon={SECTION.sessions.icon}
      title="No sessions yet"
      description={
        <>
          Sessions group the traces of one conversation or agent run. Set the <code>session.id</code>{" "}
          attribute on your spans and they will be stitched together here.
        </>
      }
      actions={
        <LinkButton
          href={sectionHref(SECTION.traces, projectId)}
          variant="primary"
          icon={SECTION.traces.icon}
        >
          Go to traces
        </LinkButton>
      }
    >
      <CodeBlock label="Python · OpenTelemetry" code={SNIPPET} />
    </EmptyState>
  );
}

function SessionsList({ projectId }: { projectId: string }) {
  const { pathname, search } = useLocation();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const range = params.get("range");
  const userId = params.get("userId") ?? "";
  const filtered = isRelativeRange(range) || userId !== "";
  const query = useMemo<SessionQuery>(
    () => ({ from: isRelativeRange(range) ? rangeStart(range) : undefined, userId: userId || undefined }),
    [range, userId],
  );
  const { list, loadMore, reload } = useSessionList(projectId, query, search);

  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    // A new history entry per filter: Back returns to the list as it was.
    navigate(withQuery(pathname, next));
  };

  return (
    <div className="card" data-testid="sessions">
      <div className="filter-bar">
        <div className="filter-bar__row">
          <Select
            size="sm"
            aria-label="Time range"
            className="filter-bar__select"
            value={isRelativeRange(range) ? range : ""}
            options={RANGES}
            onChange={(event) => setParam("range", event.currentTarget.value)}
            data-testid="sessions-range"
          />
          <TextFilter
            label="User id"
            placeholder="User id"
            className="filter-bar__model"
            value={userId}
            onCommit={(value) => setParam("userId", value.trim())}
            data-testid="sessions-user"
          />
        </div>
      </div>
      {list.status === "loading" && <LoadingRows label="Loading sessions…" block="trace-loading" />}
      {list.status === "error" && (
        <div className="traces-card__pad">
          <LoadFailed what="sessions" error={list.error} onRetry={reload} testId="load-error" />
        </div>
      )}
      {list.status === "ready" && list.items.length === 0 && (
        <div className="traces-card__empty" data-testid="sessions-empty">
          {filtered ? (
            <EmptyState
              headingLevel={3}
              icon={SECTION.sessions.icon}
              title="No sessions match these filters"
              actions={
                <Button variant="primary" onClick={() => navigate(pathname)}>
                  Clear filters
                </Button>
              }
              className="empty--compact"
            />
          ) : (
            <NoSessionsYet projectId={projectId} />
          )}
        </div>
      )}
      {list.status === "ready" && list.items.length > 0 && (
        <>
          <SessionsTable projectId={projectId} sessions={list.items} />
          {list.nextCursor && (
            <div className="load-more">
              <Button
                onClick={() => void loadMore()}
                loading={list.loadingMore}
                data-testid="sessions-load-more"
              >
                Load more
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

export function SessionsPage() {
  const project = useProject();
  return (
    <div className="page page--wide">
      <PageHeader
        title={SECTION.sessions.label}
        description="Multi-turn conversations and agent runs, with every trace of a session in order."
      />
      <SessionsList projectId={project.id} />
    </div>
  );
}
