import type { SpanEvent } from "../../api/traceTypes";
import { formatDuration } from "../../app/numbers";
import { IconAlert } from "../../ui/icons";
import { JsonTree } from "../../ui/JsonTree";

function text(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return null;
  return JSON.stringify(value);
}

function Exception({ event }: { event: SpanEvent }) {
  const attributes = event.attributes;
  const type = text(attributes["exception.type"]);
  const message = text(attributes["exception.message"]);
  const stack = text(attributes["exception.stacktrace"]);
  const rest = Object.fromEntries(
    Object.entries(attributes).filter(([key]) => !key.startsWith("exception.")),
  );
  return (
    <div className="exception" data-testid="span-exception">
      <p className="exception__title">
        <IconAlert size={14} />
        <span className="mono">{type ?? "Exception"}</span>
      </p>
      {message && <p className="exception__message">{message}</p>}
      {stack && (
        <pre className="exception__stack" data-testid="span-stacktrace">
          {stack}
        </pre>
      )}
      {Object.keys(rest).length > 0 && <JsonTree value={rest} openDepth={1} />}
    </div>
  );
}

/** A span's events in time order; exceptions get their type, message and stack trace. */
export function EventList({ events, spanStart }: { events: readonly SpanEvent[]; spanStart: string }) {
  if (events.length === 0) return <p className="muted">No events</p>;
  const start = Date.parse(spanStart);
  return (
    <ol className="event-list" data-testid="span-events">
      {events.map((event, index) => {
        const at = Date.parse(event.time) - start;
        return (
          <li key={index} className="event-list__item">
            <div className="event-list__head">
              <span className="event-list__name mono">{event.name}</span>
              {Number.isFinite(at) && <span className="muted num">+{formatDuration(Math.max(0, at))}</span>}
            </div>
            {event.name === "exception" ? (
              <Exception event={event} />
            ) : (
              Object.keys(event.attributes).length > 0 && <JsonTree value={event.attributes} openDepth={1} />
            )}
          </li>
        );
      })}
    </ol>
  );
}
