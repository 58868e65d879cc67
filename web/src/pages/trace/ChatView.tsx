import { useMemo, useState } from "preact/hooks";
import { cx } from "../../ui/cx";
import { JsonTree, TruncatedText } from "../../ui/JsonTree";
import type { Conversation } from "./chat";
import { type Bubble, type BubbleItem, chatBubbles } from "./chat/display";

const LONG = 1200;
/** Finish reasons that say nothing a reader needs. */
const ORDINARY_FINISH = new Set(["stop", "end_turn", "tool_calls", "tool_call", "tool-calls", "tool_use"]);

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

/** A value a tool returned: text as text, anything else as a JSON tree. */
function ResultValue({ value }: { value: unknown }) {
  if (typeof value === "string") return <MessageText text={value} />;
  return <JsonTree value={value} openDepth={2} />;
}

/** `calls get_weather · city: Paris`, and under it `→ …` what the tool returned. */
function ToolCall({ item }: { item: Extract<BubbleItem, { kind: "call" }> }) {
  const { call, argumentsLine, result, resultLine } = item;
  return (
    <div className="chat__tool-call" data-testid="chat-tool-call" data-tool={call.name}>
      <p className="chat__tool-line" title={item.line}>
        <span className="chat__tool-verb">calls</span>{" "}
        <span className="mono chat__tool-name">{call.name}</span>
        {argumentsLine !== "" && (
          <>
            <span className="chat__tool-sep" aria-hidden="true">
              {" · "}
            </span>
            <span className="chat__tool-args">{argumentsLine}</span>
          </>
        )}
      </p>
      {result && resultLine !== null && (
        <p className="chat__tool-result" data-testid="chat-tool-result">
          <span className="chat__tool-arrow" aria-hidden="true">
            →
          </span>
          <span className="visually-hidden">returned</span>{" "}
          {resultLine === "" ? <span className="muted">nothing</span> : resultLine}
        </p>
      )}
    </div>
  );
}

function Item({ item }: { item: BubbleItem }) {
  switch (item.kind) {
    case "text":
      return <MessageText text={item.text} />;
    case "reasoning":
      return (
        <details className="chat__reasoning" data-testid="chat-reasoning">
          <summary>Reasoning</summary>
          <MessageText text={item.text} />
        </details>
      );
    case "call":
      return <ToolCall item={item} />;
    case "result":
      return (
        <div className="chat__tool-output" data-testid="chat-tool-output">
          <ResultValue value={item.result.result} />
        </div>
      );
    default:
      return <JsonTree value={item.value} openDepth={2} />;
  }
}

function Message({ bubble }: { bubble: Bubble }) {
  const resultId = bubble.items.find((item) => item.kind === "result")?.result.id;
  return (
    <li
      className={cx("chat__message", `chat__message--${bubble.role}`)}
      data-testid="chat-message"
      data-role={bubble.role}
    >
      <div className="chat__meta">
        <span className="chat__role">{bubble.role}</span>
        {bubble.name && <span className="mono muted">{bubble.name}</span>}
        {resultId && <span className="mono muted chat__tool-id">{resultId}</span>}
        {bubble.finishReason && !ORDINARY_FINISH.has(bubble.finishReason) && (
          <span className="chat__finish">finished: {bubble.finishReason}</span>
        )}
      </div>
      <div className="chat__bubble">
        {bubble.items.length > 0 ? (
          bubble.items.map((item, index) => <Item key={index} item={item} />)
        ) : (
          <p className="muted chat__empty">No content</p>
        )}
      </div>
    </li>
  );
}

/** A conversation as chat bubbles, system prompt first, with anything else of the payload under it. */
export function ChatView({ conversation }: { conversation: Conversation }) {
  const bubbles = useMemo(() => chatBubbles(conversation), [conversation]);
  return (
    <div className="chat" data-testid="chat-view">
      <ol className="chat__list">
        {bubbles.map((bubble, index) => (
          <Message key={index} bubble={bubble} />
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
