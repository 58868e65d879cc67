import type { AlertRule, Direction, Metric, NewAlertRule } from "../../api/alerts";
import { ApiError } from "../../api/errors";
import { type FormErrors, parseValidationMessage } from "../../api/formErrors";

/**
 * Alert rules between the dialog's fields and the API (workers/alerts/config.ts): the defaults a
 * new rule starts from, what a rule watches in words, and the API's 422 at the right field.
 */

export const METRIC_LABELS: Readonly<Record<Metric, string>> = {
  pass_rate: "Pass rate",
  mean_score: "Mean score",
  error_rate: "Error rate",
  latency_p95: "Latency p95 (ms)",
  cost: "Cost (USD per window)",
  tokens: "Tokens per window",
  trace_volume: "Trace volume",
};

export const METRICS = Object.keys(METRIC_LABELS) as Metric[];
/** Score metrics read a feedback name's rollup; the others read the traces (or one model's calls). */
export const isScoreMetric = (metric: Metric) => metric === "pass_rate" || metric === "mean_score";
/** A drop needs a two-sample test: only rates and means have one. */
export const DROP_METRICS = ["pass_rate", "mean_score", "error_rate"] as const satisfies readonly Metric[];
type DropMetric = (typeof DROP_METRICS)[number];
const dropMetricOf = (metric: Metric): DropMetric | undefined => DROP_METRICS.find((m) => m === metric);
export const isShare = (metric: Metric) => metric === "pass_rate" || metric === "error_rate";

export type RuleKind = "threshold" | "drop";

export interface RuleDraft {
  name: string;
  kind: RuleKind;
  metric: Metric;
  assessmentName: string;
  monitorId: string;
  model: string;
  /** "" leaves a drop to the metric's bad direction (scores fall, error rates rise). */
  direction: Direction | "";
  threshold: string;
  minEffect: string;
  windowMinutes: string;
  minSamples: string;
  m: string;
  n: string;
  cooldownWindows: string;
}

/** The server's defaults (docs/alerts.md), shown in the fields so nobody has to guess them. */
export const NEW_RULE: RuleDraft = {
  name: "",
  kind: "drop",
  metric: "pass_rate",
  assessmentName: "",
  monitorId: "",
  model: "",
  direction: "",
  threshold: "0.8",
  minEffect: "0.1",
  windowMinutes: "60",
  minSamples: "30",
  m: "1",
  n: "1",
  cooldownWindows: "3",
};

export const RULE_FIELDS = [
  "name",
  "kind",
  "metric",
  "assessmentName",
  "monitorId",
  "model",
  "direction",
  "threshold",
  "minEffect",
  "windowMinutes",
  "minSamples",
  "m",
  "n",
  "cooldownWindows",
] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

type NumberField = "threshold" | "minEffect" | "windowMinutes" | "minSamples" | "m" | "n" | "cooldownWindows";

/** The request, or the fields that are not numbers (the server judges the rest). */
export function ruleInputOf(
  draft: RuleDraft,
): { input: NewAlertRule; errors: null } | { input: null; errors: Partial<Record<RuleField, string>> } {
  const errors: Partial<Record<RuleField, string>> = {};
  const number = (field: NumberField): number => {
    const text = draft[field].trim();
    const value = Number(text);
    if (text === "" || !Number.isFinite(value)) errors[field] = "Enter a number.";
    return value;
  };
  if (!draft.name.trim()) errors.name = "Give the rule a name.";
  const score = isScoreMetric(draft.metric);
  if (score && !draft.assessmentName.trim()) errors.assessmentName = "Which feedback name does it watch?";
  const windowing = {
    windowMinutes: number("windowMinutes"),
    minSamples: number("minSamples"),
    m: number("m"),
    n: number("n"),
    cooldownWindows: number("cooldownWindows"),
  };
  const dropMetric = dropMetricOf(draft.metric);
  if (draft.kind === "drop" && !dropMetric)
    errors.metric = "A drop compares rates and means only; latency, cost and volume take a threshold.";
  const config: NewAlertRule["config"] =
    draft.kind === "threshold" || !dropMetric
      ? {
          kind: "threshold",
          metric: draft.metric,
          direction: draft.direction || "below",
          threshold: number("threshold"),
          ...windowing,
        }
      : {
          kind: "drop",
          metric: dropMetric,
          ...(draft.direction ? { direction: draft.direction } : {}),
          minEffect: number("minEffect"),
          ...windowing,
        };
  if (Object.keys(errors).length > 0) return { input: null, errors };
  return {
    input: {
      name: draft.name.trim(),
      config,
      ...(score && draft.assessmentName.trim() ? { assessmentName: draft.assessmentName.trim() } : {}),
      ...(score && draft.monitorId ? { monitorId: draft.monitorId } : {}),
      ...(!score && draft.model.trim() ? { model: draft.model.trim() } : {}),
    },
    errors: null,
  };
}

