/**
 * A project's alert rules, their series (the chart) and their alerts (docs/alerts.md). The shapes
 * are the server's (type-only imports: nothing of the server is bundled).
 */
import type { AlertRuleInput, Direction, Metric } from "../../../workers/alerts/config";
import type {
  AlertView as Alert,
  RuleView as AlertRule,
  RuleInput as AlertRuleCreate,
  RulePatch as AlertRulePatch,
  SeriesView as AlertSeries,
} from "../../../workers/alerts/schemas";
import { api, type RequestOptions } from "./client";

export type {
  Alert,
  AlertRule,
  AlertRuleCreate,
  AlertRuleInput,
  AlertRulePatch,
  AlertSeries,
  Direction,
  Metric,
};
export type AlertState = Alert["state"];
export type AlertSeriesPoint = AlertSeries["points"][number];
/** What a rule create sends: the config as a client writes it (defaults left to the server). */
export type NewAlertRule = Omit<AlertRuleCreate, "config" | "enabled"> & {
  config: AlertRuleInput;
  enabled?: boolean;
};

const project = (projectId: string) => `/api/v1/projects/${encodeURIComponent(projectId)}`;
const rule = (projectId: string, ruleId: string) =>
  `${project(projectId)}/alert-rules/${encodeURIComponent(ruleId)}`;
const alert = (projectId: string, alertId: string) =>
  `${project(projectId)}/alerts/${encodeURIComponent(alertId)}`;

export async function listAlertRules(projectId: string, options?: RequestOptions): Promise<AlertRule[]> {
  return (await api.get<{ rules: AlertRule[] }>(`${project(projectId)}/alert-rules`, options)).rules;
}

export function getAlertRule(
  projectId: string,
  ruleId: string,
  options?: RequestOptions,
): Promise<AlertRule> {
  return api.get<AlertRule>(rule(projectId, ruleId), options);
}

export function createAlertRule(projectId: string, input: NewAlertRule): Promise<AlertRule> {
  return api.post<AlertRule>(`${project(projectId)}/alert-rules`, input);
}

/** Enable, disable, mute (`mutedUntil`; null unmutes), rename or reconfigure. */
export function updateAlertRule(
  projectId: string,
  ruleId: string,
  patch: AlertRulePatch,
): Promise<AlertRule> {
  return api.patch<AlertRule>(rule(projectId, ruleId), patch);
}

/** With its alerts. */
export function deleteAlertRule(projectId: string, ruleId: string): Promise<void> {
  return api.delete(rule(projectId, ruleId));
}

/** The rule run over its last `windows` complete windows: what the chart draws. */
export function getAlertSeries(
  projectId: string,
  ruleId: string,
  windows: number,
  options?: RequestOptions,
): Promise<AlertSeries> {
  return api.get<AlertSeries>(`${rule(projectId, ruleId)}/series`, { ...options, query: { windows } });
}

/** Newest first; `open` is firing or acknowledged. */
export async function listAlerts(
  projectId: string,
  query: { state?: "open" | AlertState; ruleId?: string; limit?: number },
  options?: RequestOptions,
): Promise<Alert[]> {
  return (await api.get<{ alerts: Alert[] }>(`${project(projectId)}/alerts`, { ...options, query })).alerts;
}

export function getAlert(projectId: string, alertId: string, options?: RequestOptions): Promise<Alert> {
  return api.get<Alert>(alert(projectId, alertId), options);
}

export function acknowledgeAlert(projectId: string, alertId: string): Promise<Alert> {
  return api.post<Alert>(`${alert(projectId, alertId)}/acknowledge`);
}

/** Mutes the alert's rule for `minutes`: still evaluated and recorded, nobody notified. */
export function muteAlert(
  projectId: string,
  alertId: string,
  minutes: number,
): Promise<Alert & { mutedUntil: string }> {
  return api.post<Alert & { mutedUntil: string }>(`${alert(projectId, alertId)}/mute`, { minutes });
}
