import { useState } from "preact/hooks";
import { getSpan, getTraceOutline } from "../../api/traces";
import type { Span, TraceSummary } from "../../api/traceTypes";
import { formatDateTime, formatTime } from "../../app/format";
import { traceHref } from "../../app/links";
import { notifyError } from "../../app/notify";
import { formatCost, formatDuration, formatTokens } from "../../app/numbers";
import { Link } from "../../router";
import { Button } from "../../ui/Button";
import { cx } from "../../ui/cx";
import { Payload } from "../trace/Payload";
import { readablePreview } from "../trace/preview";
import { StatusBadge } from "../trace/StatusBadge";

/** Previews are cut at 500 characters by the server; longer ones end with "…". */
function looksCut(text: string | null): boolean {
  return text !== null && text.length >= 480 && text.endsWith("…");
}

function Bubble({
  side,
  text,
  expanded,
}: {
  side: "user" | "assistant";
  text: string | null;
  expanded: boolean;
}) {
  return (
    <div
      className={cx("bubble", `bubble--${side}`)}
      data-testid={side === "user" ? "turn-input" : "turn-output"}
    >
      <span className="bubble__role">{side === "user" ? "User" : "Assistant"}</span>
      {text ? (
        <p className={cx("bubble__text", !expanded && "is-clamped")}>{text}</p>
      ) : (
        <p className="bubble__text muted">{side === "user" ? "No input recorded" : "No output recorded"}</p>
      )}
    </div>
  );
}

/** One turn of a conversation (one trace): what the user sent and what came back. */
export function Turn({ projectId, trace, index }: { projectId: string; trace: TraceSummary; index: number }) {
  const [expanded, setExpanded] = useState(false);
  const [root, setRoot] = useState<Span | null>(null);
  const [loading, setLoading] = useState(false);
  const long =
    (trace.inputPreview?.length ?? 0) > 280 ||
    (trace.outputPreview?.length ?? 0) > 280 ||
    (trace.inputPreview?.split("\n").length ?? 0) > 5 ||
    (trace.outputPreview?.split("\n").length ?? 0) > 5;
  const cut = looksCut(trace.inputPreview) || looksCut(trace.outputPreview);

  const loadFull = async () => {
    setLoading(true);
    try {
      // The outline finds the root span without payloads; only that span is then read whole.
      const outline = await getTraceOutline(projectId, trace.traceId);
      const first = outline.spans.find((span) => span.parentSpanId === null) ?? outline.spans[0] ?? null;
      setRoot(first ? await getSpan(projectId, trace.traceId, first.spanId) : null);
      setExpanded(true);
    } catch (error) {
      notifyError("Couldn't load the full turn", error);
    } finally {
      setLoading(false);
    }
  };

  return (
    <li
      className={cx("turn", trace.status === "ERROR" && "is-error")}
      data-testid="session-turn"
      data-trace-id={trace.traceId}
    >
      <div className="turn__meta">
        <span className="turn__index">Turn {index + 1}</span>
        <time dateTime={trace.startTime} title={formatDateTime(trace.startTime)}>
          {formatTime(trace.startTime)}
        </time>
        <span>{trace.name}</span>
        <span className="num">{formatDuration(trace.durationMs)}</span>
        <span className="num">{formatTokens(trace.totalTokens)} tokens</span>
        <span className="num">{formatCost(trace.costUsd)}</span>
        {trace.status === "ERROR" && <StatusBadge status="ERROR" />}
        <Link href={traceHref(projectId, trace.traceId)} className="turn__link" data-testid="turn-trace-link">
          Open trace
        </Link>
      </div>
      {root ? (
        <div className="turn__full" data-testid="turn-full">
          <section className="turn__part">
            <h3 className="bubble__role">Input</h3>
            <Payload value={root.inputs} testId="turn-full-input" />
          </section>
          <section className="turn__part">
            <h3 className="bubble__role">Output</h3>
            <Payload value={root.outputs} testId="turn-full-output" />
          </section>
        </div>
      ) : (
        <>
          <Bubble side="user" text={readablePreview(trace.inputPreview, "input")} expanded={expanded} />
          <Bubble
            side="assistant"
            text={readablePreview(trace.outputPreview, "output")}
            expanded={expanded}
          />
        </>
      )}
      {(long || cut) && !root && (
        <div className="turn__actions">
          {long && (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setExpanded((value) => !value)}
              data-testid="turn-expand"
            >
              {expanded ? "Show less" : "Show more"}
            </Button>
          )}
          {(cut || expanded) && (
            <Button size="sm" variant="ghost" loading={loading} onClick={() => void loadFull()}>
              Load the full messages
            </Button>
          )}
        </div>
      )}
    </li>
  );
}
