import { useId, useRef } from "preact/hooks";
import { Button } from "../../ui/Button";
import { cx } from "../../ui/cx";
import { Input } from "../../ui/Input";
import { IconPlus, IconTrash } from "../../ui/icons";
import type { DraftErrors } from "./draft";

/** The server's limits (workers/scorers/definitions.ts): 1 … 50 guidelines of at most 2,000 characters. */
const MAX_GUIDELINES = 50;
const MAX_LENGTH = 2000;

export interface GuidelinesEditorProps {
  value: readonly string[];
  onChange: (guidelines: string[]) => void;
  errors: DraftErrors;
  readOnly?: boolean;
}

/**
 * The rules a Guidelines judge holds every response to, one per row: added, edited and removed
 * in place; each row shows what the server said about it.
 */
export function GuidelinesEditor({ value, onChange, errors, readOnly }: GuidelinesEditorProps) {
  const id = useId();
  const list = useRef<HTMLOListElement>(null);
  // One empty row to type into, even before the first guideline.
  const rows = value.length > 0 ? value : [""];
  const setRow = (index: number, text: string) =>
    onChange(rows.map((row, at) => (at === index ? text : row)));
  const add = () => {
    onChange([...rows, ""]);
    // Focus the new row once it is rendered.
    requestAnimationFrame(() =>
      list.current?.querySelector<HTMLInputElement>("li:last-child input")?.focus(),
    );
  };
  const remove = (index: number) => onChange(rows.filter((_, at) => at !== index));

  return (
    <fieldset
      className={cx("field guidelines", errors.guidelines && "field--invalid")}
      aria-describedby={`${id}-help`}
      data-testid="guidelines-editor"
    >
      <legend className="field__label">
        Guidelines
        <span className="field__required" aria-hidden="true">
          *
        </span>
      </legend>
      <ol className="guidelines__list" ref={list}>
        {rows.map((row, index) => {
          // The server numbers the guidelines sent, and empty rows are not sent.
          const sent = rows.slice(0, index).filter((text) => text.trim()).length;
          const error = row.trim() ? errors[`guidelines.${sent}`] : undefined;
          return (
            // Rows have no identity but their place; removing one re-renders those after it.
            <li key={index} className="guidelines__row">
              <span className="guidelines__number" aria-hidden="true">
                {index + 1}
              </span>
              <div className="guidelines__control">
                <Input
                  value={row}
                  onInput={(e) => setRow(index, e.currentTarget.value)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" && index === rows.length - 1 && row.trim() && !readOnly) {
                      e.preventDefault();
                      add();
                    }
                  }}
                  aria-label={`Guideline ${index + 1}`}
                  aria-invalid={error ? "true" : undefined}
                  placeholder={index === 0 ? "Answer in a friendly, professional tone." : ""}
                  maxLength={MAX_LENGTH}
                  readOnly={readOnly}
                  data-testid="guideline-input"
                />
                {error && (
                  <p className="field__error" data-testid="guideline-error">
                    {error}
                  </p>
                )}
              </div>
              {!readOnly && rows.length > 1 && (
                <Button
                  size="sm"
                  variant="ghost"
                  icon={IconTrash}
                  aria-label={`Remove guideline ${index + 1}`}
                  onClick={() => remove(index)}
                  data-testid="guideline-remove"
                />
              )}
            </li>
          );
        })}
      </ol>
      {!readOnly && rows.length < MAX_GUIDELINES && (
        <Button size="sm" variant="ghost" icon={IconPlus} onClick={add} data-testid="guideline-add">
          Add guideline
        </Button>
      )}
      {errors.guidelines ? (
        <p className="field__error" id={`${id}-help`} data-testid="guidelines-error">
          {errors.guidelines}
        </p>
      ) : (
        <p className="field__hint" id={`${id}-help`}>
          One rule per row; the judge fails a response that breaks any of them. Empty rows are left out.
        </p>
      )}
    </fieldset>
  );
}
