import { cx } from "../../../ui/cx";
import { Field } from "../../../ui/Field";
import { Input, Textarea } from "../../../ui/Input";
import { IconThumbDown, IconThumbUp } from "../../../ui/icons";
import { Segmented } from "../../../ui/Segmented";
import type { FeedbackDraft, FeedbackType } from "./values";

const TYPES: { value: FeedbackType; label: string }[] = [
  { value: "thumbs", label: "Thumbs" },
  { value: "number", label: "Number" },
  { value: "label", label: "Label" },
  { value: "json", label: "JSON" },
];

const HINTS: Record<FeedbackType, string> = {
  thumbs: "Counts as a pass or a fail in the pass rate.",
  number: "A score, such as 1–5; charted as a mean.",
  label: "A word or short text; yes/no and pass/fail count as a pass or a fail.",
  json: "A list, or a flat object of strings, numbers and booleans.",
};

function Thumb({
  up,
  draft,
  onChange,
}: {
  up: boolean;
  draft: FeedbackDraft;
  onChange: (next: FeedbackDraft) => void;
}) {
  const pressed = draft.thumbs === up;
  const Icon = up ? IconThumbUp : IconThumbDown;
  return (
    <button
      type="button"
      className={cx("thumb-button", `thumb-button--${up ? "up" : "down"}`, pressed && "is-pressed")}
      aria-pressed={pressed}
      onClick={() => onChange({ ...draft, thumbs: up })}
      data-testid={up ? "feedback-thumbs-up" : "feedback-thumbs-down"}
    >
      <Icon size={18} />
      {up ? "Thumbs up" : "Thumbs down"}
    </button>
  );
}

/** The value of a feedback: thumbs up/down, a number, a label or JSON. */
export function FeedbackValueEditor({
  draft,
  onChange,
  error,
}: {
  draft: FeedbackDraft;
  onChange: (next: FeedbackDraft) => void;
  error?: string;
}) {
  return (
    <div className="value-editor">
      <div className="value-editor__types">
        <span className="field__label">Value</span>
        <Segmented
          label="Kind of value"
          options={TYPES}
          value={draft.type}
          onChange={(type) => onChange({ ...draft, type })}
          data-testid="feedback-type"
        />
      </div>
      {draft.type === "thumbs" && (
        <div className="value-editor__thumbs">
          <fieldset className="thumb-buttons">
            <legend className="visually-hidden">Thumbs up or down</legend>
            <Thumb up draft={draft} onChange={onChange} />
            <Thumb up={false} draft={draft} onChange={onChange} />
          </fieldset>
          <p className={error ? "field__error" : "field__hint"}>{error ?? HINTS.thumbs}</p>
        </div>
      )}
      {draft.type === "number" && (
        <Field label="Number" hint={HINTS.number} error={error}>
          <Input
            type="number"
            step="any"
            value={draft.number}
            onInput={(event) => onChange({ ...draft, number: event.currentTarget.value })}
            data-testid="feedback-number"
          />
        </Field>
      )}
      {draft.type === "label" && (
        <Field label="Label" hint={HINTS.label} error={error}>
          <Input
            value={draft.label}
            maxLength={10_000}
            placeholder="e.g. partially correct"
            onInput={(event) => onChange({ ...draft, label: event.currentTarget.value })}
            data-testid="feedback-label"
          />
        </Field>
      )}
      {draft.type === "json" && (
        <Field label="JSON" hint={HINTS.json} error={error}>
          <Textarea
            className="mono"
            rows={5}
            spellcheck={false}
            value={draft.json}
            placeholder='{ "relevance": 4, "tone": "friendly" }'
            onInput={(event) => onChange({ ...draft, json: event.currentTarget.value })}
            data-testid="feedback-json"
          />
        </Field>
      )}
    </div>
  );
}
