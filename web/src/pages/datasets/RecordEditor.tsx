import { useId, useState } from "preact/hooks";
import { useFormSubmit } from "../../api/useFormSubmit";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Field } from "../../ui/Field";
import { Input } from "../../ui/Input";
import { JsonField } from "./JsonField";
import {
  draftProblems,
  fieldProblem,
  RECORD_FIELDS,
  type RecordDraft,
  recordErrorsFrom,
} from "./recordDraft";

export interface RecordEditorProps {
  initial: RecordDraft;
  submitLabel: string;
  /** Saves the draft (checked: every field parses); a rejection is shown by the field it names. */
  onSubmit: (draft: RecordDraft, message: string) => Promise<void>;
  onCancel: () => void;
}

const HINTS = {
  inputs: "A JSON object: what the application is given. A record's inputs are its identity.",
  expectations: 'A JSON object, such as {"expected_response": "…"} or {"expected_facts": ["…"]}.',
  outputs: "Optional: a recorded answer to score without running the application. Any JSON.",
} as const;

/** Inputs, expectations and outputs as JSON editors, checked as you type and by the API on save. */
export function RecordEditor({ initial, submitLabel, onSubmit, onCancel }: RecordEditorProps) {
  const formId = useId();
  const [draft, setDraft] = useState(initial);
  const [message, setMessage] = useState("");
  const { busy, errors, formError, run } = useFormSubmit({
    fields: RECORD_FIELDS,
    onError: recordErrorsFrom,
  });
  const submit = (event: Event) => {
    event.preventDefault();
    void run(draftProblems(draft), () => onSubmit(draft, message.trim()));
  };
  return (
    <form
      id={formId}
      className="form ds-record-editor"
      onSubmit={submit}
      noValidate
      data-testid="record-editor"
    >
      {formError && <Alert tone="danger" title={formError} />}
      <div className="ds-record-editor__fields">
        {RECORD_FIELDS.map((field) => (
          <JsonField
            key={field}
            label={field[0]?.toUpperCase() + field.slice(1)}
            hint={HINTS[field]}
            value={draft[field]}
            onChange={(value) => setDraft((current) => ({ ...current, [field]: value }))}
            problem={fieldProblem(field, draft[field])}
            serverError={errors[field]}
            required={field === "inputs"}
            testId={`record-${field}`}
          />
        ))}
      </div>
      <div className="ds-record-editor__save">
        <Field label="Version message">
          <Input
            value={message}
            placeholder="Optional: what this change is for"
            maxLength={500}
            onInput={(event) => setMessage(event.currentTarget.value)}
            data-testid="record-message"
          />
        </Field>
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" loading={busy} data-testid="record-save">
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
