import { z } from "@hono/zod-openapi";
import { ProjectParams } from "../http/params";
import { checkRanges, traceFilterBodyFields } from "../traces/schemas";

export { ProjectParams };

export const MonitorParams = ProjectParams.extend({
  monitorId: z
    .string()
    .regex(/^mon_[0-9a-z]{26}$/, "must be a monitor id (mon_…)")
    .openapi({ example: "mon_01jf8z3v2k5n7q9r1s3t5v7w9x" }),
});

/** Settle times: a trace 30 s after its last span, a session 5 minutes after its last turn. */
export const DEFAULT_SETTLE_SECONDS = { trace: 30, session: 300 } as const;
/** A session is scored again on new turns at most this many times in all. */
export const MAX_SESSION_ROUNDS = 10;
/** A trace whose root never arrives (or that keeps growing) is scored this long after it was first seen. */
export const TRACE_DEADLINE_MS = 10 * 60_000;

// The trace list's filters, less those that make no sense for live traffic: a time range (the
// monitor looks at what arrives) and an evaluation run (evaluation traces are never monitored).
const { from: _from, to: _to, runId: _runId, ...filterFields } = traceFilterBodyFields;
const MonitorFilterSchema = z.object(filterFields).strict().superRefine(checkRanges);
export type MonitorFilter = z.infer<typeof MonitorFilterSchema>;

/**
 * A monitor's filter as sent (and stored, and shown): the trace list's filters in their JSON form
 * (`tag: ["env=prod"]`, `prompt: "faq/3"`), checked here and read into SQL terms when a trace
 * settles, so what a user wrote is what they see again.
 */
export const MonitorFilterInput = z
  .record(z.string(), z.unknown())
  .superRefine((value, ctx) => {
    const parsed = MonitorFilterSchema.safeParse(value);
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: "custom" });
  })
  .openapi("MonitorFilter", {
    description:
      "The trace list's filters (as `POST traces/delete` takes them, less `from`, `to` and `runId`) a trace must match to be scored; `{}` for every trace.",
    example: { name: "support_agent", tag: ["env=prod"] },
  });

/** A stored filter in SQL terms (it was checked when it was written). */
export const readMonitorFilter = (stored: Record<string, unknown>): MonitorFilter =>
  MonitorFilterSchema.parse(stored);

const Rate = z
  .number()
  .min(0, "must be between 0 and 1 (0.5 scores half the traces)")
  .max(1, "must be between 0 and 1 (0.5 scores half the traces)")
  .openapi({ description: "Share of traces (or sessions) scored, 0 … 1.", example: 0.5 });
const Settle = z
  .number()
  .int("must be whole seconds")
  .min(0)
  .max(3600, "must be at most 3600 (an hour)")
  .openapi({
    description:
      "Quiet time before scoring: after a trace's last span (default 30) or a session's last turn (default 300).",
  });
const Name = z.string().trim().min(1, "must not be empty").max(100);

export const MonitorInput = z
  .object({
    name: Name.optional().openapi({
      description: "Unique in the project; the scorer's name when not given.",
    }),
    scorerId: z.string().startsWith("scr_", "must be a scorer id (scr_…)"),
    scorerVersion: z
      .number()
      .int()
      .min(1)
      .optional()
      .openapi({ description: "The scorer version to run; its latest when not given." }),
    level: z.enum(["trace", "session"]).default("trace"),
    samplingRate: Rate,
    filter: MonitorFilterInput.default({}),
    settleSeconds: Settle.optional(),
    status: z.enum(["active", "paused"]).default("active"),
  })
  .strict()
  .openapi("MonitorInput");
export type MonitorInput = z.infer<typeof MonitorInput>;

export const MonitorPatch = z
  .object({
    name: Name,
    scorerVersion: z
      .number()
      .int()
      .min(1)
      .openapi({ description: "Run another version of the same scorer." }),
    samplingRate: Rate,
    filter: MonitorFilterInput,
    settleSeconds: Settle,
    status: z.enum(["active", "paused"]).openapi({ description: "Pause or start it again." }),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, "must change something")
  .openapi("MonitorPatch");
export type MonitorPatch = z.infer<typeof MonitorPatch>;

export const MonitorSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scorer: z.object({ id: z.string(), name: z.string(), versionId: z.string(), version: z.number().int() }),
    level: z.enum(["trace", "session"]),
    samplingRate: z.number(),
    filter: z.record(z.string(), z.unknown()),
    settleSeconds: z.number().int(),
    status: z.enum(["active", "paused"]),
    today: z
      .object({
        scored: z.number().int(),
        errors: z.number().int(),
        costUsd: z.number(),
      })
      .openapi({ description: "Since 00:00 UTC: subjects scored, of them errors, judge spend." }),
    recent: z
      .array(
        z.object({
          hour: z.string(),
          count: z.number().int(),
          mean: z.number().nullable(),
          passRate: z.number().nullable(),
        }),
      )
      .openapi({ description: "Its scores over the last 24 hours of traces, per hour (a sparkline)." }),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Monitor");
export type MonitorView = z.infer<typeof MonitorSchema>;

export const BackfillParams = MonitorParams.extend({
  backfillId: z.string().regex(/^mbf_[0-9a-z]{26}$/, "must be a backfill id (mbf_…)"),
});

const Days = z
  .number()
  .int("must be whole days")
  .min(1, "must be at least 1")
  .max(90, "must be at most 90 (older traces are past most retention periods)")
  .openapi({ description: "How many days back from now.", example: 1 });

export const BackfillInput = z.object({ days: Days }).strict().openapi("BackfillInput");
export const EstimateQuery = z.object({
  days: z
    .string()
    .regex(/^\d{1,3}$/, "must be a whole number of days")
    .transform(Number)
    .pipe(Days)
    .optional()
    .default(1)
    .openapi({ type: "integer", example: 1, description: "How many days back from now (1 when not given)." }),
});

export const EstimateSchema = z
  .object({
    days: z.number().int(),
    from: z.string(),
    to: z.string(),
    matching: z
      .number()
      .int()
      .openapi({ description: "Traces (or sessions) in the range matching the filter." }),
    subjects: z
      .number()
      .int()
      .openapi({ description: "Of those, about how many the monitor's rate samples." }),
    costPerSubjectUsd: z.number().nullable(),
    estimatedCostUsd: z
      .number()
      .nullable()
      .openapi({ description: "Null when the judge model has no known price." }),
    basis: z.string().openapi({ description: "How the cost was estimated." }),
  })
  .openapi("BackfillEstimate");

export const BackfillSchema = z
  .object({
    id: z.string(),
    monitorId: z.string(),
    from: z.string(),
    to: z.string(),
    status: z.enum(["collecting", "running", "completed", "cancelled"]),
    total: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Subjects to score; null until all are collected." }),
    done: z.number().int(),
    errors: z.number().int(),
    estimatedCostUsd: z.number().nullable(),
    costUsd: z.number(),
    createdBy: z.string(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi("Backfill");
export type BackfillView = z.infer<typeof BackfillSchema>;
