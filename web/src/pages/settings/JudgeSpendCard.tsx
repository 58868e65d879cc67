import { useState } from "preact/hooks";
import { getJudgeSettings, type JudgeSettings, updateJudgeSettings } from "../../api/judgeSettings";
import type { Organization } from "../../api/types";
import { useFormSubmit } from "../../api/useFormSubmit";
import { useResource } from "../../api/useResource";
import { formatCost } from "../../app/numbers";
import { can } from "../../auth/permissions";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { cx } from "../../ui/cx";
import { Field } from "../../ui/Field";
import { Input } from "../../ui/Input";
import { toast } from "../../ui/toast";
import { LoadFailed } from "../common/LoadFailed";
import { LoadingRows } from "../common/LoadingRows";

const FIELDS = ["concurrency", "monthlyBudgetUsd", "unpricedPerMillionUsd"] as const;
type SettingsField = (typeof FIELDS)[number];
type Draft = Record<SettingsField, string>;

const draftOf = (settings: JudgeSettings): Draft => ({
  concurrency: String(settings.concurrency),
  monthlyBudgetUsd: settings.monthlyBudgetUsd === null ? "" : String(settings.monthlyBudgetUsd),
  unpricedPerMillionUsd: String(settings.unpricedPerMillionUsd),
});

const usedPercent = (share: number) =>
  share > 0 && share < 0.01 ? "<1%" : `${Math.min(999, Math.round(share * 100))}%`;

function SpendBar({ settings }: { settings: JudgeSettings }) {
  const budget = settings.monthlyBudgetUsd;
  const share = budget === null ? null : budget === 0 ? 1 : settings.spentUsd / budget;
  return (
    <div data-testid="judge-spend">
      <div className="spend-card__figures">
        <span>
          Spent in {settings.month}:{" "}
          <strong data-testid="judge-spent">{formatCost(settings.spentUsd)}</strong>
          {budget !== null && (
            <>
              {" "}
              of <span data-testid="judge-budget">{formatCost(budget)}</span>
            </>
          )}
        </span>
        <span className="muted">
          {budget === null ? "No monthly budget" : `${usedPercent(share ?? 0)} used`} · {settings.inFlight} in
          flight
        </span>
      </div>
      {share !== null && (
        <div
          className="spend-bar"
          role="progressbar"
          aria-label="Judge spend against the monthly budget"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.min(100, Math.round(share * 100))}
        >
          <div
            className={cx(
              "spend-bar__fill",
              share >= 1 ? "spend-bar__fill--over" : share >= 0.8 && "spend-bar__fill--warning",
            )}
            style={{ width: `${Math.min(100, share * 100)}%` }}
          />
        </div>
      )}
    </div>
  );
}

/** Judge concurrency, the monthly budget and this month's spend; owners and admins change them. */
export function JudgeSpendCard({ org }: { org: Organization }) {
  const manage = can.manageProviders(org.role);
  const [state, reload] = useResource(`judge-settings:${org.id}`, (signal) =>
    getJudgeSettings(org.id, { signal }),
  );
  const [draft, setDraft] = useState<Draft | null>(null);
  const { busy, errors, formError, run, reset } = useFormSubmit({ fields: FIELDS });
  const shown = draft ?? (state.status === "ready" ? draftOf(state.data) : null);

  const submit = (event: Event) => {
    event.preventDefault();
    if (!shown) return;
    const concurrency = Number(shown.concurrency);
    const budget = shown.monthlyBudgetUsd.trim() === "" ? null : Number(shown.monthlyBudgetUsd);
    const unpriced = Number(shown.unpricedPerMillionUsd);
    const validation: Partial<Record<SettingsField, string>> = {};
    if (!Number.isInteger(concurrency) || concurrency < 1)
      validation.concurrency = "A whole number, at least 1.";
    if (budget !== null && !(budget >= 0))
      validation.monthlyBudgetUsd = "An amount in USD, or empty for no limit.";
    if (!(unpriced >= 0)) validation.unpricedPerMillionUsd = "An amount in USD.";
    void run(validation, async () => {
      await updateJudgeSettings(org.id, {
        concurrency,
        monthlyBudgetUsd: budget,
        unpricedPerMillionUsd: unpriced,
      });
      toast.success("Saved the judge limits");
      setDraft(null);
      reset();
      reload();
    });
  };

  const set = (field: SettingsField, value: string) => shown && setDraft({ ...shown, [field]: value });

  return (
    <Card
      title="Judge limits and spend"
      description="Calls in flight at once and a monthly budget across every judge of the organization; past the budget, judges answer BUDGET_EXHAUSTED."
      data-testid="judge-spend-card"
    >
      {state.status === "error" && <LoadFailed what="judge settings" error={state.error} onRetry={reload} />}
      {(state.status === "loading" || state.status === "idle") && (
        <LoadingRows label="Loading judge settings…" block="settings-loading" />
      )}
      {state.status === "ready" && shown && (
        <form className="form" onSubmit={submit} noValidate>
          <SpendBar settings={state.data} />
          {formError && <Alert tone="danger" title={formError} />}
          <div className="form__row">
            <Field label="Concurrency" error={errors.concurrency} hint="Judge calls at once.">
              <Input
                value={shown.concurrency}
                onInput={(e) => set("concurrency", e.currentTarget.value)}
                inputMode="numeric"
                readOnly={!manage}
                data-testid="judge-concurrency"
              />
            </Field>
            <Field label="Monthly budget (USD)" error={errors.monthlyBudgetUsd} hint="Empty for no limit.">
              <Input
                value={shown.monthlyBudgetUsd}
                onInput={(e) => set("monthlyBudgetUsd", e.currentTarget.value)}
                inputMode="decimal"
                readOnly={!manage}
                placeholder="No limit"
                data-testid="judge-budget-input"
              />
            </Field>
            <Field label="Unpriced models (USD / 1M tokens)" error={errors.unpricedPerMillionUsd}>
              <Input
                value={shown.unpricedPerMillionUsd}
                onInput={(e) => set("unpricedPerMillionUsd", e.currentTarget.value)}
                inputMode="decimal"
                readOnly={!manage}
              />
            </Field>
          </div>
          {manage ? (
            <div>
              <Button
                type="submit"
                variant="primary"
                size="sm"
                loading={busy}
                disabled={draft === null}
                data-testid="judge-settings-save"
              >
                Save limits
              </Button>
            </div>
          ) : (
            <p className="muted">Only owners and admins can change these.</p>
          )}
        </form>
      )}
    </Card>
  );
}
