import { Badge } from "../../ui/Badge";
import { cx } from "../../ui/cx";
import { JsonTree, TRUNCATION_MARKER, TruncatedText } from "../../ui/JsonTree";
import { ChatView } from "./ChatView";
import { asConversation } from "./messages";

/**
 * A span's inputs or outputs: a chat when they are messages, text when a string, else a JSON
 * tree. A payload cut by the server's size cap says so.
 */
export function Payload({ value, testId }: { value: unknown; testId: string }) {
  if (value === null || value === undefined) return <p className="muted">None recorded</p>;
  if (typeof value === "string") {
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
  const conversation = asConversation(value);
  if (conversation)
    return (
      <div data-testid={testId} data-kind="chat">
        <ChatView conversation={conversation} />
      </div>
    );
  return (
    <div data-testid={testId} data-kind="json">
      <JsonTree value={value} openDepth={2} />
    </div>
  );
}
