import type { TraceSummary } from "../../../../workers/traces/schemas";
import { getScoreMetrics } from "../../api/assessments";
import { listVersionTraces, type Prompt } from "../../api/prompts";
import { useCursorPages } from "../../api/useCursorPages";
import { useResource } from "../../api/useResource";
import { formatDateTime, formatRelative } from "../../app/format";
import { traceHref, tracesHref } from "../../app/links";
import { formatCost, formatDuration, formatTokens } from "../../app/numbers";
import { Link, navigate } from "../../router";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { type Column, Table } from "../../ui/Table";
import { LoadFailed } from "../common/LoadFailed";
import { LoadingRows } from "../common/LoadingRows";
import { feedbackColumn } from "../traces/columns";

const columns = (projectId: string): Column<TraceSummary>[] => [
  {
    key: "time",
    header: "Time",
    width: "140px",
    render: (trace) => (
      <time className="nowrap" dateTime={trace.startTime} title={formatDateTime(trace.startTime)}>
        {formatRelative(trace.startTime)}
      </time>
    ),
  },
  {
    key: "name",
    header: "Trace",
    render: (trace) => (
      <Link
        href={traceHref(projectId, trace.traceId)}
        className="cell-title__text"
        data-testid="linked-trace"
      >
        {trace.name || trace.traceId}
      </Link>
    ),
  },
  {
    key: "latency",
    header: "Latency",
    numeric: true,
    width: "100px",
    render: (t) => formatDuration(t.durationMs),
  },
  {
    key: "tokens",
    header: "Tokens",
    numeric: true,
    width: "100px",
    render: (t) => formatTokens(t.totalTokens),
  },
  { key: "cost", header: "Cost", numeric: true, width: "100px", render: (t) => formatCost(t.costUsd) },
];

/** Score columns shown beside the traces: the project's feedback names, the first few. */
const MAX_SCORE_COLUMNS = 5;
const DAY_MS = 86_400_000;

/** Each score name as a column of the trace's current value (the trace list's feedback column). */
const scoreColumns = (names: readonly string[]): Column<TraceSummary>[] =>
  names.map((name) => {
    const column = feedbackColumn(name);
    return {
      key: column.key,
      header: <span className="mono">{name}</span>,
      width: "110px",
      render: (trace) => column.render(trace, ""),
    };
  });

/** The traces that used this version, newest first, with their latency, cost and scores. */
export function LinkedTraces({
  projectId,
  prompt,
  version,
}: {
  projectId: string;
  prompt: Prompt;
  version: number;
}) {
  // The project's score names (from its score rollups), read once per page.
  const [names] = useResource(`score-names:${projectId}`, async (signal) =>
    (
      await getScoreMetrics(
        projectId,
        {
          from: new Date(Date.now() - 30 * DAY_MS).toISOString(),
          to: new Date().toISOString(),
          granularity: "day",
        },
        { signal },
      )
    ).names.slice(0, MAX_SCORE_COLUMNS),
  );
  const scores = names.status === "ready" ? names.data : [];
  const { pages, loadMore, reload } = useCursorPages<TraceSummary>({
    key: `${prompt.id}:${version}:${scores.join("\u0001")}`,
    what: "traces",
    idOf: (trace) => trace.traceId,
    fetchPage: async (cursor, signal) => {
      const query = { cursor, ...(scores.length > 0 ? { feedbackColumns: [...scores] } : {}) };
      const page = await listVersionTraces(projectId, prompt.name, version, query, { signal });
      return { items: page.traces, nextCursor: page.nextCursor };
    },
  });
  return (
    <Card
      flush
      title="Traces that used this version"
      actions={
        <Link
          href={tracesHref(projectId, { prompt: `${prompt.name}/${version}` })}
          data-testid="version-traces-filter"
        >
          Open in Traces
        </Link>
      }
      data-testid="linked-traces"
    >
      {pages.status === "loading" && <LoadingRows label="Loading traces…" block="settings-loading" />}
      {pages.status === "error" && (
        <div className="settings-pad">
          <LoadFailed what="traces" error={pages.error} onRetry={reload} />
        </div>
      )}
      {pages.status === "ready" && pages.items.length === 0 && (
        <p className="pr-empty" data-testid="linked-traces-empty">
          No trace has used version {version} yet. A trace is linked when your app renders the prompt through
          the SDK inside a traced span (<code>prompt.toMessages(vars)</code>), or when a span carries the{" "}
          <code>sightline.prompt</code> attribute (
          <code>
            prompts:/{prompt.name}/{version}
          </code>
          ).
        </p>
      )}
      {pages.status === "ready" && pages.items.length > 0 && (
        <>
          <Table
            caption={`Traces of version ${version}`}
            columns={[...columns(projectId), ...scoreColumns(scores)]}
            rows={pages.items}
            rowKey={(trace) => trace.traceId}
            onRowClick={(trace) => navigate(traceHref(projectId, trace.traceId))}
          />
          {pages.nextCursor && (
            <div className="load-more">
              <Button onClick={() => void loadMore()} loading={pages.loadingMore}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}
