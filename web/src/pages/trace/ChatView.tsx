import { useState } from "preact/hooks";
import { cx } from "../../ui/cx";
import { JsonTree, TruncatedText } from "../../ui/JsonTree";
import { type ChatMessage, type Conversation, textOf } from "./messages";

const LONG = 1200;

function MessageText({ text }: { text: string }) {
  const [expanded, setExpanded] = useState(false);
  const long = text.length > LONG;
  return (
    <>
      <p className={cx("chat__text", long && !expanded && "is-clamped")}>
        <TruncatedText text={long && !expanded ? `${text.slice(0, LONG)}…` : text} />
      </p>
      {long && (
        <button type="button" className="link-button" onClick={() => setExpanded((value) => !value)}>
          {expanded ? "Show less" : `Show all ${text.length.toLocaleString()} characters`}
        </button>
      )}
    </>
  );
}

function Message({ message }: { message: ChatMessage }) {
  const text = textOf(message.content);
  const role = message.role.toLowerCase();
  return (
    <li className={cx("chat__message", `chat__message--${role}`)} data-testid="chat-message" data-role={role}>
      <div className="chat__meta">
        <span className="chat__role">{message.role}</span>
        {message.name && <span className="mono muted">{message.name}</span>}
      </div>
      <div className="chat__bubble">
        {text !== null
          ? text !== "" && <MessageText text={text} />
          : message.content !== null &&
            message.content !== undefined && <JsonTree value={message.content} openDepth={2} />}
        {message.toolCalls.map((call, index) => (
          <div key={call.id ?? index} className="chat__tool-call" data-testid="chat-tool-call">
            <span className="chat__tool-name">
              <span className="muted">calls</span> <span className="mono">{call.name}</span>
              {call.id && <span className="mono muted chat__tool-id">{call.id}</span>}
            </span>
            <JsonTree value={call.arguments} openDepth={2} />
          </div>
        ))}
      </div>
    </li>
  );
}

/** A conversation as chat bubbles, with anything else of the payload as JSON under it. */
export function ChatView({ conversation }: { conversation: Conversation }) {
  return (
    <div className="chat" data-testid="chat-view">
      <ol className="chat__list">
        {conversation.messages.map((message, index) => (
          <Message key={index} message={message} />
        ))}
      </ol>
      {conversation.rest && (
        <details className="chat__rest">
          <summary>Other fields</summary>
          <JsonTree value={conversation.rest} openDepth={1} />
        </details>
      )}
    </div>
  );
}
