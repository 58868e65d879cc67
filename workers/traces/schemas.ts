import { z } from "@hono/zod-openapi";
import { IsoTimeMs, ProjectParams } from "../http/params";

/** Request and response shapes of the traces API (docs/api-traces.md), shared by routes and tests. */

// The traces routes read it from here; its one definition is in http/params.ts.
export { ProjectParams };
export const TraceParams = ProjectParams.extend({
  traceId: z.string().max(64).openapi({ example: "5b8efff798038103d269b633813fc60c" }),
});

export const TAG_KEY_MAX = 100;
export const TAG_VALUE_MAX = 1000;

const StringMap = z.record(z.string(), z.string());

export const TraceSummarySchema = z
  .object({
    traceId: z.string().openapi({ example: "5b8efff798038103d269b633813fc60c" }),
    name: z.string().openapi({ example: "support_agent" }),
    startTime: z.string().openapi({ example: "2026-03-01T12:00:00.000Z" }),
    endTime: z.string(),
    durationMs: z.number().openapi({ example: 1843.2 }),
    status: z.enum(["OK", "ERROR"]),
    spanCount: z.number().int(),
    errorCount: z.number().int().openapi({ description: "Spans that failed." }),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    totalTokens: z.number().int(),
    costUsd: z.number().nullable().openapi({ description: "Null when no span had a known model price." }),
    sessionId: z.string().nullable(),
    userId: z.string().nullable(),
    runId: z.string().nullable().openapi({
      description:
        "The evaluation run that made the trace (`sightline.run_id`); such traces stay out of the metrics' rollups.",
    }),
    inputPreview: z.string().nullable(),
    outputPreview: z.string().nullable(),
    tags: StringMap,
    metadata: StringMap,
    models: z.array(z.string()),
    feedback: z
      .record(
        z.string(),
        z.object({
          value: z.unknown(),
          score: z.number().nullable(),
          passed: z.boolean().nullable(),
          error: z
            .string()
            .nullable()
            .openapi({ description: "The error code when the newest feedback is an error." }),
        }),
      )
      .optional()
      .openapi({
        description: "With `feedbackColumns`: the trace's newest current feedback under each name asked for.",
      }),
  })
  .openapi("TraceSummary");
export type TraceSummary = z.infer<typeof TraceSummarySchema>;

export const SpanParams = TraceParams.extend({
  spanId: z.string().max(64).openapi({ example: "051581bf3cb55c13" }),
});

/** What the waterfall needs: a span's place in the tree, its timing, status, model and usage. */
const spanHead = {
  spanId: z.string(),
  parentSpanId: z.string().nullable(),
  name: z.string(),
  spanType: z.string().openapi({ example: "CHAT_MODEL" }),
  startTime: z.string(),
  endTime: z.string(),
  durationMs: z.number(),
  status: z.enum(["OK", "ERROR", "UNSET"]),
  statusMessage: z.string().nullable(),
};
/** The heavy part: payloads, attributes and events (left out by `spans=summary`). */
const spanPayload = {
  inputs: z.unknown().openapi({
    description: 'Parsed JSON, or the stored text cut at the cap, ending in "…[truncated by Sightline]".',
  }),
  outputs: z.unknown(),
  attributes: z.record(z.string(), z.unknown()).openapi({
    description:
      "Every attribute as received (resource ones under `resource.`). Past the cap, the cut text is under `sightline.truncatedAttributes`.",
  }),
  events: z.array(
    z.object({ time: z.string(), name: z.string(), attributes: z.record(z.string(), z.unknown()) }),
  ),
};
const spanUsage = {
  model: z.string().nullable(),
  provider: z.string().nullable(),
  inputTokens: z.number().int().nullable(),
  outputTokens: z.number().int().nullable(),
  totalTokens: z.number().int().nullable(),
  cacheReadTokens: z.number().int().nullable(),
  cacheWriteTokens: z.number().int().nullable(),
  costUsd: z.number().nullable(),
};

export const SpanSchema = z.object({ ...spanHead, ...spanPayload, ...spanUsage }).openapi("Span");
export type Span = z.infer<typeof SpanSchema>;

