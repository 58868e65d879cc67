import type { ComponentChildren } from "preact";
import type { TraceSort, TraceSummary } from "../../api/traceTypes";
import { formatDateTime, formatRelative } from "../../app/format";
import { sessionHref, traceHref } from "../../app/links";
import { formatCost, formatDuration, formatInteger, formatTokens } from "../../app/numbers";
import { Link } from "../../router";
import { FeedbackMark } from "../trace/assessments/AssessmentValue";
import { readablePreview } from "../trace/preview";
import { StatusBadge } from "../trace/StatusBadge";
import { TagList } from "../trace/TagList";

/** The traces table's columns. "name" is always shown; the rest can be hidden with the chooser. */
export type ColumnKey =
  | "time"
  | "name"
  | "status"
  | "input"
  | "output"
  | "latency"
  | "tokens"
  | "cost"
  | "spans"
  | "models"
  | "session"
  | "user"
  | "tags";

/** A column of one feedback name's current value (`feedbackColumns` of the list query). */
export type FeedbackColumnKey = `feedback:${string}`;

export interface TraceColumn {
  key: ColumnKey | FeedbackColumnKey;
  label: string;
  /** Server-side sort key, for sortable columns. */
  sort?: TraceSort;
  numeric?: boolean;
  width?: string;
  render: (trace: TraceSummary, projectId: string) => ComponentChildren;
}

function Preview({ raw, side }: { raw: string | null; side: "input" | "output" }) {
  const text = readablePreview(raw, side);
  if (!text) return <span className="muted">—</span>;
  return (
    <span className="trace-preview" title={text.length > 120 ? text.slice(0, 600) : undefined}>
      {text}
    </span>
  );
}

/** The list's own columns (feedback columns are added per project, see feedbackColumn). */
export type FixedColumn = TraceColumn & { key: ColumnKey };

export const TRACE_COLUMNS: readonly FixedColumn[] = [
  {
    key: "time",
    label: "Time",
    sort: "time",
    width: "132px",
    render: (trace) => (
      <time className="stack num nowrap" dateTime={trace.startTime} title={formatDateTime(trace.startTime)}>
        <span>{formatRelative(trace.startTime)}</span>
        <span className="stack__meta">{formatDateTime(trace.startTime)}</span>
      </time>
    ),
  },
  {
    key: "name",
    label: "Name",
    render: (trace, projectId) => (
      <span className="trace-name">
        <Link
          href={traceHref(projectId, trace.traceId)}
          className="trace-name__link"
          data-testid="trace-link"
        >
          {trace.name || "(unnamed)"}
        </Link>
        {trace.status === "ERROR" && <StatusBadge status="ERROR" compact />}
      </span>
    ),
  },
  {
    key: "status",
    label: "Status",
    width: "92px",
    render: (trace) => <StatusBadge status={trace.status} />,
  },
  { key: "input", label: "Input", render: (trace) => <Preview raw={trace.inputPreview} side="input" /> },
  { key: "output", label: "Output", render: (trace) => <Preview raw={trace.outputPreview} side="output" /> },
  {
    key: "latency",
    label: "Latency",
    sort: "latency",
    numeric: true,
    width: "96px",
    render: (trace) => <span className="nowrap">{formatDuration(trace.durationMs)}</span>,
  },
  {
    key: "tokens",
    label: "Tokens",
    sort: "tokens",
    numeric: true,
    width: "88px",
    render: (trace) => (
      <span
        className="nowrap"
        title={`${formatInteger(trace.inputTokens)} in · ${formatInteger(trace.outputTokens)} out`}
      >
        {formatTokens(trace.totalTokens)}
      </span>
    ),
  },
  {
    key: "cost",
    label: "Cost",
    sort: "cost",
    numeric: true,
    width: "88px",
    render: (trace) => <span className="nowrap">{formatCost(trace.costUsd)}</span>,
  },
  {
    key: "spans",
    label: "Spans",
    numeric: true,
    width: "72px",
    render: (trace) => formatInteger(trace.spanCount),
  },
  {
    key: "models",
    label: "Models",
    render: (trace) =>
      trace.models.length > 0 ? (
        <span className="mono trace-cell-small">{trace.models.join(", ")}</span>
      ) : (
        <span className="muted">—</span>
      ),
  },
  {
    key: "session",
    label: "Session",
    render: (trace, projectId) =>
      trace.sessionId ? (
        <Link href={sessionHref(projectId, trace.sessionId)} className="mono trace-cell-small">
          {trace.sessionId}
        </Link>
      ) : (
        <span className="muted">—</span>
      ),
  },
  {
    key: "user",
    label: "User",
    render: (trace) =>
      trace.userId ? (
        <span className="mono trace-cell-small">{trace.userId}</span>
      ) : (
        <span className="muted">—</span>
      ),
  },
  { key: "tags", label: "Tags", render: (trace) => <TagList tags={trace.tags} limit={3} /> },
];

export const DEFAULT_COLUMNS: readonly ColumnKey[] = [
  "time",
  "name",
  "input",
  "output",
  "latency",
  "tokens",
  "cost",
  "tags",
];

/** The current feedback of one name: ✓/✗ where it passed or failed, else its number or label. */
export function feedbackColumn(name: string): TraceColumn {
  return {
    key: `feedback:${name}`,
    label: name,
    render: (trace) => {
      const feedback = trace.feedback?.[name];
      return feedback ? (
        <FeedbackMark value={feedback.value} passed={feedback.passed} />
      ) : (
        <span className="muted">—</span>
      );
    },
  };
}

/**
 * The shown columns with a column per feedback name, placed after the input and output (read
 * together: what came in, what went out, how it was judged), or after the name when those are hidden.
 */
export function withFeedbackColumns(fixed: readonly TraceColumn[], names: readonly string[]): TraceColumn[] {
  const after = Math.max(
    ...fixed.map((column, index) => (["name", "input", "output"].includes(column.key) ? index : -1)),
  );
  const at = after + 1;
  return [...fixed.slice(0, at), ...names.map(feedbackColumn), ...fixed.slice(at)];
}
