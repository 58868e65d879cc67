import type { RuleKind } from "../../api/scorers";
import { Checkbox } from "../../ui/Checkbox";
import { Field } from "../../ui/Field";
import { Input, Select, Textarea } from "../../ui/Input";
import type { DraftErrors, ScorerDraft } from "./draft";
import { NEED_LABEL, RULE_KINDS, ruleKindInfo } from "./ruleKinds";

export interface DraftFormProps {
  draft: ScorerDraft;
  set: (change: Partial<ScorerDraft>) => void;
  errors: DraftErrors;
  onKind?: (kind: RuleKind) => void;
}

function Bounds({ draft, set, errors, unit }: DraftFormProps & { unit: string }) {
  return (
    <div className="form__row">
      <Field label={`Min ${unit}`} error={errors.min}>
        <Input
          value={draft.min}
          onInput={(e) => set({ min: e.currentTarget.value })}
          inputMode="decimal"
          data-testid="rule-min"
        />
      </Field>
      <Field label={`Max ${unit}`} error={errors.max}>
        <Input
          value={draft.max}
          onInput={(e) => set({ max: e.currentTarget.value })}
          inputMode="decimal"
          data-testid="rule-max"
        />
      </Field>
    </div>
  );
}

function CaseSensitive({ draft, set }: DraftFormProps) {
  return (
    <Checkbox
      checked={draft.caseSensitive}
      onChange={(caseSensitive) => set({ caseSensitive })}
      label="Case-sensitive"
    />
  );
}

/** The parameters of the chosen rule kind. */
function RuleParameters(props: DraftFormProps) {
  const { draft, set, errors } = props;
  switch (draft.kind) {
    case "exact_match":
      return <CaseSensitive {...props} />;
    case "contains":
      return (
        <>
          <Field label="Keywords" required error={errors.keywords} hint="One per line.">
            <Textarea
              value={draft.keywords}
              onInput={(e) => set({ keywords: e.currentTarget.value })}
              rows={4}
              data-testid="rule-keywords"
            />
          </Field>
          <div className="form__row">
            <Field label="Passes when">
              <Select
                value={draft.mode}
                onChange={(e) => set({ mode: e.currentTarget.value as ScorerDraft["mode"] })}
                options={[
                  { value: "all", label: "all keywords appear" },
                  { value: "any", label: "any keyword appears" },
                  { value: "none", label: "no keyword appears" },
                ]}
                data-testid="rule-mode"
              />
            </Field>
            <CaseSensitive {...props} />
          </div>
        </>
      );
    case "regex":
      return (
        <>
          <div className="form__row">
            <Field
              label="Pattern"
              required
              error={errors.pattern}
              hint="The first 10,000 characters are read."
            >
              <Input
                value={draft.pattern}
                onInput={(e) => set({ pattern: e.currentTarget.value })}
                className="mono"
                data-testid="rule-pattern"
              />
            </Field>
            <Field label="Flags" error={errors.flags} hint="i, m, s, u">
              <Input
                value={draft.flags}
                onInput={(e) => set({ flags: e.currentTarget.value })}
                className="mono"
                maxLength={4}
              />
            </Field>
          </div>
          <Checkbox
            checked={!draft.mustMatch}
            onChange={(inverted) => set({ mustMatch: !inverted })}
            label="Pass when it does not match"
          />
        </>
      );
    case "json":
      return (
        <>
          <Field label="Required keys" hint="Comma-separated, optional.">
            <Input
              value={draft.requiredKeys}
              onInput={(e) => set({ requiredKeys: e.currentTarget.value })}
              className="mono"
            />
          </Field>
          <Field label="JSON Schema" error={errors.schema} hint="Optional (2020-12).">
            <Textarea
              value={draft.schema}
              onInput={(e) => set({ schema: e.currentTarget.value })}
              rows={5}
              className="mono"
            />
          </Field>
        </>
      );
    case "length":
      return (
        <>
          <Field label="Count">
            <Select
              value={draft.unit}
              onChange={(e) => set({ unit: e.currentTarget.value as ScorerDraft["unit"] })}
              options={[
                { value: "characters", label: "characters" },
                { value: "words", label: "words" },
              ]}
            />
          </Field>
          <Bounds {...props} unit={draft.unit} />
        </>
      );
    case "numeric_bound":
      return <Bounds {...props} unit="value" />;
    case "similarity":
    case "facts_coverage":
      return (
        <Field
          label="Threshold"
          error={errors.threshold}
          hint={`0 … 1; default ${draft.kind === "similarity" ? "0.8" : "1"}.`}
        >
          <Input
            value={draft.threshold}
            onInput={(e) => set({ threshold: e.currentTarget.value })}
            inputMode="decimal"
          />
        </Field>
      );
    case "threshold":
      return (
        <div className="form__row">
          <Field label="Figure">
            <Select
              value={draft.metric}
              onChange={(e) => set({ metric: e.currentTarget.value as ScorerDraft["metric"] })}
              options={[
                { value: "latency_ms", label: "latency (ms)" },
                { value: "total_tokens", label: "total tokens" },
                { value: "cost_usd", label: "cost (USD)" },
              ]}
            />
          </Field>
          <Field label="At most" required error={errors.max}>
            <Input
              value={draft.max}
              onInput={(e) => set({ max: e.currentTarget.value })}
              inputMode="decimal"
            />
          </Field>
        </div>
      );
    case "tool_called":
      return (
        <>
          <Field label="Tool" required error={errors.tool} hint="The name of a TOOL span.">
            <Input
              value={draft.tool}
              onInput={(e) => set({ tool: e.currentTarget.value })}
              className="mono"
            />
          </Field>
          <Checkbox
            checked={!draft.called}
            onChange={(notCalled) => set({ called: !notCalled })}
            label="Pass when it was not called"
          />
        </>
      );
    default:
      return <p className="muted">This rule has no parameters.</p>;
  }
}

/** A rule scorer: its kind, what it needs, and its parameters. */
export function RuleForm(props: DraftFormProps) {
  const info = ruleKindInfo(props.draft.kind);
  return (
    <div className="form" data-testid="rule-form">
      <Field
        label="Rule"
        hint={
          <>
            {info.summary} Needs {info.needs.map((need) => NEED_LABEL[need]).join(" and ")}.
          </>
        }
      >
        <Select
          value={props.draft.kind}
          onChange={(e) => props.onKind?.(e.currentTarget.value as RuleKind)}
          options={RULE_KINDS.map((kind) => ({ value: kind.kind, label: `${kind.label} (${kind.kind})` }))}
          data-testid="rule-kind"
        />
      </Field>
      <RuleParameters {...props} />
    </div>
  );
}
