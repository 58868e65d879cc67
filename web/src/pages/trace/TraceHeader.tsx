import type { ComponentChildren } from "preact";
import type { TraceSummary } from "../../api/traceTypes";
import { formatDateTime, formatRelative } from "../../app/format";
import { sessionHref, tracesHref } from "../../app/links";
import { formatCost, formatDuration, formatInteger } from "../../app/numbers";
import { Link } from "../../router";
import type { IconComponent } from "../../ui/icons";
import {
  IconClock,
  IconCoins,
  IconEvaluations,
  IconHash,
  IconLayers,
  IconPrompts,
  IconSessions,
  IconUser,
} from "../../ui/icons";
import { runPath } from "../evaluations/paths";
import { promptVersionPath } from "../prompts/paths";
import { StatusBadge } from "./StatusBadge";
import { TagEditor } from "./TagEditor";

function Stat({
  icon: Icon,
  label,
  children,
  testId,
}: {
  icon: IconComponent;
  label: string;
  children: ComponentChildren;
  testId?: string;
}) {
  return (
    <div className="trace-stat" data-testid={testId}>
      <dt>
        <Icon size={14} />
        {label}
      </dt>
      <dd>{children}</dd>
    </div>
  );
}

/** A prompt version the trace used (the trace's own answer lists them). */
type LinkedPrompt = { name: string; version: number; uri: string };

export interface TraceHeaderProps {
  trace: TraceSummary & { prompts?: LinkedPrompt[] | undefined };
  projectId: string;
  tags: Record<string, string>;
  onTagsChange: (tags: Record<string, string>) => void;
  canEdit: boolean;
  /** Buttons at the right of the title (e.g. "Add to dataset"). */
  actions?: ComponentChildren;
}

/** The trace's name, status and totals, where it belongs (session, user) and its tags. */
export function TraceHeader({ trace, projectId, tags, onTagsChange, canEdit, actions }: TraceHeaderProps) {
  return (
    <header className="trace-header" data-testid="trace-header">
      <div className="trace-header__title">
        <h1 className="page-header__title" data-testid="page-title" tabIndex={-1}>
          {trace.name || "(unnamed trace)"}
        </h1>
        <StatusBadge status={trace.status} />
        {actions && <div className="trace-header__actions">{actions}</div>}
      </div>
      <p className="trace-header__id">
        <span className="mono">{trace.traceId}</span>
        <span aria-hidden="true"> · </span>
        <time dateTime={trace.startTime} title={formatRelative(trace.startTime)}>
          {formatDateTime(trace.startTime)}
        </time>
      </p>
      <dl className="trace-stats">
        <Stat icon={IconClock} label="Duration" testId="trace-duration">
          {formatDuration(trace.durationMs)}
        </Stat>
        <Stat icon={IconHash} label="Tokens" testId="trace-tokens">
          <span title={`${formatInteger(trace.inputTokens)} in · ${formatInteger(trace.outputTokens)} out`}>
            {formatInteger(trace.totalTokens)}
          </span>
        </Stat>
        <Stat icon={IconCoins} label="Cost" testId="trace-cost">
          {formatCost(trace.costUsd)}
        </Stat>
        <Stat icon={IconLayers} label="Spans">
          {formatInteger(trace.spanCount)}
          {trace.errorCount > 0 && (
            <span className="text-danger"> · {formatInteger(trace.errorCount)} failed</span>
          )}
        </Stat>
        {trace.sessionId && (
          <Stat icon={IconSessions} label="Session">
            <Link
              href={sessionHref(projectId, trace.sessionId)}
              className="mono"
              data-testid="trace-session-link"
            >
              {trace.sessionId}
            </Link>
          </Stat>
        )}
        {trace.prompts && trace.prompts.length > 0 && (
          <Stat icon={IconPrompts} label="Prompts" testId="trace-prompts">
            <span className="pr-chips">
              {trace.prompts.map((p) => (
                <Link
                  key={p.uri}
                  href={promptVersionPath(projectId, p.name, p.version)}
                  className="badge badge--accent"
                  title={p.uri}
                  data-testid="trace-prompt-link"
                >
                  {p.name}/{p.version}
                </Link>
              ))}
            </span>
          </Stat>
        )}
        {trace.runId && (
          <Stat icon={IconEvaluations} label="Evaluation run" testId="trace-run">
            <Link href={runPath(projectId, trace.runId)} className="mono" data-testid="trace-run-link">
              {trace.runId}
            </Link>
            <span className="muted" title="Evaluation traces stay out of the dashboards' metrics">
              {" "}
              · not in metrics
            </span>
          </Stat>
        )}
        {trace.userId && (
          <Stat icon={IconUser} label="User">
            <Link
              href={tracesHref(projectId, { userId: trace.userId })}
              className="mono"
              data-testid="trace-user-link"
            >
              {trace.userId}
            </Link>
          </Stat>
        )}
      </dl>
      <TagEditor
        projectId={projectId}
        traceId={trace.traceId}
        tags={tags}
        onChange={onTagsChange}
        canEdit={canEdit}
      />
    </header>
  );
}
