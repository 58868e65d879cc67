import { isoTime } from "../lib/time";
import { projectUrl } from "../lib/urls";
import type { RuleRow } from "./rule-service";

/**
 * The dashboard's traces of an alert's window, narrowed to the failing ones where the metric says
 * which: failed feedback for a pass rate, that feedback for a mean score, errors for an error rate,
 * the slow ones for latency; one model's for a model's rule.
 */
export function tracesLink(
  publicUrl: string,
  rule: Pick<RuleRow, "projectId" | "assessmentName" | "model"> & { metric: string },
  window: { start: number; end: number },
  numbers: { statistic?: unknown },
): string {
  const query: Record<string, string> = { from: isoTime(window.start), to: isoTime(window.end) };
  const name = rule.assessmentName ?? "";
  if (rule.metric === "pass_rate") query.failed = name;
  if (rule.metric === "mean_score") query.feedback = name;
  if (rule.metric === "error_rate") query.status = "ERROR";
  if (rule.metric === "latency_p95" && typeof numbers.statistic === "number")
    query.minLatencyMs = String(Math.floor(numbers.statistic));
  if (rule.model !== "") query.model = rule.model;
  return projectUrl(publicUrl, rule.projectId, { page: "traces", query });
}

export const alertLink = (publicUrl: string, projectId: string, alertId: string) =>
  projectUrl(publicUrl, projectId, { page: "alert", alertId });
