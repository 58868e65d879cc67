import type { ChatMessage } from "../../api/prompts";
import { Button } from "../../ui/Button";
import { cx } from "../../ui/cx";
import { Select } from "../../ui/Input";
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from "../../ui/icons";
import { Segmented } from "../../ui/Segmented";
import { moveMessage, ROLES, roleOf, switchKind, type TemplateDraft, variablesOf } from "./template";

export interface TemplateFieldsProps {
  value: TemplateDraft;
  onChange: (value: TemplateDraft) => void;
  /** The server's (or the form's) message about the template. */
  error?: string | undefined;
}

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: role }));

/** The variables found, listed live as the template is typed. */
function VariableHints({ names }: { names: readonly string[] }) {
  return (
    <p className="field__hint" aria-live="polite" data-testid="prompt-variables">
      {names.length === 0 ? (
        <>
          No variables yet: write <code>{"{{ name }}"}</code> (letters, digits, <code>_</code> and{" "}
          <code>.</code>) where a value goes.
        </>
      ) : (
        <>
          Variables:{" "}
          <span className="pr-hints">
            {names.map((name) => (
              <span key={name} className="template-var is-used" data-testid="prompt-variable">
                {name}
              </span>
            ))}
          </span>
        </>
      )}
    </p>
  );
}

function MessageRow({
  message,
  index,
  count,
  onChange,
  onMove,
  onRemove,
}: {
  message: ChatMessage;
  index: number;
  count: number;
  onChange: (message: ChatMessage) => void;
  onMove: (step: -1 | 1) => void;
  onRemove: () => void;
}) {
  return (
    <div className="pr-message" data-testid="prompt-message">
      <div className="pr-message__bar">
        <Select
          size="sm"
          aria-label={`Role of message ${index + 1}`}
          options={ROLE_OPTIONS}
          value={message.role}
          onChange={(event) => onChange({ ...message, role: roleOf(event.currentTarget.value) })}
          data-testid="prompt-message-role"
        />
        <span className="pr-message__tools">
          <Button
            size="sm"
            variant="ghost"
            icon={IconArrowUp}
            aria-label="Move up"
            title="Move up"
            disabled={index === 0}
            onClick={() => onMove(-1)}
          />
          <Button
            size="sm"
            variant="ghost"
            icon={IconArrowDown}
            aria-label="Move down"
            title="Move down"
            disabled={index === count - 1}
            onClick={() => onMove(1)}
          />
          <Button
            size="sm"
            variant="ghost"
            icon={IconTrash}
            aria-label="Remove message"
            title="Remove message"
            onClick={onRemove}
            data-testid="prompt-message-remove"
          />
        </span>
      </div>
      <textarea
        className="control control--textarea mono template-text"
        rows={3}
        value={message.content}
        aria-label={`Message ${index + 1} (${message.role})`}
        spellcheck={false}
        onInput={(event) => onChange({ ...message, content: event.currentTarget.value })}
        data-testid="prompt-message-content"
      />
    </div>
  );
}

/** A text template or chat messages (add, remove, reorder, pick roles), with the variables found. */
export function TemplateFields({ value, onChange, error }: TemplateFieldsProps) {
  const names = variablesOf(value);
  const setMessages = (messages: ChatMessage[]) => onChange({ kind: "chat", messages });
  return (
    <div className={cx("field", error && "field--invalid")} data-testid="template-fields">
      <div className="pr-template-head">
        <span className="field__label">Template</span>
        <Segmented
          label="Template kind"
          size="sm"
          options={[
            { value: "chat", label: "Chat messages" },
            { value: "text", label: "Text" },
          ]}
          value={value.kind}
          onChange={(kind) => kind !== value.kind && onChange(switchKind(value))}
          data-testid="prompt-kind"
        />
      </div>
      {value.kind === "text" ? (
        <textarea
          className="control control--textarea mono template-text"
          rows={8}
          value={value.text}
          aria-label="Template text"
          spellcheck={false}
          onInput={(event) => onChange({ kind: "text", text: event.currentTarget.value })}
          data-testid="prompt-text"
        />
      ) : (
        <div className="pr-messages">
          {value.messages.map((message, index) => (
            <MessageRow
              // Messages have no ids; their position is what the editor moves.
              key={index}
              message={message}
              index={index}
              count={value.messages.length}
              onChange={(next) => setMessages(value.messages.map((m, i) => (i === index ? next : m)))}
              onMove={(step) => setMessages(moveMessage(value.messages, index, step))}
              onRemove={() => setMessages(value.messages.filter((_, i) => i !== index))}
            />
          ))}
          <div>
            <Button
              size="sm"
              icon={IconPlus}
              onClick={() => {
                const last = value.messages[value.messages.length - 1]?.role;
                setMessages([
                  ...value.messages,
                  { role: last === "user" ? "assistant" : "user", content: "" },
                ]);
              }}
              data-testid="prompt-add-message"
            >
              Add message
            </Button>
          </div>
        </div>
      )}
      {error && (
        <p className="field__error" data-testid="template-error">
          {error}
        </p>
      )}
      <VariableHints names={names} />
    </div>
  );
}