export const SpanSummarySchema = z
  .object({ ...spanHead, ...spanUsage })
  .openapi("SpanSummary", { description: "A span without `inputs`, `outputs`, `attributes` and `events`." });
export type SpanSummary = z.infer<typeof SpanSummarySchema>;

/** The prompt versions a trace is linked to (workers/prompts/trace-links.ts); only in a trace's own answer. */
const linkedPrompts = z
  .array(z.object({ name: z.string(), version: z.number().int(), uri: z.string() }))
  .optional()
  .openapi({ description: "The prompt versions the trace used (`GET traces/{traceId}` only)." });

export const TraceDetailSchema = TraceSummarySchema.extend({
  spans: z.array(SpanSchema),
  prompts: linkedPrompts,
}).openapi("TraceDetail");
export type TraceDetail = z.infer<typeof TraceDetailSchema>;

export const TraceOutlineSchema = TraceSummarySchema.extend({
  spans: z.array(SpanSummarySchema),
  prompts: linkedPrompts,
}).openapi("TraceOutline", {
  description: "A trace with light spans (`spans=summary`): enough to draw the tree and the waterfall.",
});
export type TraceOutline = z.infer<typeof TraceOutlineSchema>;

export const TracePageSchema = z.object({
  traces: z.array(TraceSummarySchema),
  nextCursor: z.string().nullable(),
});
export type TracePage = z.infer<typeof TracePageSchema>;

export const SessionSummarySchema = z
  .object({
    sessionId: z.string().openapi({ example: "chat-4f2a" }),
    userId: z.string().nullable(),
    turns: z.number().int().openapi({ description: "Traces in the session." }),
    firstTime: z.string(),
    lastTime: z.string().openapi({ description: "When the last turn ended." }),
    totalTokens: z.number().int(),
    costUsd: z.number().nullable(),
    errorCount: z.number().int().openapi({ description: "Turns that failed." }),
    firstInputPreview: z.string().nullable(),
  })
  .openapi("SessionSummary");
export type SessionSummary = z.infer<typeof SessionSummarySchema>;

export const SessionPageSchema = z.object({
  sessions: z.array(SessionSummarySchema),
  nextCursor: z.string().nullable(),
});
export type SessionPage = z.infer<typeof SessionPageSchema>;

/** One session: its traces in time order. */
export const SessionDetailSchema = z.object({ sessionId: z.string(), traces: z.array(TraceSummarySchema) });
export type SessionDetail = z.infer<typeof SessionDetailSchema>;

export const TraceDetailQuery = z.object({
  spans: z
    .enum(["full", "summary"])
    .default("full")
    .openapi({
      description:
        "`summary` leaves each span's `inputs`, `outputs`, `attributes` and `events` out (a smaller answer, " +
        "much smaller when spans carry large payloads); read one span whole with `GET traces/{traceId}/spans/{spanId}`.",
    }),
});

// ---- filters -------------------------------------------------------------------------------

const keyValue = z
  .string()
  .regex(
    new RegExp(`^[^=]{1,${TAG_KEY_MAX}}=[\\s\\S]{0,${TAG_VALUE_MAX}}$`),
    `must be key=value (key 1–${TAG_KEY_MAX} characters, value at most ${TAG_VALUE_MAX})`,
  )
  .transform((v) => {
    const at = v.indexOf("=");
    return { key: v.slice(0, at), value: v.slice(at + 1) };
  });

/** One value in a query string arrives as a string, several as an array; JSON may send either. */
const repeatable = (description: string) =>
  z
    .preprocess((v) => (typeof v === "string" ? [v] : v), z.array(keyValue).max(20))
    .optional()
    .openapi({ description, example: ["env=production"] });

const shortText = z.string().min(1).max(200);

/** `name/version` of a prompt version (workers/prompts/). */
const promptVersionRef = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,100}\/[1-9]\d{0,8}$/, "must be a prompt name and version, name/3")
  .transform((v) => {
    const at = v.lastIndexOf("/");
    return { name: v.slice(0, at), version: Number(v.slice(at + 1)) };
  });

