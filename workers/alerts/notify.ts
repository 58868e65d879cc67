import { and, eq, inArray } from "drizzle-orm";
import { alertEvents, alertRules, projects } from "../../schema";
import type { OrgJobContext } from "../jobs/define";
import { isoTime } from "../lib/time";
import { enqueueWebhookEvent } from "../webhooks/dispatch";
import type { AlertEventData } from "../webhooks/events";
import type { AlertRule } from "./config";
import { LABELS } from "./describe";
import { alertView } from "./event-service";
import { ruleOf } from "./rule-service";
import type { EvaluationNumbers } from "./rules";

/** An alert that fired or resolved, for the project's webhooks. */
export type Notification = {
  type: "alert.fired" | "alert.resolved";
  alertId: string;
  ruleId: string;
  projectId: string;
};

/** The rule in words, for a person reading a notification. */
export function conditionOf(rule: AlertRule, assessmentName: string | null): string {
  const what = `${LABELS[rule.metric]}${assessmentName ? ` of ${assessmentName}` : ""}`;
  const windows = rule.m === 1 && rule.n === 1 ? "" : `, in ${rule.m} of ${rule.n} windows`;
  if (rule.kind === "threshold") {
    const how =
      rule.metric === "pass_rate" || rule.metric === "error_rate"
        ? " (95 % Wilson bound)"
        : rule.metric === "mean_score"
          ? " (95 % t bound)"
          : "";
    return `${what} ${rule.direction} ${rule.threshold}${how}, at least ${rule.minSamples} samples${windows}`;
  }
  const way = rule.direction === "below" ? "fell" : "rose";
  return `${what} ${way} by at least ${rule.minEffect} against the last ${rule.baselineWindows} windows (one-sided test, alpha ${rule.alpha}), at least ${rule.minSamples} samples${windows}`;
}

/** The engine's numbers in the webhook payload's terms. */
function payloadNumbers(n: EvaluationNumbers): AlertEventData["numbers"] {
  if (n.kind === "threshold")
    return {
      value: n.statistic ?? 0,
      threshold: n.threshold,
      baseline: null,
      samples: n.n,
      baselineSamples: null,
      interval: n.interval ? [n.interval.low, n.interval.high] : null,
      pValue: null,
      effect: null,
    };
  return {
    value: n.statistic ?? 0,
    threshold: null,
    baseline: n.baseline.statistic,
    samples: n.n,
    baselineSamples: n.baseline.n,
    interval: null,
    pValue: n.test?.pValue ?? null,
    effect: n.statistic !== null && n.baseline.statistic !== null ? n.statistic - n.baseline.statistic : null,
  };
}

/**
 * Hands alerts that fired or resolved to the project's webhooks (Standard Webhooks, Slack,
 * PagerDuty): one event each, its id the alert's and the transition's, so a cron tick that runs
 * twice sends nothing twice. The payload carries the numbers and links straight to the alert and
 * to its window's traces.
 */
export async function notifyAlerts(ctx: OrgJobContext, notifications: Notification[]): Promise<void> {
  if (notifications.length === 0) return;
  const alertIds = notifications.map((n) => n.alertId);
  const [alerts, rules] = await Promise.all([
    ctx.db.select().from(alertEvents).where(inArray(alertEvents.id, alertIds)),
    ctx.db
      .select()
      .from(alertRules)
      .where(inArray(alertRules.id, [...new Set(notifications.map((n) => n.ruleId))])),
  ]);
  const projectIds = [...new Set(notifications.map((n) => n.projectId))];
  const names = await ctx.control
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(and(eq(projects.orgId, ctx.org.id), inArray(projects.id, projectIds)));
  for (const n of notifications) {
    const alert = alerts.find((a) => a.id === n.alertId);
    const row = rules.find((r) => r.id === n.ruleId);
    if (!alert || !row) continue;
    const rule = ruleOf(row);
    const view = alertView(ctx.services.env.PUBLIC_URL, alert, {
      assessmentName: row.assessmentName,
      model: row.model,
      metric: rule.metric,
    });
    const resolved = n.type === "alert.resolved";
    const numbers = ((resolved ? alert.resolveNumbers : alert.numbers) ??
      alert.numbers) as unknown as EvaluationNumbers;
    const data: AlertEventData = {
      alert: {
        id: alert.id,
        state: resolved ? "resolved" : "firing",
        severity: "error",
        firedAt: isoTime(alert.firedAt),
        resolvedAt: alert.resolvedAt === null ? null : isoTime(alert.resolvedAt),
      },
      rule: {
        id: row.id,
        name: row.name,
        kind: rule.kind,
        metric: rule.metric,
        assessmentName: row.assessmentName,
        condition: conditionOf(rule, row.assessmentName),
      },
      window: { start: view.window.start, end: view.window.end, minutes: rule.windowMinutes },
      numbers: payloadNumbers(numbers),
      project: { id: n.projectId, name: names.find((p) => p.id === n.projectId)?.name ?? n.projectId },
      links: view.links,
      summary: `${resolved ? "Resolved" : "Firing"}: ${row.name}. ${alert.summary}`.slice(0, 1024),
    };
    await enqueueWebhookEvent({
      ctx,
      input: { projectId: n.projectId, event: { type: n.type, id: `${alert.id}:${n.type}`, data } },
    });
  }
}
