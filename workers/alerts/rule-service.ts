import { and, asc, eq, inArray } from "drizzle-orm";
import { alertEvents, alertRules } from "../../schema";
import { actorRef, auditData, type ProjectContext, type ProjectScope } from "../auth/context";
import { ApiError } from "../lib/errors";
import { isoTime } from "../lib/time";
import { getMonitorInProject } from "../monitoring/service";
import { type AlertRule, AlertRuleConfig, SCORE_METRICS } from "./config";
import { describeNumbers, type EvaluationNumbers } from "./rules";
import type { RuleInput, RulePatch, RuleView } from "./schemas";
import { INITIAL_MEMORY } from "./state";
import { windowAllowed } from "./sums";

export type RuleRow = typeof alertRules.$inferSelect;

export async function getRuleInProject(ctx: ProjectScope, ruleId: string): Promise<RuleRow> {
  const [row] = await ctx.db
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.projectId, ctx.project.id), eq(alertRules.id, ruleId)))
    .limit(1);
  if (!row) throw ApiError.notFound("Alert rule");
  return row;
}

/** A stored rule's configuration, every default filled in (it was checked when written). */
export const ruleOf = (row: Pick<RuleRow, "config">): AlertRule => AlertRuleConfig.parse(row.config);

const invalid = (field: string, message: string) =>
  new ApiError("INVALID_INPUT", `Invalid body. ${field}: ${message}.`);

/**
 * What the rule's metric may be narrowed by: score metrics by feedback name and monitor (the score
 * rollups' keys), trace metrics by model (the trace rollups'), and windows the rollups can serve.
 */
async function checkDimensions(ctx: ProjectScope, rule: AlertRule, input: Partial<RuleInput>) {
  const isScore = (SCORE_METRICS as readonly string[]).includes(rule.metric);
  if (isScore) {
    if (!input.assessmentName)
      throw invalid("assessmentName", `a ${rule.metric} rule needs the feedback name it watches`);
    if (input.model !== undefined)
      throw invalid("model", "score rules are narrowed by assessmentName and monitorId");
    if (input.monitorId !== undefined)
      await getMonitorInProject(ctx, input.monitorId).catch(() => {
        throw invalid("monitorId", "the project has no such monitor");
      });
  } else if (input.assessmentName !== undefined || input.monitorId !== undefined) {
    throw invalid("assessmentName", `${rule.metric} is a trace metric: narrow it by model only`);
  }
  if (!windowAllowed(rule.metric, rule.windowMinutes * 60_000))
    throw invalid(
      "config.windowMinutes",
      `${rule.metric} is read from hourly trace rollups: use whole hours (60, 120 … 1440); score rules may use 5-minute windows`,
    );
}

async function views(ctx: ProjectScope, rows: RuleRow[]): Promise<RuleView[]> {
  const open = rows.flatMap((r) => (r.openAlertId ? [r.openAlertId] : []));
  const alerts =
    open.length === 0
      ? []
      : await ctx.db
          .select({
            id: alertEvents.id,
            state: alertEvents.state,
            firedAt: alertEvents.firedAt,
            summary: alertEvents.summary,
          })
          .from(alertEvents)
          .where(and(eq(alertEvents.projectId, ctx.project.id), inArray(alertEvents.id, open)));
  const byId = new Map(alerts.map((a) => [a.id, a]));
  return rows.map((r) => {
    const alert = r.openAlertId ? byId.get(r.openAlertId) : undefined;
    return {
      id: r.id,
      name: r.name,
      config: r.config,
      assessmentName: r.assessmentName,
      monitorId: r.monitorId === "" ? null : r.monitorId,
      model: r.model === "" ? null : r.model,
      enabled: r.enabled === 1,
      mutedUntil: r.mutedUntil === null ? null : isoTime(r.mutedUntil),
      state: r.state as RuleView["state"],
      evaluatedTo: r.evaluatedTo === null ? null : isoTime(r.evaluatedTo),
      lastNumbers: r.lastNumbers,
      lastSummary: r.lastNumbers ? describeNumbers(r.lastNumbers as EvaluationNumbers) : null,
      openAlert: alert
        ? {
            id: alert.id,
            state: alert.state as "firing" | "acknowledged" | "resolved",
            firedAt: isoTime(alert.firedAt),
            summary: alert.summary,
          }
        : null,
      createdBy: r.createdByLabel,
      createdAt: isoTime(r.createdAt),
      updatedAt: isoTime(r.updatedAt),
    };
  });
}

export async function ruleView(ctx: ProjectScope, row: RuleRow): Promise<RuleView> {
  const [view] = await views(ctx, [row]);
  if (!view) throw new Error(`no view of alert rule ${row.id}`);
  return view;
}