/** `name` (any current feedback of that name) or `name=value` (with that value). */
const feedbackMatch = z
  .string()
  .regex(/^[\w .:/-]{1,200}(=[\s\S]{0,500})?$/, "must be a feedback name, or name=value")
  .transform((v) => {
    const at = v.indexOf("=");
    return at < 0 ? { name: v, value: null } : { name: v.slice(0, at), value: v.slice(at + 1) };
  });
const feedbackName = z.string().regex(/^[\w .:/-]{1,200}$/, "must be a feedback name");
/** A query string carries one value as a string, several as an array; a JSON body must send an array. */
const repeated = <T extends z.ZodType>(
  item: T,
  description: string,
  example: string,
  form: "query" | "body" = "query",
) =>
  (form === "query"
    ? z.preprocess((v) => (typeof v === "string" ? [v] : v), z.array(item).max(10))
    : z.array(item).max(10)
  )
    .optional()
    .openapi({ description, example: [example] });

/**
 * Numbers of the filters, in the two forms they arrive in. A query string carries text, so it is
 * read as a number, but only when it is one ("" and "abc" are refused, not read as 0). A JSON
 * body carries real numbers and gets no coercion: `null`, `false`, `""` and `true` are refused,
 * never read as 0 or 1 (a `null` read as 0 once turned a narrow delete into a delete of everything).
 */
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const numeric = {
  query: (shape: z.ZodNumber, type: "integer" | "number") =>
    z.string().trim().regex(NUMBER_TEXT, "must be a number").transform(Number).pipe(shape).openapi({ type }),
  body: (shape: z.ZodNumber) => shape,
};
const countShape = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const amountShape = z.number().min(0).max(1e12);

function filterFields(form: "query" | "body") {
  const count = form === "query" ? numeric.query(countShape, "integer") : numeric.body(countShape);
  const amount = form === "query" ? numeric.query(amountShape, "number") : numeric.body(amountShape);
  return {
    from: IsoTimeMs.optional().openapi({ description: "Traces starting at or after this time." }),
    to: IsoTimeMs.optional().openapi({ description: "Traces starting before this time." }),
    status: z.enum(["OK", "ERROR"]).optional(),
    name: shortText
      .optional()
      .openapi({ description: "Exact trace (root span) name.", example: "support_agent" }),
    spanType: shortText
      .optional()
      .openapi({ description: "Only traces with a span of this type.", example: "TOOL" }),
    tag: repeatable("Repeatable `key=value`; all must match."),
    metadata: repeatable("Repeatable `key=value`; all must match."),
    sessionId: shortText.optional(),
    userId: shortText.optional(),
    runId: shortText.optional().openapi({ description: "Only the traces of this evaluation run." }),
    prompt: promptVersionRef.optional().openapi({
      description: "Only the traces linked to this prompt version (`name/version`).",
      example: "support-answer/3",
    }),
    model: shortText.optional().openapi({ description: "A span used this model.", example: "gpt-4o-mini" }),
    minLatencyMs: amount.optional(),
    maxLatencyMs: amount.optional(),
    minTokens: count.optional(),
    maxTokens: count.optional(),
    minCost: amount.optional().openapi({ description: "USD." }),
    maxCost: amount.optional().openapi({ description: "USD." }),
    feedback: repeated(
      feedbackMatch,
      "Repeatable: traces with current feedback of this name (`name`), or with this value (`name=value`; " +
        "`true`/`false`, numbers, or the text).",
      "correctness=yes",
      form,
    ),
    passed: repeated(
      feedbackName,
      "Repeatable: traces whose current feedback of this name passed.",
      "correctness",
      form,
    ),
    failed: repeated(
      feedbackName,
      "Repeatable: traces whose current feedback of this name failed.",
      "correctness",
      form,
    ),
    feedbackSource: z.enum(["HUMAN", "LLM_JUDGE", "CODE"]).optional().openapi({
      description: "Only feedback from this source counts for `feedback`, `passed` and `failed`.",
    }),
    contains: z
      .string()
      .max(200)
      .refine(
        (v) => [...v].length >= 3,
        "must be at least 3 characters (text search matches 3-character runs)",
      )
      // SQLite ends the search phrase at a NUL: refuse it rather than search for something else.
      .refine((v) => !v.includes("\u0000"), "must not contain a NUL character")
      .optional()
      .openapi({ description: "Text in the input or output preview, case-insensitive.", example: "refund" }),
  };
}

