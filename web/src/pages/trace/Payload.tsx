import { useMemo, useState } from "preact/hooks";
import { Badge } from "../../ui/Badge";
import { cx } from "../../ui/cx";
import { JsonTree, TRUNCATION_MARKER, TruncatedText } from "../../ui/JsonTree";
import { ArgumentsView } from "./ArgumentsView";
import { ChatView } from "./ChatView";
import { readPayload } from "./chat";

function PayloadText({ value, testId }: { value: string; testId: string }) {
  const truncated = value.endsWith(TRUNCATION_MARKER);
  return (
    <div data-testid={testId} data-kind="text">
      {truncated && (
        <p className="payload__note">
          <Badge tone="warning">Truncated</Badge> This payload was larger than Sightline keeps per span; the
          rest was cut.
        </p>
      )}
      <pre className={cx("payload__text", /^\s*[[{]/.test(value) && "payload__text--code")}>
        <TruncatedText text={value} />
      </pre>
    </div>
  );
}

/**
 * A span's inputs or outputs: a chat when they are messages (in any shape `chat/` reads), a
 * call's arguments, text when a string, else a JSON tree. A chat or arguments view has its raw
 * JSON one click away. A payload cut by the server's size cap says so.
 */
export function Payload({
  value,
  testId,
  label = "payload",
}: {
  value: unknown;
  testId: string;
  /** What the payload is, for the Raw toggle's accessible name ("inputs"). */
  label?: string;
}) {
  const reading = useMemo(() => readPayload(value), [value]);
  const [raw, setRaw] = useState(false);
  switch (reading.kind) {
    case "none":
      return <p className="muted">None recorded</p>;
    case "text":
      return <PayloadText value={reading.text} testId={testId} />;
    case "json":
      return (
        <div data-testid={testId} data-kind="json">
          <JsonTree value={value} openDepth={2} />
        </div>
      );
  }
  return (
    <div className="payload" data-testid={testId} data-kind={reading.kind} data-raw={raw}>
      <div className="payload__toolbar">
        <button
          type="button"
          className={cx("payload__raw-toggle", raw && "is-pressed")}
          aria-pressed={raw}
          aria-label={`Raw JSON of the ${label}`}
          title={raw ? "Back to the readable view" : "Show the JSON as recorded"}
          onClick={() => setRaw((value) => !value)}
          data-testid={`${testId}-raw-toggle`}
        >
          Raw
        </button>
      </div>
      {raw ? (
        <JsonTree value={value} openDepth={3} />
      ) : reading.kind === "chat" ? (
        <ChatView conversation={reading.conversation} />
      ) : (
        <ArgumentsView call={reading.call} />
      )}
    </div>
  );
}
