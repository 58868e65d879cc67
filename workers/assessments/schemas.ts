import { z } from "@hono/zod-openapi";
import { ProjectParams } from "../http/params";
import { ApiError } from "../lib/errors";
import { TraceParams } from "../traces/schemas";
import { expectationProblem, FeedbackValue } from "./values";

export { ProjectParams, TraceParams };

export const AssessmentParams = TraceParams.extend({
  assessmentId: z.string().max(64).openapi({ example: "asm_01jq7m2x8v4k3d9f6h5g2c1b0a" }),
});

/** At most this many assessments in one batch request. */
export const BATCH_MAX = 1000;

const hexId = (length: number, what: string) =>
  z
    .string()
    .regex(new RegExp(`^[0-9a-f]{${length}}$`), `must be a ${what}: ${length} lower-case hex characters`);
export const TraceIdSchema = hexId(32, "trace id");
const SpanIdSchema = hexId(16, "span id");

export const AssessmentName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w .:/-]+$/, "may hold letters, digits, spaces and _ . : / - only")
  .openapi({ example: "user_satisfaction" });

const MetadataValue = z.union([z.string().max(2_000), z.number().finite(), z.boolean(), z.null()]);
const Metadata = z
  .record(z.string().min(1).max(100), MetadataValue)
  .refine((m) => Object.keys(m).length <= 50, { message: "must have at most 50 keys" })
  .openapi({ description: "Your own keys (flat, at most 50).", example: { channel: "web" } });

/**
 * Who the assessment comes from, when an API key sends it: end-user feedback relayed by the app
 * (HUMAN, with the end user's id) or a code scorer's result (CODE, with the scorer's name). A
 * dashboard user is always HUMAN (themselves), and only the judge runner writes LLM_JUDGE.
 */
const SourceInput = z
  .object({
    type: z.enum(["HUMAN", "CODE"]),
    id: z.string().min(1).max(200).optional().openapi({ example: "end-user-42" }),
  })
  .strict();

/** Whether a value is JSON whose numbers are all finite (a body's `1e400` parses to Infinity). */
function finiteJson(value: unknown, depth = 0): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (depth > 64 || value === null || typeof value !== "object") return true;
  return Object.values(value as Record<string, unknown>).every((v) => finiteJson(v, depth + 1));
}

/** The fields of one assessment as a client sends it (without its target). */
const assessmentFields = {
  kind: z.enum(["feedback", "expectation"]).default("feedback"),
  name: AssessmentName,
  value: z
    .unknown()
    .refine(finiteJson, "must be JSON with finite numbers only")
    .optional()
    .openapi({
      description:
        "Feedback: a boolean, number or string, a list of them, or a flat object of them. " +
        "Expectation: any JSON; the reserved names are checked (see the assessments docs).",
      example: true,
    }),
  error: z
    .object({
      code: z.string().min(1).max(100).openapi({ example: "TIMEOUT" }),
      message: z.string().max(2_000).default(""),
    })
    .strict()
    .optional()
    .openapi({ description: "Feedback only, instead of a value: why no value could be given." }),
  rationale: z.string().max(20_000).optional(),
  spanId: SpanIdSchema.optional().openapi({ description: "Assess one span of the trace, not the whole." }),
  source: SourceInput.optional(),
  metadata: Metadata.optional(),
};

type Fields = { kind: "feedback" | "expectation"; name: string; value?: unknown; error?: unknown };

type Issue = { path: "value" | "error"; message: string };

/** What is wrong with a value (or error) for its kind and name: nothing, or the field and why. */
function valueIssue(a: Fields): Issue | null {
  if (a.kind === "expectation") {
    if (a.error !== undefined) return { path: "error", message: "expectations have no error" };
    if (a.value === undefined || a.value === null)
      return { path: "value", message: "is required for an expectation" };
    const problem = expectationProblem(a.name, a.value);
    return problem ? { path: "value", message: problem } : null;
  }
  const hasValue = a.value !== undefined && a.value !== null;
  if (hasValue === (a.error !== undefined))
    return { path: "value", message: "feedback needs a value or an error, not both" };
  if (hasValue && !FeedbackValue.safeParse(a.value).success)
    return {
      path: "value",
      message: "feedback must be a boolean, number or string, a list of them, or a flat object of them",
    };
  return null;
}