/** The list filters as `GET traces` and `GET traces/export` take them (query strings). */
export const traceFilterQueryFields = filterFields("query");
/** The same filters as `POST traces/delete` takes them (a JSON body: strict types). */
export const traceFilterBodyFields = filterFields("body");

const RANGES = [
  ["from", "to"],
  ["minLatencyMs", "maxLatencyMs"],
  ["minTokens", "maxTokens"],
  ["minCost", "maxCost"],
] as const;

/** Refuses ranges whose lower bound is above their upper bound. */
export function checkRanges(value: Record<string, unknown>, ctx: z.RefinementCtx): void {
  for (const [low, high] of RANGES) {
    const a = value[low];
    const b = value[high];
    if (typeof a === "number" && typeof b === "number" && a > b)
      ctx.addIssue({ code: "custom", path: [low], message: `must not be above ${high}` });
  }
}

export const TraceFilterSchema = z.object(traceFilterBodyFields).superRefine(checkRanges);
export type TraceFilter = z.infer<typeof TraceFilterSchema>;

export const SORTS = ["time", "latency", "tokens", "cost"] as const;
export type TraceSort = (typeof SORTS)[number];
export type SortOrder = "asc" | "desc";

const sortFields = {
  sort: z.enum(SORTS).default("time").openapi({
    description: "Ties are broken by trace id. With `cost`, traces without a known cost sort as lowest.",
  }),
  order: z.enum(["desc", "asc"]).default("desc"),
};

/** Sort, page and feedback columns of a trace list (also the list of a prompt version's traces). */
export const tracePageFields = {
  ...sortFields,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional().openapi({ description: "The previous answer's `nextCursor`." }),
  feedbackColumns: repeated(
    feedbackName,
    "Repeatable: add each trace's current feedback under this name (`feedback` in each trace).",
    "correctness",
  ),
};

export const TraceListQuery = z
  .object({ ...traceFilterQueryFields, ...tracePageFields })
  .superRefine(checkRanges);

export const EXPORT_CAP = 10_000;

export const TraceExportQuery = z
  .object({
    ...traceFilterQueryFields,
    ...sortFields,
    limit: z.coerce.number().int().min(1).max(EXPORT_CAP).default(EXPORT_CAP),
  })
  .superRefine(checkRanges);

export const TraceDeleteBody = z
  .object(traceFilterBodyFields)
  .strict()
  .superRefine(checkRanges)
  .superRefine((value, ctx) => {
    if (!Object.values(value).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0)))
      ctx.addIssue({
        code: "custom",
        path: [],
        message: "needs at least one filter (deleting every trace is not offered here)",
      });
  });

// ---- metrics -------------------------------------------------------------------------------

const rate = z.number().nullable();

/** The figures of one metrics point (a bucket, or a bucket and model) and of the totals. */
export const MetricFiguresSchema = z.object({
  traces: z.number().int().nullable().openapi({ description: "Null in per-model points." }),
  errorTraces: z.number().int().nullable().openapi({ description: "Null in per-model points." }),
  errorRate: rate.openapi({
    description: "errorTraces / traces; per model errorCalls / calls. Null when there is nothing to divide.",
  }),
  latencyP50Ms: rate.openapi({ description: "Estimated from the latency histogram; null without data." }),
  latencyP95Ms: rate,
  latencyP99Ms: rate,
  calls: z.number().int().openapi({ description: "Model calls (spans with a model)." }),
  errorCalls: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  costUsd: z.number(),
});
export type MetricFigures = z.infer<typeof MetricFiguresSchema>;
