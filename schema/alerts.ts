import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, epochMs, idColumn } from "./columns";

/**
 * Alert rules (organization data, workers/alerts/): a statistic of the project's rollups over
 * tumbling windows, judged by a threshold or a drop against a trailing baseline (the engine in
 * workers/alerts/rules.ts), evaluated by the cron trigger, never over raw traces.
 */
export const alertRules = sqliteTable(
  "alert_rules",
  {
    id: idColumn(),
    orgId: text("org_id").notNull(),
    projectId: text("project_id").notNull(),
    name: text("name").notNull(),
    /** The rule as parsed (workers/alerts/config.ts AlertRuleConfig): kind, metric, window, limits. */
    config: text("config", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** Score metrics: the feedback name (required) and the monitor ('' for every source). */
    assessmentName: text("assessment_name"),
    monitorId: text("monitor_id").notNull().default(""),
    /** Trace metrics: one model's calls, or '' for the traces themselves. */
    model: text("model").notNull().default(""),
    enabled: integer("enabled").notNull().default(1),
    /** No notifications before this time (the rule is still evaluated and its alerts recorded). */
    mutedUntil: epochMs("muted_until"),
    /** `ok`, `firing` or `resolved` (cooling down). */
    state: text("state").notNull().default("ok"),
    /** The engine's memory between windows (workers/alerts/state.ts RuleMemory). */
    memory: text("memory", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** End of the last window evaluated (ms); windows are aligned to UTC. */
    evaluatedTo: epochMs("evaluated_to"),
    /** The evaluation that last moved it: the guard of the events written with that move. */
    evaluationId: text("evaluation_id"),
    /** The last window's numbers (workers/alerts/conditions.ts EvaluationNumbers), for the rule's current state. */
    lastNumbers: text("last_numbers", { mode: "json" }).$type<Record<string, unknown>>(),
    /** The alert now firing, if any. */
    openAlertId: text("open_alert_id"),
    createdBy: text("created_by").notNull(),
    createdByLabel: text("created_by_label").notNull(),
    createdAt: createdAt(),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [
    index("alert_rules_project_idx").on(t.projectId, t.name),
    // The cron's question, per organization: its enabled rules.
    index("alert_rules_org_idx").on(t.orgId, t.enabled),
  ],
);

/**
 * One alert: a rule firing in one window, with the numbers that made it fire, until it resolves.
 * A person may acknowledge it (it stays open until the rule resolves it) or mute its rule.
 */
export const alertEvents = sqliteTable(
  "alert_events",
  {
    id: idColumn(),
    orgId: text("org_id").notNull(),
    projectId: text("project_id").notNull(),
    ruleId: text("rule_id").notNull(),
    /** The rule's name when it fired. */
    ruleName: text("rule_name").notNull(),
    /** `firing`, `acknowledged` or `resolved`. */
    state: text("state").notNull(),
    /** The window that fired it, ms. */
    windowStart: epochMs("window_start").notNull(),
    windowEnd: epochMs("window_end").notNull(),
    /** The engine's numbers (statistic, interval or test, baseline, n) and a sentence saying them. */
    numbers: text("numbers", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    summary: text("summary").notNull(),
    firedAt: epochMs("fired_at").notNull(),
    acknowledgedBy: text("acknowledged_by"),
    acknowledgedAt: epochMs("acknowledged_at"),
    resolvedAt: epochMs("resolved_at"),
    /** The window and numbers that resolved it. */
    resolvedWindowEnd: epochMs("resolved_window_end"),
    resolveNumbers: text("resolve_numbers", { mode: "json" }).$type<Record<string, unknown>>(),
    /** Whether its notifications were held back by a mute. */
    muted: integer("muted").notNull().default(0),
  },
  (t) => [
    index("alert_events_project_idx").on(t.projectId, t.firedAt),
    index("alert_events_rule_idx").on(t.ruleId, t.firedAt),
  ],
);
