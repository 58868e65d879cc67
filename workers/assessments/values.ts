import { z } from "@hono/zod-openapi";

/**
 * What an assessment's value may be, and what aggregates read of it. Feedback holds a primitive,
 * a list of primitives, or a flat object of primitives (a judge's several fields); an expectation
 * any JSON, with the reserved names below checked for their documented shape.
 */
const Primitive = z.union([z.string().max(10_000), z.number().finite(), z.boolean()]);
export const FeedbackValue = z
  .union([
    Primitive,
    z.array(Primitive.nullable()).max(100),
    z.record(z.string().min(1).max(100), Primitive.nullable()).refine((o) => Object.keys(o).length <= 50, {
      message: "must have at most 50 keys",
    }),
  ])
  .openapi({
    description: "A boolean, number or string; a list of them; or a flat object of them.",
    example: true,
  });
export type FeedbackValue = z.infer<typeof FeedbackValue>;

const ToolCall = z
  .object({ name: z.string().min(1).max(200), arguments: z.record(z.string(), z.unknown()).optional() })
  .strict();
const RetrievedChunk = z
  .object({ content: z.string().max(100_000), doc_uri: z.string().max(2_000).optional() })
  .strict();

/** The expectation names the built-in judges read, with the shape each must have. */
export const RESERVED_EXPECTATIONS = {
  expected_response: {
    schema: z.string().max(100_000),
    description: "The answer a good response gives (Correctness, Equivalence).",
  },
  expected_facts: {
    schema: z.array(z.string().min(1).max(10_000)).min(1).max(200),
    description: "Facts a good response states (Correctness, Completeness).",
  },
  guidelines: {
    schema: z.array(z.string().min(1).max(10_000)).min(1).max(100),
    description: "Rules this record's response must follow (ExpectationsGuidelines).",
  },
  expected_retrieved_context: {
    schema: z.array(RetrievedChunk).min(1).max(200),
    description: "The documents retrieval should find: `{ content, doc_uri? }` each.",
  },
  expected_tool_calls: {
    schema: z.array(ToolCall).min(1).max(100),
    description: "The tools the agent should call: `{ name, arguments? }` each, in order.",
  },
} as const;

/** Expectation values: any JSON of at most this many characters. */
export const EXPECTATION_CHARS = 200_000;

/** Why an expectation's value does not fit its name, or null. */
export function expectationProblem(name: string, value: unknown): string | null {
  const reserved = RESERVED_EXPECTATIONS[name as keyof typeof RESERVED_EXPECTATIONS];
  if (Object.hasOwn(RESERVED_EXPECTATIONS, name) && reserved) {
    const parsed = reserved.schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const at = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
      return `the reserved expectation "${name}" ${issue?.message ?? "is invalid"}${at} (${reserved.description})`;
    }
  }
  if ((JSON.stringify(value) ?? "").length > EXPECTATION_CHARS)
    return `an expectation's value must be at most ${EXPECTATION_CHARS} characters of JSON`;
  return null;
}

const YES = new Set(["yes", "pass", "passed", "true"]);
const NO = new Set(["no", "fail", "failed", "false"]);

/**
 * What aggregates read of a feedback value: a numeric score (bool and yes/no → 1/0, numbers as
 * they are), a pass/fail where one applies (bool and yes/no), and the value as text when it is a
 * primitive (for filters by value).
 */
export function projectValue(value: FeedbackValue | null): {
  score: number | null;
  passed: number | null;
  valueText: string | null;
} {
  if (typeof value === "boolean")
    return { score: value ? 1 : 0, passed: value ? 1 : 0, valueText: String(value) };
  if (typeof value === "number") return { score: value, passed: null, valueText: String(value) };
  if (typeof value === "string") {
    const word = value.trim().toLowerCase();
    const verdict = YES.has(word) ? 1 : NO.has(word) ? 0 : null;
    return { score: verdict, passed: verdict, valueText: value.slice(0, 500) };
  }
  return { score: null, passed: null, valueText: null };
}

/** The text a value filter compares with `value_text`: booleans and yes/no as written, numbers canonical. */
export function filterValueText(raw: string): string {
  const n = Number(raw);
  return raw.trim() !== "" && Number.isFinite(n) && /^[-+.\d eE]+$/.test(raw) ? String(n) : raw;
}