/** The API names config fields `config.minEffect`: shown at the dialog's own `minEffect` field. */
export function ruleErrorsFrom(error: unknown): FormErrors<RuleField> | undefined {
  if (!(error instanceof ApiError) || error.status !== 422) return undefined;
  return parseValidationMessage(error.message.replace(/\bconfig\.(\w)/g, "$1"), RULE_FIELDS);
}

/** The part of a rule's config the list shows; the API answers it as a plain record. */
export interface RuleConfigView {
  kind: RuleKind;
  metric: Metric;
  direction: Direction;
  threshold?: number;
  minEffect?: number;
  windowMinutes: number;
  m: number;
  n: number;
}

export function configOf(rule: Pick<AlertRule, "config">): RuleConfigView {
  const c = rule.config;
  const num = (value: unknown, fallback: number) => (typeof value === "number" ? value : fallback);
  return {
    kind: c.kind === "threshold" ? "threshold" : "drop",
    metric: (typeof c.metric === "string" && c.metric in METRIC_LABELS ? c.metric : "pass_rate") as Metric,
    direction: c.direction === "above" ? "above" : "below",
    threshold: typeof c.threshold === "number" ? c.threshold : undefined,
    minEffect: typeof c.minEffect === "number" ? c.minEffect : undefined,
    windowMinutes: num(c.windowMinutes, 60),
    m: num(c.m, 1),
    n: num(c.n, 1),
  };
}

/** "Pass rate of correctness (monitor Correctness)", "Latency p95 (ms) of gpt-4o calls". */
export function watchesOf(
  rule: Pick<AlertRule, "config" | "assessmentName" | "monitorId" | "model">,
  monitorName: (id: string) => string | undefined,
): string {
  const { metric } = configOf(rule);
  const label = METRIC_LABELS[metric];
  if (isScoreMetric(metric)) {
    const monitor = rule.monitorId ? ` (monitor ${monitorName(rule.monitorId) ?? rule.monitorId})` : "";
    return `${label} of ${rule.assessmentName ?? "?"}${monitor}`;
  }
  return rule.model ? `${label} of ${rule.model} calls` : label;
}

/** "Fires when 10 points below the baseline", "Fires when above 0.05". */
export function conditionOf(rule: Pick<AlertRule, "config">): string {
  const c = configOf(rule);
  const share = isShare(c.metric);
  const amount = (value: number | undefined) =>
    value === undefined ? "?" : share ? `${Math.round(value * 1000) / 10} %` : String(value);
  if (c.kind === "threshold") return `${c.direction} ${amount(c.threshold)}`;
  const effect =
    c.minEffect === undefined
      ? "?"
      : share
        ? `${Math.round(c.minEffect * 1000) / 10} points`
        : String(c.minEffect);
  return `${effect} ${c.direction} baseline`;
}

/** "60 min", "1 day", with m of n when it is more than one window. */
export function windowOf(rule: Pick<AlertRule, "config">): string {
  const c = configOf(rule);
  const length =
    c.windowMinutes % 1440 === 0
      ? `${c.windowMinutes / 1440} d`
      : c.windowMinutes % 60 === 0 && c.windowMinutes > 60
        ? `${c.windowMinutes / 60} h`
        : `${c.windowMinutes} min`;
  return c.n > 1 ? `${length}, ${c.m} of ${c.n}` : length;
}
