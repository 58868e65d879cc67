import { useEffect, useId, useState } from "preact/hooks";
import { type AlertRule, createAlertRule, type Direction, type Metric } from "../../api/alerts";
import type { Monitor } from "../../api/monitors";
import { useFormSubmit } from "../../api/useFormSubmit";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { Input, Select } from "../../ui/Input";
import { Segmented } from "../../ui/Segmented";
import {
  DROP_METRICS,
  isScoreMetric,
  isShare,
  METRIC_LABELS,
  METRICS,
  NEW_RULE,
  RULE_FIELDS,
  type RuleDraft,
  type RuleKind,
  ruleErrorsFrom,
  ruleInputOf,
} from "./rules";

const KINDS = [
  { value: "drop", label: "Drop against baseline" },
  { value: "threshold", label: "Threshold" },
] as const;

type NumberKey = "threshold" | "minEffect" | "windowMinutes" | "minSamples" | "m" | "n" | "cooldownWindows";

/**
 * A new alert rule, starting from the defaults the alert simulation chose (a drop of 10 points of
 * pass rate against a 7-day baseline, 60-minute windows). The API's 422s are shown at their fields.
 */
export function RuleDialog({
  open,
  onClose,
  projectId,
  monitors,
  feedbackNames,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  projectId: string;
  monitors: readonly Monitor[];
  feedbackNames: readonly string[];
  onCreated: (rule: AlertRule) => void;
}) {
  const formId = useId();
  const listId = useId();
  const [draft, setDraft] = useState<RuleDraft>(NEW_RULE);
  const { busy, errors, formError, run, reset } = useFormSubmit({
    fields: RULE_FIELDS,
    onError: ruleErrorsFrom,
  });

  useEffect(() => {
    if (!open) return;
    setDraft(NEW_RULE);
    reset();
  }, [open, reset]);

  const set = (patch: Partial<RuleDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const score = isScoreMetric(draft.metric);
  const metricOptions = (draft.kind === "drop" ? [...DROP_METRICS] : METRICS).map((metric) => ({
    value: metric,
    label: METRIC_LABELS[metric],
  }));
  const number = (key: NumberKey, label: string, hint: string, testId: string) => (
    <Field label={label} hint={hint} error={errors[key]}>
      <Input
        type="number"
        step="any"
        value={draft[key]}
        onInput={(event) => set({ [key]: event.currentTarget.value })}
        data-testid={testId}
      />
    </Field>
  );

  const submit = (event: Event) => {
    event.preventDefault();
    const built = ruleInputOf(draft);
    void run(built.errors ?? {}, async () => {
      if (!built.input) return;
      onCreated(await createAlertRule(projectId, built.input));
      onClose();
    });
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title="New alert rule"
      description="Evaluated every 5 minutes on closed windows; it fires when its condition holds in m of the last n windows with enough samples."
      data-testid="rule-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" loading={busy} data-testid="rule-submit">
            Create rule
          </Button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate>
        {formError && <Alert tone="danger" title={formError} />}
        <Field label="Name" error={errors.name} required>
          <Input
            value={draft.name}
            maxLength={200}
            autoFocus
            placeholder="e.g. Correctness dropped"
            onInput={(event) => set({ name: event.currentTarget.value })}
            data-testid="rule-name-input"
          />
        </Field>
        <Field label="Kind" error={errors.kind}>
          <Segmented
            label="Kind"
            options={KINDS}
            value={draft.kind}
            onChange={(kind: RuleKind) =>
              set(
                kind === "drop" && !DROP_METRICS.some((m) => m === draft.metric)
                  ? { kind, metric: "pass_rate" }
                  : { kind },
              )
            }
            data-testid="rule-kind"
          />
        </Field>
        <div className="mon-form-row mon-form-row--3">
          <Field label="Metric" error={errors.metric}>
            <Select
              value={draft.metric}
              options={metricOptions}
              onChange={(event) => set({ metric: event.currentTarget.value as Metric })}
              data-testid="rule-metric"
            />
          </Field>
          {score ? (
            <>
              <Field
                label="Feedback name"
                hint={
                  feedbackNames.length > 0
                    ? "From the project's feedback."
                    : "The scorer's or feedback's name."
                }
                error={errors.assessmentName}
                required
              >
                <Input
                  value={draft.assessmentName}
                  list={listId}
                  spellcheck={false}
                  onInput={(event) => set({ assessmentName: event.currentTarget.value })}
                  data-testid="rule-feedback-name"
                />
              </Field>
              <datalist id={listId}>
                {feedbackNames.map((name) => (
                  <option key={name} value={name} />
                ))}
              </datalist>
              <Field label="Monitor" hint="Only its scores; any source when empty." error={errors.monitorId}>
                <Select
                  value={draft.monitorId}
                  onChange={(event) => set({ monitorId: event.currentTarget.value })}
                  options={[
                    { value: "", label: "Any source" },
                    ...monitors.map((m) => ({ value: m.id, label: m.name })),
                  ]}
                  data-testid="rule-monitor"
                />
              </Field>
            </>
          ) : (
            <Field label="Model" hint="One model's calls; every trace when empty." error={errors.model}>
              <Input
                value={draft.model}
                spellcheck={false}
                placeholder="gpt-4o-mini"
                onInput={(event) => set({ model: event.currentTarget.value })}
                data-testid="rule-model"
              />
            </Field>
          )}
        </div>
        <div className="mon-form-row mon-form-row--3">
          <Field
            label="Bad direction"
            hint={draft.kind === "drop" ? "Empty: scores falling, error rates rising." : undefined}
            error={errors.direction}
          >
            <Select
              value={draft.direction}
              onChange={(event) => set({ direction: event.currentTarget.value as Direction | "" })}
              options={[
                ...(draft.kind === "drop" ? [{ value: "", label: "The metric's own" }] : []),
                { value: "below", label: draft.kind === "drop" ? "Falls" : "Below" },
                { value: "above", label: draft.kind === "drop" ? "Rises" : "Above" },
              ]}
              data-testid="rule-direction"
            />
          </Field>
          {draft.kind === "threshold"
            ? number(
                "threshold",
                "Threshold",
                isShare(draft.metric) ? "A share, 0–1 (0.8 is 80 %)." : "In the metric's units.",
                "rule-threshold",
              )
            : number(
                "minEffect",
                "Minimum effect",
                isShare(draft.metric) ? "0.1 is 10 points of the rate." : "In the metric's units.",
                "rule-min-effect",
              )}
          {number("windowMinutes", "Window (minutes)", "Divides a day: 5, 15, 60 …", "rule-window")}
        </div>
        <div className="mon-form-row mon-form-row--4">
          {number("minSamples", "Minimum samples", "Fewer: not judged.", "rule-min-samples")}
          {number("m", "m", "Fire when m …", "rule-m")}
          {number("n", "of n windows", "… of the last n hold.", "rule-n")}
          {number("cooldownWindows", "Cooldown (windows)", "Quiet after a resolve.", "rule-cooldown")}
        </div>
      </form>
    </Dialog>
  );
}
