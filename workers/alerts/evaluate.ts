import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { z } from "zod";
import { alertEvents, alertRules } from "../../schema";
import type { CronJob } from "../cron/define";
import { defineOrgJob, type OrgJobContext } from "../jobs/define";
import { organizationsWithProjects } from "../traces/retention";
import { type Notification, notifyAlerts } from "./notify";
import { getRuleRowsToEvaluate, type RuleRow, ruleOf } from "./rule-service";
import { describeNumbers, type EvaluationNumbers, type RuleMemory } from "./rules";
import { ruleScope, windowSums } from "./sums";
import { historyWindows, type WalkedWindow, walkWindows } from "./walk";

/**
 * A window is judged this long after it ends: its traces' scores arrive after the traces settle
 * (30 s by default) and their judges answer; the cron runs every 5 minutes anyway.
 */
export const GRACE_MS = 3 * 60_000;
/** At most this many windows a rule catches up on in one run (after an outage, a paused cron). */
const MAX_CATCH_UP = 24;

/** What a rule's evaluation decided: the windows judged and the alerts opened or closed. */
type Outcome = { rule: RuleRow; walked: WalkedWindow[]; notifications: Notification[] };

/**
 * Evaluates one rule on its complete windows since the last evaluation (the latest one only for a
 * new rule), from the rollups, and stores what changed in one batch: the rule's memory, state and
 * last numbers, and an alert per firing (closed again by a resolve). The batch is guarded by the
 * rule's previous evaluation: two evaluators racing on one rule write once. Muted rules are judged
 * as usual, but their alerts are marked muted and notify nobody.
 */
export async function evaluateRule(ctx: OrgJobContext, row: RuleRow, now: number): Promise<Outcome | null> {
  const rule = ruleOf(row);
  const size = rule.windowMinutes * 60_000;
  const lastEnd = Math.floor((now - GRACE_MS) / size) * size;
  const from =
    row.evaluatedTo === null ? lastEnd - size : Math.max(row.evaluatedTo, lastEnd - MAX_CATCH_UP * size);
  if (from >= lastEnd) return null;
  const sums = await windowSums(ctx.db, ruleScope(row, rule), from - historyWindows(rule) * size, lastEnd);
  const open = row.openAlertId
    ? await ctx.db.select().from(alertEvents).where(eq(alertEvents.id, row.openAlertId)).limit(1)
    : [];
  const firingSince = row.state === "firing" ? (open[0]?.windowStart ?? from) : null;
  const walked = walkWindows(
    rule,
    sums,
    { from, to: lastEnd, size },
    row.memory as unknown as RuleMemory,
    firingSince,
  );
  const muted = row.mutedUntil !== null && row.mutedUntil > now;
  const evaluationId = ctx.services.ids("job");
  const guard = sql`exists (select 1 from alert_rules where id = ${row.id} and evaluation_id = ${evaluationId})`;
  const statements: BatchItem<"sqlite">[] = [];
  const notifications: Notification[] = [];
  let openAlertId = row.openAlertId;
  for (const w of walked) {
    const numbers = w.evaluation.numbers as EvaluationNumbers & Record<string, unknown>;
    if (w.evaluation.transition === "fired") {
      const id = ctx.services.ids("alertEvent");
      statements.push(
        ctx.db.run(sql`insert into alert_events (id, org_id, project_id, rule_id, rule_name, state, window_start, window_end,
          numbers, summary, fired_at, muted)
          select ${id}, ${row.orgId}, ${row.projectId}, ${row.id}, ${row.name}, 'firing', ${w.start}, ${w.end},
            ${JSON.stringify(numbers)}, ${describeNumbers(numbers)}, ${now}, ${muted ? 1 : 0} where ${guard}`),
      );
      openAlertId = id;
      if (!muted)
        notifications.push({ type: "alert.fired", alertId: id, ruleId: row.id, projectId: row.projectId });
    } else if (w.evaluation.transition === "resolved" && openAlertId !== null) {
      statements.push(
        ctx.db.run(sql`update alert_events set state = 'resolved', resolved_at = ${now}, resolved_window_end = ${w.end},
          resolve_numbers = ${JSON.stringify(numbers)} where id = ${openAlertId} and ${guard}`),
      );
      if (!muted)
        notifications.push({
          type: "alert.resolved",
          alertId: openAlertId,
          ruleId: row.id,
          projectId: row.projectId,
        });
      openAlertId = null;
    }
  }
  const last = walked.at(-1);
  if (!last) return null;
  const moved = ctx.db
    .update(alertRules)
    .set({
      state: last.evaluation.state,
      memory: last.evaluation.memory as unknown as Record<string, unknown>,
      lastNumbers: last.evaluation.numbers as unknown as Record<string, unknown>,
      evaluatedTo: lastEnd,
      evaluationId,
      openAlertId,
    })
    .where(
      and(
        eq(alertRules.id, row.id),
        row.evaluationId === null
          ? sql`evaluation_id is null`
          : eq(alertRules.evaluationId, row.evaluationId),
      ),
    );
  const [changed] = await ctx.db.batch([moved.returning({ id: alertRules.id }), ...statements]);
  // Another evaluator moved the rule first: it wrote (and notifies about) these windows.
  if (changed.length === 0) return null;
  return { rule: row, walked, notifications };
}

/** Every enabled rule of the organization, each on its new windows; notifications are handed to `notify`. */
export async function evaluateOrgRules(
  ctx: OrgJobContext,
  notify: (ctx: OrgJobContext, n: Notification[]) => Promise<void>,
): Promise<number> {
  const now = ctx.services.clock.now();
  let evaluated = 0;
  for (const row of await getRuleRowsToEvaluate(ctx)) {
    const outcome = await evaluateRule(ctx, row, now);
    if (!outcome) continue;
    evaluated += outcome.walked.length;
    if (outcome.notifications.length > 0) await notify(ctx, outcome.notifications);
  }
  return evaluated;
}

/** One organization's alert rules, on the cron's tick. */
export const evaluateAlertsJob = defineOrgJob({
  type: "alerts.evaluate",
  payload: z.object({}),
  async handle(ctx) {
    await evaluateOrgRules(ctx, notifyAlerts);
  },
});

/** Every five minutes, one evaluation job per organization (each may have its own database). */
export const alertsCron: CronJob = {
  name: "alerts",
  schedule: "*/5 * * * *",
  async run(services) {
    const orgs = await organizationsWithProjects(services);
    if (orgs.length > 0)
      await services.jobs.enqueueMany(
        evaluateAlertsJob,
        orgs.map((orgId) => ({ orgId })),
      );
  },
};
