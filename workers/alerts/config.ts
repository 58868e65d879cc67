import { z } from "@hono/zod-openapi";

/**
 * An alert rule's configuration, as the API will accept it (a failed parse is a 422 whose
 * messages name the field). The defaults were chosen with the simulation in
 * `scripts/bench/alerts.ts`; docs/alerts.md gives the measurements behind them.
 */

/** Score metrics read an assessment's rollup; trace metrics read the trace rollup. */
export const SCORE_METRICS = ["pass_rate", "mean_score"] as const;
export const TRACE_METRICS = ["error_rate", "latency_p95", "cost", "tokens", "trace_volume"] as const;
export const METRICS = [...SCORE_METRICS, ...TRACE_METRICS] as const;
export type Metric = (typeof METRICS)[number];

/** Metrics that are a share of a count: their threshold and effects live in [0, 1]. */
export const PROPORTIONS: ReadonlySet<Metric> = new Set<Metric>(["pass_rate", "error_rate"]);

/** A drop needs a two-sample test, so only metrics with one: two proportions, or Welch's t. */
export const DROP_METRICS = ["pass_rate", "mean_score", "error_rate"] as const;
export type DropMetric = (typeof DROP_METRICS)[number];

/** Which way is bad when a drop rule names no direction: scores fall, error rates rise. */
export const BAD_DIRECTION: Record<DropMetric, Direction> = {
  pass_rate: "below",
  mean_score: "below",
  error_rate: "above",
};

export const Direction = z.enum(["below", "above"]).openapi({
  description: "Which side of the threshold (or of the baseline, for a drop) is bad.",
  example: "below",
});
export type Direction = z.infer<typeof Direction>;

export const DEFAULTS = {
  minSamples: 30,
  alpha: 0.001,
  minEffect: 0.1,
  /** Seven days of the rule's windows. */
  baselineDays: 7,
  m: 1,
  n: 1,
  resolveWindows: 3,
  cooldownWindows: 3,
  windowMinutes: 60,
} as const;

const MINUTES_PER_DAY = 1440;

const windowing = {
  windowMinutes: z
    .number()
    .int("must be a whole number of minutes")
    .min(5, "must be at least 5 minutes")
    .max(MINUTES_PER_DAY, "must be at most 24 hours (1440 minutes)")
    .refine((v) => MINUTES_PER_DAY % v === 0, "must divide a day evenly (5, 10, 15, 30, 60 … 1440)")
    .default(DEFAULTS.windowMinutes)
    .openapi({ description: "Length of the tumbling windows the rule is evaluated on." }),
  minSamples: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(1_000_000, "must be at most 1,000,000")
    .default(DEFAULTS.minSamples)
    .openapi({
      description:
        "A window (and, for a drop, the baseline) with fewer samples than this is not judged: the rule neither fires nor resolves on it.",
    }),
  m: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(100, "must be at most 100")
    .default(DEFAULTS.m)
    .openapi({ description: "Fire when the condition holds in m of the last n windows." }),
  n: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(100, "must be at most 100")
    .default(DEFAULTS.n)
    .openapi({ description: "How many recent windows 'm of n' looks at." }),
  resolveWindows: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(100, "must be at most 100")
    .default(DEFAULTS.resolveWindows)
    .openapi({
      description:
        "A firing rule resolves once this many judged windows in a row were clear (and m of n no longer holds).",
    }),
  cooldownWindows: z
    .number()
    .int("must be a whole number")
    .min(0, "must not be negative")
    .max(1000, "must be at most 1000")
    .default(DEFAULTS.cooldownWindows)
    .openapi({ description: "After a resolve, the rule may not fire again for this many windows." }),
};

const ThresholdRuleFields = z.object({
  kind: z.literal("threshold"),
  metric: z.enum(METRICS, { message: `must be one of ${METRICS.join(", ")}` }),
  direction: Direction,
  threshold: z.number({ message: "must be a number" }).openapi({
    description:
      "Pass and error rates: a share in [0, 1]. Mean score: the score's own scale. Latency p95: ms. Cost: USD per window. Tokens and trace volume: per window.",
    example: 0.8,
  }),
  ...windowing,
});

const DropRuleFields = z.object({
  kind: z.literal("drop"),
  metric: z.enum(DROP_METRICS, {
    message: `must be one of ${DROP_METRICS.join(", ")} (latency, cost and volume take threshold rules)`,
  }),
  direction: Direction.optional().openapi({
    description: "Defaults to the bad direction of the metric: below for scores, above for error rates.",
  }),
  minEffect: z
    .number({ message: "must be a number" })
    .positive("must be greater than 0")
    .default(DEFAULTS.minEffect)
    .openapi({
      description: "The smallest change (in the bad direction) worth an alert: 0.10 is 10 points of a rate.",
    }),
  alpha: z
    .number({ message: "must be a number" })
    .gt(0, "must be greater than 0")
    .max(0.5, "must be at most 0.5")
    .default(DEFAULTS.alpha)
    .openapi({ description: "Significance level of the one-sided two-sample test." }),
  baselineWindows: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(10_000, "must be at most 10,000")
    .optional()
    .openapi({ description: "Windows in the trailing baseline; defaults to 7 days of windows." }),
  ...windowing,
});

function checkRule(
  rule: z.infer<typeof ThresholdRuleFields> | z.infer<typeof DropRuleFields>,
  ctx: z.RefinementCtx,
): void {
  if (rule.m > rule.n) ctx.addIssue({ code: "custom", path: ["m"], message: "must not be greater than n" });
  // Scores may live on any scale; every other metric is a share, a duration, money or a count.
  if (rule.kind === "threshold" && rule.metric !== "mean_score" && rule.threshold < 0) {
    ctx.addIssue({ code: "custom", path: ["threshold"], message: "must not be negative" });
  }
  const limit = rule.kind === "threshold" ? rule.threshold : rule.minEffect;
  if (PROPORTIONS.has(rule.metric) && limit > 1) {
    ctx.addIssue({
      code: "custom",
      path: [rule.kind === "threshold" ? "threshold" : "minEffect"],
      message: `must be at most 1 (${rule.metric} is a share)`,
    });
  }
}

export const AlertRuleConfig = z
  .discriminatedUnion("kind", [ThresholdRuleFields, DropRuleFields], {
    message: "kind must be 'threshold' or 'drop'",
  })
  .superRefine(checkRule)
  .transform((rule) =>
    rule.kind === "threshold"
      ? rule
      : {
          ...rule,
          direction: rule.direction ?? BAD_DIRECTION[rule.metric],
          baselineWindows:
            rule.baselineWindows ??
            Math.round((DEFAULTS.baselineDays * MINUTES_PER_DAY) / rule.windowMinutes),
        },
  )
  .openapi("AlertRuleConfig");

/** What a rule's configuration is after parsing: every default filled in. */
export type AlertRule = z.output<typeof AlertRuleConfig>;
export type ThresholdRule = Extract<AlertRule, { kind: "threshold" }>;
export type DropRule = Extract<AlertRule, { kind: "drop" }>;
/** What a client may send (defaults left out). */
export type AlertRuleInput = z.input<typeof AlertRuleConfig>;
