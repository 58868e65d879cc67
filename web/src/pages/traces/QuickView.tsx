import { useEffect, useRef } from "preact/hooks";
import type { TraceSummary } from "../../api/traceTypes";
import { formatDateTime, formatRelative } from "../../app/format";
import { sessionHref, traceHref, tracesHref } from "../../app/links";
import { formatCost, formatDuration, formatInteger } from "../../app/numbers";
import { Link } from "../../router";
import { LinkButton } from "../../ui/Button";
import { IconChevronRight, IconClose } from "../../ui/icons";
import { Spinner } from "../../ui/Spinner";
import { readablePreview } from "../trace/preview";
import { StatusBadge } from "../trace/StatusBadge";
import { TagEditor } from "../trace/TagEditor";
import type { PeekSummary } from "./usePeekSummary";

export interface QuickViewProps {
  projectId: string;
  traceId: string;
  /** The row's summary; null while it is being fetched (a shared link to a trace not in the list). */
  trace: PeekSummary;
  canEdit: boolean;
  onClose: () => void;
  onTagsChange: (tags: Record<string, string>) => void;
}

function PreviewBlock({ label, text, testId }: { label: string; text: string | null; testId: string }) {
  return (
    <section className="quick-view__section">
      <h3 className="quick-view__heading">{label}</h3>
      {text ? (
        <p className="preview-block" data-testid={testId}>
          {text}
        </p>
      ) : (
        <p className="muted">None recorded</p>
      )}
    </section>
  );
}

function Summary({ projectId, trace }: { projectId: string; trace: TraceSummary }) {
  return (
    <dl className="fact-grid">
      <div>
        <dt>Started</dt>
        <dd title={formatDateTime(trace.startTime)}>{formatRelative(trace.startTime)}</dd>
      </div>
      <div>
        <dt>Latency</dt>
        <dd className="num">{formatDuration(trace.durationMs)}</dd>
      </div>
      <div>
        <dt>Spans</dt>
        <dd className="num">
          {formatInteger(trace.spanCount)}
          {trace.errorCount > 0 && <span className="text-danger"> · {trace.errorCount} failed</span>}
        </dd>
      </div>
      <div>
        <dt>Tokens</dt>
        <dd
          className="num"
          title={`${formatInteger(trace.inputTokens)} in · ${formatInteger(trace.outputTokens)} out`}
        >
          {formatInteger(trace.totalTokens)}
        </dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd className="num">{formatCost(trace.costUsd)}</dd>
      </div>
      <div>
        <dt>Models</dt>
        <dd className="mono">{trace.models.length > 0 ? trace.models.join(", ") : "—"}</dd>
      </div>
      {trace.sessionId && (
        <div>
          <dt>Session</dt>
          <dd className="mono">
            <Link href={sessionHref(projectId, trace.sessionId)}>{trace.sessionId}</Link>
          </dd>
        </div>
      )}
      {trace.userId && (
        <div>
          <dt>User</dt>
          <dd className="mono">
            <Link href={tracesHref(projectId, { userId: trace.userId })}>{trace.userId}</Link>
          </dd>
        </div>
      )}
    </dl>
  );
}

/** A side panel with a trace's summary, previews and tags; Escape closes it. */
export function QuickView({
  projectId,
  traceId,
  trace: peeked,
  canEdit,
  onClose,
  onTagsChange,
}: QuickViewProps) {
  const trace = peeked === "missing" ? null : peeked;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
  }, [traceId]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) onCloseRef.current();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const href = traceHref(projectId, traceId);
  const metadata = trace ? Object.entries(trace.metadata) : [];
  return (
    <aside className="quick-view" aria-label="Trace quick view" data-testid="quick-view">
      <header className="quick-view__header">
        <div className="quick-view__title">
          <h2 ref={headingRef} tabIndex={-1} data-testid="quick-view-name">
            {trace ? trace.name || "(unnamed)" : "Trace"}
          </h2>
          <span className="mono quick-view__id">{traceId}</span>
        </div>
        {trace && <StatusBadge status={trace.status} />}
        <button
          type="button"
          className="icon-btn"
          aria-label="Close quick view"
          onClick={onClose}
          data-testid="quick-view-close"
        >
          <IconClose size={16} />
        </button>
      </header>
      <div className="quick-view__body">
        {peeked === "missing" ? (
          <p className="muted" data-testid="quick-view-missing">
            This trace couldn't be loaded. It may have been deleted, or belong to another project.
          </p>
        ) : !trace ? (
          <p className="quick-view__loading" role="status">
            <Spinner size="sm" /> Loading the trace…
          </p>
        ) : (
          <>
            <Summary projectId={projectId} trace={trace} />
            <PreviewBlock
              label="Input"
              text={readablePreview(trace.inputPreview, "input")}
              testId="quick-view-input"
            />
            <PreviewBlock
              label="Output"
              text={readablePreview(trace.outputPreview, "output")}
              testId="quick-view-output"
            />
            <section className="quick-view__section">
              <h3 className="quick-view__heading">Tags</h3>
              <TagEditor
                projectId={projectId}
                traceId={traceId}
                tags={trace.tags}
                canEdit={canEdit}
                onChange={onTagsChange}
              />
            </section>
            {metadata.length > 0 && (
              <section className="quick-view__section">
                <h3 className="quick-view__heading">Metadata</h3>
                <dl className="kv-list">
                  {metadata.map(([key, value]) => (
                    <div key={key}>
                      <dt className="mono">{key}</dt>
                      <dd>{value}</dd>
                    </div>
                  ))}
                </dl>
              </section>
            )}
          </>
        )}
      </div>
      <footer className="quick-view__footer">
        <LinkButton href={href} variant="primary" iconAfter={IconChevronRight} data-testid="quick-view-open">
          Open full trace
        </LinkButton>
      </footer>
    </aside>
  );
}
