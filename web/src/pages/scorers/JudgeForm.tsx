import { Field } from "../../ui/Field";
import { Input, Select, Textarea } from "../../ui/Input";
import type { ScorerDraft } from "./draft";
import { ModelPicker } from "./ModelPicker";
import type { DraftFormProps } from "./RuleForm";
import { TemplateEditor } from "./TemplateEditor";

const VALUE_KINDS = [
  { value: "bool", label: "Yes / no" },
  { value: "number", label: "Number" },
  { value: "label", label: "One of labels" },
  { value: "text", label: "Free text" },
];

/** A custom LLM judge: instructions, the answer's type, the model and its temperature. */
export function JudgeForm({
  draft,
  set,
  errors,
  serverInstructionsError,
}: DraftFormProps & { serverInstructionsError?: string }) {
  return (
    <div className="form" data-testid="judge-form">
      <TemplateEditor
        value={draft.instructions}
        onChange={(instructions) => set({ instructions })}
        serverError={serverInstructionsError ?? errors.instructions}
      />
      <div className="form__row">
        <Field label="Answer">
          <Select
            value={draft.valueKind}
            onChange={(e) => set({ valueKind: e.currentTarget.value as ScorerDraft["valueKind"] })}
            options={VALUE_KINDS}
            data-testid="judge-value-kind"
          />
        </Field>
        <Field label="Temperature" error={errors.temperature} hint="0 … 2; the provider's default if empty.">
          <Input
            value={draft.temperature}
            onInput={(e) => set({ temperature: e.currentTarget.value })}
            inputMode="decimal"
          />
        </Field>
      </div>
      {draft.valueKind === "number" && (
        <div className="form__row">
          <Field label="Min" error={errors.min}>
            <Input
              value={draft.min}
              onInput={(e) => set({ min: e.currentTarget.value })}
              inputMode="decimal"
            />
          </Field>
          <Field label="Max" error={errors.max}>
            <Input
              value={draft.max}
              onInput={(e) => set({ max: e.currentTarget.value })}
              inputMode="decimal"
            />
          </Field>
        </div>
      )}
      {draft.valueKind === "label" && (
        <Field
          label="Labels"
          required
          error={errors.labels}
          hint="One per line; the judge answers one of them."
        >
          <Textarea value={draft.labels} onInput={(e) => set({ labels: e.currentTarget.value })} rows={4} />
        </Field>
      )}
      <ModelPicker value={draft.model} onChange={(model) => set({ model })} error={errors.model} />
    </div>
  );
}
