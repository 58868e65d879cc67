import { and, desc, eq, inArray } from "drizzle-orm";
import { alertEvents, alertRules } from "../../schema";
import { actorRef, auditData, type ProjectContext, type ProjectScope } from "../auth/context";
import { ApiError } from "../lib/errors";
import { isoTime } from "../lib/time";
import { alertLink, tracesLink } from "./links";
import type { AlertView } from "./schemas";

export type AlertRow = typeof alertEvents.$inferSelect;

export async function getAlertInProject(ctx: ProjectScope, alertId: string): Promise<AlertRow> {
  const [row] = await ctx.db
    .select()
    .from(alertEvents)
    .where(and(eq(alertEvents.projectId, ctx.project.id), eq(alertEvents.id, alertId)))
    .limit(1);
  if (!row) throw ApiError.notFound("Alert");
  return row;
}

/** An alert as the API and webhooks show it, with links to it and to its window's traces. */
export function alertView(
  publicUrl: string,
  row: AlertRow,
  rule: { assessmentName: string | null; model: string; metric: string },
): AlertView {
  const [by, at] = [row.acknowledgedBy, row.acknowledgedAt];
  return {
    id: row.id,
    ruleId: row.ruleId,
    ruleName: row.ruleName,
    state: row.state as AlertView["state"],
    window: { start: isoTime(row.windowStart), end: isoTime(row.windowEnd) },
    numbers: row.numbers,
    summary: row.summary,
    firedAt: isoTime(row.firedAt),
    acknowledged: by !== null && at !== null ? { by, at: isoTime(at) } : null,
    resolvedAt: row.resolvedAt === null ? null : isoTime(row.resolvedAt),
    resolveNumbers: row.resolveNumbers,
    muted: row.muted === 1,
    links: {
      alert: alertLink(publicUrl, row.projectId, row.id),
      traces: tracesLink(
        publicUrl,
        { projectId: row.projectId, ...rule },
        { start: row.windowStart, end: row.windowEnd },
        row.numbers,
      ),
    },
  };
}

/** The rules' dimensions, for the alerts' links (a deleted rule's alerts go with it). */
async function rulesOf(ctx: ProjectScope, rows: AlertRow[]) {
  const ids = [...new Set(rows.map((r) => r.ruleId))];
  const rules =
    ids.length === 0
      ? []
      : await ctx.db
          .select({
            id: alertRules.id,
            assessmentName: alertRules.assessmentName,
            model: alertRules.model,
            config: alertRules.config,
          })
          .from(alertRules)
          .where(and(eq(alertRules.projectId, ctx.project.id), inArray(alertRules.id, ids)));
  return new Map(
    rules.map((r) => [
      r.id,
      { assessmentName: r.assessmentName, model: r.model, metric: String(r.config.metric ?? "") },
    ]),
  );
}

export async function alertViews(ctx: ProjectScope, rows: AlertRow[]): Promise<AlertView[]> {
  const rules = await rulesOf(ctx, rows);
  const none = { assessmentName: null, model: "", metric: "" };
  return rows.map((r) => alertView(ctx.services.env.PUBLIC_URL, r, rules.get(r.ruleId) ?? none));
}

/** The project's alerts, newest first: open ones (firing or acknowledged), one state, or one rule's. */
export async function listAlerts({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: {
    state?: "open" | "firing" | "acknowledged" | "resolved" | undefined;
    ruleId?: string | undefined;
    limit?: number | undefined;
  };
}) {
  const states =
    input.state === undefined ? null : input.state === "open" ? ["firing", "acknowledged"] : [input.state];
  const rows = await ctx.db
    .select()
    .from(alertEvents)
    .where(
      and(
        eq(alertEvents.projectId, ctx.project.id),
        states ? inArray(alertEvents.state, states) : undefined,
        input.ruleId ? eq(alertEvents.ruleId, input.ruleId) : undefined,
      ),
    )
    .orderBy(desc(alertEvents.firedAt), desc(alertEvents.id))
    .limit(input.limit ?? 50);
  return { alerts: await alertViews(ctx, rows) };
}

export async function getAlert({ ctx, input }: { ctx: ProjectContext; input: { alertId: string } }) {
  const [view] = await alertViews(ctx, [await getAlertInProject(ctx, input.alertId)]);
  if (!view) throw ApiError.notFound("Alert");
  return view;
}

/** Someone is on it: the alert stays open until its rule resolves it. Audited. */
export async function acknowledgeAlert({ ctx, input }: { ctx: ProjectContext; input: { alertId: string } }) {
  const row = await getAlertInProject(ctx, input.alertId);
  if (row.state === "firing") {
    const now = ctx.services.clock.now();
    await ctx.db.batch([
      ctx.db
        .update(alertEvents)
        .set({ state: "acknowledged", acknowledgedBy: ctx.actor.label, acknowledgedAt: now })
        .where(and(eq(alertEvents.id, row.id), eq(alertEvents.state, "firing"))),
      auditData(
        ctx,
        "alert.acknowledged",
        { type: "alert", id: row.id, label: row.ruleName },
        { by: actorRef(ctx) },
      ),
    ]);
  }
  return getAlert({ ctx, input });
}

/** Mutes the alert's rule for a while: it is still evaluated, its alerts notify nobody. Audited. */
export async function muteAlert({
  ctx,
  input,
}: {
  ctx: ProjectContext;
  input: { alertId: string; minutes: number };
}) {
  const row = await getAlertInProject(ctx, input.alertId);
  const until = ctx.services.clock.now() + input.minutes * 60_000;
  await ctx.db.batch([
    ctx.db
      .update(alertRules)
      .set({ mutedUntil: until, updatedAt: ctx.services.clock.now() })
      .where(and(eq(alertRules.id, row.ruleId), eq(alertRules.projectId, ctx.project.id))),
    auditData(
      ctx,
      "alert_rule.muted",
      { type: "alert_rule", id: row.ruleId, label: row.ruleName },
      {
        alertId: row.id,
        until: isoTime(until),
      },
    ),
  ]);
  return { ...(await getAlert({ ctx, input })), mutedUntil: isoTime(until) };
}