/** Value and error must fit the kind: feedback has exactly one of them, an expectation a value. */
function checkValue(a: Fields, ctx: z.RefinementCtx): void {
  const issue = valueIssue(a);
  if (issue) ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
}

export const AssessmentInput = z
  .object(assessmentFields)
  .strict()
  .superRefine(checkValue)
  .openapi("AssessmentInput");
export type AssessmentInput = z.infer<typeof AssessmentInput>;

/** One item of a batch: the same fields with its target, a trace (and span) or a session. */
export const BatchItem = z
  .object({
    ...assessmentFields,
    traceId: TraceIdSchema.optional(),
    sessionId: z.string().min(1).max(200).optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if ((a.traceId === undefined) === (a.sessionId === undefined))
      ctx.addIssue({
        code: "custom",
        path: ["traceId"],
        message: "give a traceId or a sessionId (one of them)",
      });
    if (a.sessionId !== undefined && a.spanId !== undefined)
      ctx.addIssue({ code: "custom", path: ["spanId"], message: "a session's assessment has no span" });
    checkValue(a, ctx);
  });
export type BatchItem = z.infer<typeof BatchItem>;

export const BatchBody = z
  .object({ assessments: z.array(BatchItem).min(1).max(BATCH_MAX) })
  .strict()
  .openapi("AssessmentBatch");

/** An override: a new value (or error) and rationale for an existing assessment, same name and target. */
export const OverrideInput = z
  .object({
    value: assessmentFields.value,
    error: assessmentFields.error,
    rationale: assessmentFields.rationale,
    source: assessmentFields.source,
    metadata: assessmentFields.metadata,
  })
  .strict()
  .openapi("AssessmentOverride");
export type OverrideInput = z.infer<typeof OverrideInput>;

/** An override's value checked against the kind and name of the assessment it replaces (422 otherwise). */
export function checkOverride(
  kind: "feedback" | "expectation",
  name: string,
  override: OverrideInput,
): OverrideInput {
  const issue = valueIssue({ kind, name, value: override.value, error: override.error });
  if (issue) throw new ApiError("INVALID_INPUT", `Invalid override: ${issue.path}: ${issue.message}.`);
  return override;
}

export const AssessmentListQuery = z.object({
  history: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "`true` adds overridden and deleted assessments (the history)." }),
});

export const AssessmentSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["feedback", "expectation"]),
    name: z.string(),
    traceId: z.string().nullable(),
    spanId: z.string().nullable(),
    sessionId: z.string().nullable(),
    value: z.unknown().openapi({ description: "Null for a feedback that is an error." }),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    rationale: z.string().nullable(),
    source: z.object({ type: z.enum(["HUMAN", "LLM_JUDGE", "CODE"]), id: z.string().nullable() }),
    score: z
      .number()
      .nullable()
      .openapi({ description: "Numeric projection: bool and yes/no as 1/0, numbers as is." }),
    passed: z.boolean().nullable(),
    scorerVersionId: z.string().nullable(),
    runId: z.string().nullable(),
    monitorId: z
      .string()
      .nullable()
      .openapi({ description: "The monitor that scored it online (source: the monitor's scorer)." }),
    metadata: z.record(z.string(), z.unknown()),
    valid: z.boolean().openapi({ description: "False once overridden or deleted." }),
    overrides: z.string().nullable().openapi({ description: "The assessment this one replaced." }),
    supersededBy: z.string().nullable(),
    deleted: z.boolean(),
    createdBy: z.object({ id: z.string(), label: z.string() }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Assessment");
export type AssessmentView = z.infer<typeof AssessmentSchema>;

export const AssessmentListSchema = z.object({ assessments: z.array(AssessmentSchema) });
