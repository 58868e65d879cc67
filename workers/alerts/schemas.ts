import { z } from "@hono/zod-openapi";
import { ProjectParams } from "../http/params";
import { AlertRuleConfig } from "./config";

export { ProjectParams };

export const RuleParams = ProjectParams.extend({
  ruleId: z.string().regex(/^arl_[0-9a-z]{26}$/, "must be an alert rule id (arl_…)"),
});
export const AlertParams = ProjectParams.extend({
  alertId: z.string().regex(/^alr_[0-9a-z]{26}$/, "must be an alert id (alr_…)"),
});

const Name = z.string().trim().min(1, "must not be empty").max(200);
const Dimension = z.string().min(1).max(200);

export const RuleInput = z
  .object({
    name: Name.openapi({ example: "Correctness dropped" }),
    config: AlertRuleConfig,
    assessmentName: Dimension.optional().openapi({
      description: "Score metrics (`pass_rate`, `mean_score`): the feedback name the rule watches.",
      example: "correctness",
    }),
    monitorId: z
      .string()
      .startsWith("mon_", "must be a monitor id (mon_…)")
      .optional()
      .openapi({ description: "Score metrics: only this monitor's results (every source when not given)." }),
    model: Dimension.optional().openapi({
      description:
        "Trace metrics: one model's calls instead of the traces (error rate, latency p95, cost, tokens, volume).",
    }),
    enabled: z.boolean().default(true),
  })
  .strict()
  .openapi("AlertRuleInput");
export type RuleInput = z.infer<typeof RuleInput>;

export const RulePatch = z
  .object({
    name: Name,
    config: AlertRuleConfig,
    enabled: z.boolean(),
    mutedUntil: z.iso.datetime({ offset: true }).nullable().openapi({
      description: "No notifications before this time (null unmutes); the rule is still evaluated.",
    }),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, "must change something")
  .openapi("AlertRulePatch");
export type RulePatch = z.infer<typeof RulePatch>;

const AlertSummary = z.object({
  id: z.string(),
  state: z.enum(["firing", "acknowledged", "resolved"]),
  firedAt: z.string(),
  summary: z.string(),
});

export const RuleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    config: z.record(z.string(), z.unknown()),
    assessmentName: z.string().nullable(),
    monitorId: z.string().nullable(),
    model: z.string().nullable(),
    enabled: z.boolean(),
    mutedUntil: z.string().nullable(),
    state: z
      .enum(["ok", "firing", "resolved"])
      .openapi({ description: "`resolved`: cooling down after an alert." }),
    evaluatedTo: z.string().nullable().openapi({ description: "End of the last window evaluated." }),
    lastNumbers: z.record(z.string(), z.unknown()).nullable(),
    lastSummary: z.string().nullable().openapi({ description: "The last window's numbers in a sentence." }),
    openAlert: AlertSummary.nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("AlertRule");
export type RuleView = z.infer<typeof RuleSchema>;

export const AlertSchema = z
  .object({
    id: z.string(),
    ruleId: z.string(),
    ruleName: z.string(),
    state: z.enum(["firing", "acknowledged", "resolved"]),
    window: z.object({ start: z.string(), end: z.string() }),
    numbers: z.record(z.string(), z.unknown()),
    summary: z.string(),
    firedAt: z.string(),
    acknowledged: z.object({ by: z.string(), at: z.string() }).nullable(),
    resolvedAt: z.string().nullable(),
    resolveNumbers: z.record(z.string(), z.unknown()).nullable(),
    muted: z.boolean().openapi({ description: "Its notifications were held back by a mute." }),
    links: z.object({
      alert: z.string().openapi({ description: "The alert on the dashboard." }),
      traces: z.string().openapi({
        description:
          "The traces of the window that fired it, filtered to the failing ones where the metric says which.",
      }),
    }),
  })
  .openapi("Alert");
export type AlertView = z.infer<typeof AlertSchema>;

export const AlertListQuery = z.object({
  state: z.enum(["open", "firing", "acknowledged", "resolved"]).optional().openapi({
    description: "`open` is firing or acknowledged.",
  }),
  ruleId: z.string().optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, "must be a number from 1 to 200")
    .transform(Number)
    .pipe(z.number().int().min(1).max(200))
    .optional(),
});

export const MuteInput = z
  .object({
    minutes: z
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 60, "must be at most 30 days")
      .openapi({ description: "Mute the alert's rule for this long.", example: 60 }),
  })
  .strict();

export const SeriesQuery = z.object({
  windows: z
    .string()
    .regex(/^\d{1,3}$/, "must be a number from 1 to 500")
    .transform(Number)
    .pipe(z.number().int().min(1).max(500))
    .optional()
    .default(48),
});

export const SeriesSchema = z
  .object({
    windowMinutes: z.number().int(),
    points: z.array(
      z.object({
        start: z.string(),
        end: z.string(),
        statistic: z.number().nullable(),
        n: z.number(),
        low: z
          .number()
          .nullable()
          .openapi({ description: "The 95 % interval (threshold rules on rates and means)." }),
        high: z.number().nullable(),
        baseline: z
          .number()
          .nullable()
          .openapi({ description: "Drop rules: the trailing baseline's statistic." }),
        limit: z.number().nullable().openapi({
          description: "Where the rule fires: the threshold, or the baseline less the minimum effect.",
        }),
        verdict: z.enum(["holds", "unclear", "clear", "insufficient"]),
        state: z.enum(["ok", "firing", "resolved"]),
      }),
    ),
  })
  .openapi("AlertRuleSeries");
export type SeriesView = z.infer<typeof SeriesSchema>;
