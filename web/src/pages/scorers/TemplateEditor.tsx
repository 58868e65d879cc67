import { useId, useRef } from "preact/hooks";
import { cx } from "../../ui/cx";
import {
  insertVariable,
  placeholdersOf,
  TEMPLATE_VARIABLES,
  templateProblem,
  VARIABLE_HINT,
} from "./template";

export interface TemplateEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** The server's message about the instructions, after a 422. */
  serverError?: string;
  readOnly?: boolean;
}

/**
 * A custom judge's instructions: chips insert the variables at the caret, and what the server
 * would refuse (an unknown {{ x }}, no variable at all) is said while typing.
 */
export function TemplateEditor({ value, onChange, serverError, readOnly }: TemplateEditorProps) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const { used, unknown } = placeholdersOf(value);
  const problem = templateProblem(value);
  const message = problem ?? serverError;

  const insert = (name: (typeof TEMPLATE_VARIABLES)[number]) => {
    const element = area.current;
    const start = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? value.length;
    const next = insertVariable(value, name, start, end);
    onChange(next.text);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(next.caret, next.caret);
    });
  };

  return (
    <div className={cx("field", message && "field--invalid")} data-testid="template-editor">
      <label className="field__label" htmlFor={`${id}-text`}>
        Instructions
        <span className="field__required" aria-hidden="true">
          *
        </span>
      </label>
      <fieldset className="template-vars">
        <legend className="visually-hidden">Insert a variable</legend>
        {TEMPLATE_VARIABLES.map((name) => (
          <button
            key={name}
            type="button"
            className={cx("template-var", used.includes(name) && "is-used")}
            title={VARIABLE_HINT[name]}
            onClick={() => insert(name)}
            disabled={readOnly}
            data-testid={`insert-${name}`}
          >
            {`{{ ${name} }}`}
          </button>
        ))}
      </fieldset>
      <textarea
        id={`${id}-text`}
        ref={area}
        className="control control--textarea mono template-text"
        rows={9}
        value={value}
        readOnly={readOnly}
        spellcheck={false}
        aria-invalid={message ? "true" : undefined}
        aria-describedby={`${id}-status`}
        onInput={(event) => onChange(event.currentTarget.value)}
        data-testid="judge-instructions"
      />
      <p
        id={`${id}-status`}
        className={message ? "field__error" : "field__hint"}
        aria-live="polite"
        data-testid="template-status"
      >
        {unknown.length > 0 ? (
          <>
            Unknown{" "}
            {unknown.map((name, index) => (
              <span key={name}>
                {index > 0 && ", "}
                <code className="template-unknown" data-testid="template-unknown">{`{{ ${name} }}`}</code>
              </span>
            ))}
            : use {TEMPLATE_VARIABLES.map((name) => `{{ ${name} }}`).join(", ")}.
          </>
        ) : (
          (message ??
          `Uses ${used.map((name) => `{{ ${name} }}`).join(", ")}. Each is replaced by data (at most 24,000 characters), never evaluated.`)
        )}
      </p>
    </div>
  );
}
