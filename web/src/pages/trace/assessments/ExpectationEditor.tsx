import { Field } from "../../../ui/Field";
import { Input, Select, Textarea } from "../../../ui/Input";
import { expectationTemplate, isReserved, RESERVED_EXPECTATIONS, RESERVED_NAMES } from "./values";

export interface ExpectationDraft {
  /** A reserved name, or "" for one of the user's own. */
  preset: string;
  /** The user's own name (when `preset` is ""). */
  custom: string;
  json: string;
}

export const CUSTOM = "";

export function newExpectationDraft(): ExpectationDraft {
  const preset = RESERVED_NAMES[0] ?? CUSTOM;
  return { preset, custom: "", json: expectationTemplate(preset) };
}

export const expectationName = (draft: ExpectationDraft) => (draft.preset || draft.custom).trim();

const OPTIONS = [
  ...RESERVED_NAMES.map((name) => ({ value: name, label: name })),
  { value: CUSTOM, label: "Another name…" },
];

/**
 * An expectation's name (a reserved one the built-in judges read, or any other) and its value as
 * JSON, which starts from the chosen name's shape. Without `onNameChange` the name is fixed (an
 * override keeps it).
 */
export function ExpectationEditor({
  draft,
  onChange,
  nameLocked,
  errors,
}: {
  draft: ExpectationDraft;
  onChange: (next: ExpectationDraft) => void;
  nameLocked?: boolean;
  errors: { name?: string; value?: string };
}) {
  const name = expectationName(draft);
  const pick = (preset: string) => {
    // The JSON follows the name while it is still the previous name's untouched template.
    const untouched = draft.json === expectationTemplate(expectationName(draft)) || !draft.json.trim();
    onChange({
      ...draft,
      preset,
      json: untouched ? expectationTemplate(preset || draft.custom) : draft.json,
    });
  };
  return (
    <>
      {!nameLocked && (
        <Field label="Name" error={errors.name} required>
          <Select
            value={draft.preset}
            options={OPTIONS}
            onChange={(event) => pick(event.currentTarget.value)}
            data-testid="expectation-name"
          />
        </Field>
      )}
      {!nameLocked && draft.preset === CUSTOM && (
        <Field label="Your name for it" hint="Letters, digits, spaces and _ . : / -" error={errors.name}>
          <Input
            value={draft.custom}
            maxLength={200}
            placeholder="e.g. expected_tone"
            onInput={(event) => onChange({ ...draft, custom: event.currentTarget.value })}
            data-testid="expectation-custom-name"
          />
        </Field>
      )}
      <Field
        label="Value (JSON)"
        hint={isReserved(name) ? RESERVED_EXPECTATIONS[name].description : "Any JSON."}
        error={errors.value}
        required
      >
        <Textarea
          className="mono value-editor__json"
          rows={8}
          spellcheck={false}
          value={draft.json}
          onInput={(event) => onChange({ ...draft, json: event.currentTarget.value })}
          data-testid="expectation-json"
        />
      </Field>
    </>
  );
}