/** An alert rule on the project's rollups; evaluated from its next complete window on. Audited. */
export async function createRule({ ctx, input }: { ctx: ProjectContext; input: RuleInput }) {
  const rule = input.config;
  await checkDimensions(ctx, rule, input);
  const now = ctx.services.clock.now();
  const row: RuleRow = {
    id: ctx.services.ids("alertRule"),
    orgId: ctx.org.id,
    projectId: ctx.project.id,
    name: input.name,
    config: rule as Record<string, unknown>,
    assessmentName: input.assessmentName ?? null,
    monitorId: input.monitorId ?? "",
    model: input.model ?? "",
    enabled: input.enabled ? 1 : 0,
    mutedUntil: null,
    state: "ok",
    memory: INITIAL_MEMORY as unknown as Record<string, unknown>,
    evaluatedTo: null,
    evaluationId: null,
    lastNumbers: null,
    openAlertId: null,
    createdBy: actorRef(ctx),
    createdByLabel: ctx.actor.label,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.db.batch([
    ctx.db.insert(alertRules).values(row),
    auditData(
      ctx,
      "alert_rule.created",
      { type: "alert_rule", id: row.id, label: row.name },
      { config: row.config },
    ),
  ]);
  return ruleView(ctx, row);
}

export async function listRules({ ctx }: { ctx: ProjectContext }) {
  const rows = await ctx.db
    .select()
    .from(alertRules)
    .where(eq(alertRules.projectId, ctx.project.id))
    .orderBy(asc(alertRules.name))
    .limit(500);
  return { rules: await views(ctx, rows) };
}

export async function getRule({ ctx, input }: { ctx: ProjectContext; input: { ruleId: string } }) {
  return ruleView(ctx, await getRuleInProject(ctx, input.ruleId));
}

/**
 * Renames, reconfigures, enables, disables, mutes or unmutes a rule. A new configuration starts
 * the rule's memory afresh (its m-of-n and cooldown counted its old windows), keeping an open alert
 * open until the rule resolves it. Audited.
 */
export async function updateRule({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { ruleId: string; patch: RulePatch };
}) {
  const row = await getRuleInProject(ctx, input.ruleId);
  const { config, enabled, mutedUntil, name } = input.patch;
  if (config)
    await checkDimensions(ctx, config, {
      ...(row.assessmentName === null ? {} : { assessmentName: row.assessmentName }),
      ...(row.monitorId === "" ? {} : { monitorId: row.monitorId }),
      ...(row.model === "" ? {} : { model: row.model }),
    });
  const set: Partial<RuleRow> = { updatedAt: ctx.services.clock.now() };
  if (name !== undefined) set.name = name;
  if (enabled !== undefined) set.enabled = enabled ? 1 : 0;
  if (mutedUntil !== undefined) set.mutedUntil = mutedUntil === null ? null : Date.parse(mutedUntil);
  if (config) {
    set.config = config as Record<string, unknown>;
    set.memory = { ...INITIAL_MEMORY, state: row.state === "firing" ? "firing" : "ok" };
    set.state = row.state === "firing" ? "firing" : "ok";
  }
  const action =
    mutedUntil !== undefined
      ? mutedUntil === null
        ? "alert_rule.unmuted"
        : "alert_rule.muted"
      : "alert_rule.updated";
  await ctx.db.batch([
    ctx.db
      .update(alertRules)
      .set(set)
      .where(and(eq(alertRules.id, row.id), eq(alertRules.projectId, ctx.project.id))),
    auditData(
      ctx,
      action,
      { type: "alert_rule", id: row.id, label: set.name ?? row.name },
      { ...input.patch },
    ),
  ]);
  return ruleView(ctx, { ...row, ...set });
}

/** Deletes a rule and its alerts. Audited. */
export async function deleteRule({ ctx, input }: { ctx: ProjectContext; input: { ruleId: string } }) {
  const row = await getRuleInProject(ctx, input.ruleId);
  await ctx.db.batch([
    ctx.db.delete(alertRules).where(and(eq(alertRules.id, row.id), eq(alertRules.projectId, ctx.project.id))),
    ctx.db
      .delete(alertEvents)
      .where(and(eq(alertEvents.ruleId, row.id), eq(alertEvents.projectId, ctx.project.id))),
    auditData(ctx, "alert_rule.deleted", { type: "alert_rule", id: row.id, label: row.name }),
  ]);
}

/** The organization's enabled rules, for the cron (alert_rules_org_idx). */
export function getRuleRowsToEvaluate(ctx: {
  db: ProjectScope["db"];
  org: { id: string };
}): Promise<RuleRow[]> {
  return ctx.db
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.orgId, ctx.org.id), eq(alertRules.enabled, 1)));
}
