import { useState } from "preact/hooks";
import { Field } from "../../ui/Field";
import { Textarea } from "../../ui/Input";
import { parseJson } from "./recordDraft";

export interface JsonFieldProps {
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  /** What is wrong with the text now (checked as you type, shown once the field was left). */
  problem: string | null;
  /** The server's word on the field, from the last save. */
  serverError?: string;
  required?: boolean;
  testId: string;
}

/** A JSON editor: a monospace text area that says what is wrong with the JSON, and formats it. */
export function JsonField({
  label,
  hint,
  value,
  onChange,
  problem,
  serverError,
  required,
  testId,
}: JsonFieldProps) {
  const [touched, setTouched] = useState(false);
  const shown = (touched && problem) || serverError;
  const rows = Math.min(14, Math.max(3, value.split("\n").length));
  const format = () => {
    const parsed = parseJson(value);
    if (parsed.ok) onChange(JSON.stringify(parsed.value, null, 2));
  };
  return (
    <Field label={label} hint={hint} error={shown || undefined} required={required} className="ds-json-field">
      <Textarea
        className="mono ds-json-field__text"
        value={value}
        rows={rows}
        spellcheck={false}
        onInput={(event) => onChange(event.currentTarget.value)}
        onBlur={() => setTouched(true)}
        data-testid={testId}
      />
      <button
        type="button"
        className="link-button ds-json-field__format"
        onClick={format}
        disabled={problem !== null || value.trim() === ""}
      >
        Format JSON
      </button>
    </Field>
  );
}
