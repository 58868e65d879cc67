/**
 * Code scorers: your own scoring function, run in your process. The server never runs user code;
 * it only stores what such a scorer logs, as CODE feedback named after the scorer. A function that
 * throws, or returns something that is not a score, gives an error result (and error feedback),
 * never a silent default.
 */
import { invalidInput } from "./api.ts";
import type { LogFeedbackOptions } from "./assessments.ts";
import { nameOf, shown, traceIdOf } from "./assessments.ts";

/** What a code scorer reads. */
export interface ScorerSubject {
  inputs?: unknown;
  outputs: unknown;
  /** Ground truth by name: expected_response, expected_facts, … Default {}. */
  expectations?: Record<string, unknown>;
}

/** What the scoring function receives: the subject, with `inputs` null and `expectations` {} when not given. */
export interface CodeScorerArgs {
  inputs: unknown;
  outputs: unknown;
  expectations: Record<string, unknown>;
  /** Set when the scorer runs through logTo(). */
  traceId?: string;
}

export type CodeScoreValue = boolean | number | string;

/** What the scoring function returns (or resolves to): a value, or a value with its rationale. */
export type CodeScorerReturn = CodeScoreValue | { value: CodeScoreValue; rationale?: string };

export type CodeScorerFn = (args: CodeScorerArgs) => CodeScorerReturn | Promise<CodeScorerReturn>;

/**
 * A code scorer's result: a value (with a rationale, or null), or an error: `SCORER_FAILED` when
 * the function threw or rejected, `INVALID_RESULT` when it returned something that is not a score.
 */
export type CodeScoreResult =
  | { name: string; value: CodeScoreValue; rationale: string | null; error: null }
  | { name: string; value: null; rationale: null; error: { code: string; message: string } };

export interface CodeScorer {
  readonly name: string;
  /** Runs the function here; never rejects (a throw becomes an error result). */
  run(subject: ScorerSubject): Promise<CodeScoreResult>;
  /**
   * Runs the function and logs its result on the trace as CODE feedback named after the scorer
   * (error feedback when it failed); resolves to the result with the new assessment's id. Rejects
   * with a SightlineError when the feedback could not be logged.
   */
  logTo(traceId: string, subject: ScorerSubject): Promise<CodeScoreResult & { assessmentId: string }>;
}

const failed = (name: string, code: string, message: string): CodeScoreResult => ({
  name,
  value: null,
  rationale: null,
  error: { code, message },
});

const isScoreValue = (value: unknown): value is CodeScoreValue =>
  typeof value === "boolean" ||
  typeof value === "string" ||
  (typeof value === "number" && Number.isFinite(value));

function resultOf(name: string, returned: unknown): CodeScoreResult {
  if (isScoreValue(returned)) return { name, value: returned, rationale: null, error: null };
  if (typeof returned === "object" && returned !== null && !Array.isArray(returned)) {
    const { value, rationale } = returned as { value?: unknown; rationale?: unknown };
    if (
      isScoreValue(value) &&
      (rationale === undefined || rationale === null || typeof rationale === "string")
    )
      return { name, value, rationale: rationale ?? null, error: null };
  }
  return failed(
    name,
    "INVALID_RESULT",
    `The scorer returned ${shown(returned)}; it must return a boolean, a finite number, a string or { value, rationale? }.`,
  );
}

async function runScorer(
  name: string,
  fn: CodeScorerFn,
  subject: ScorerSubject,
  traceId?: string,
): Promise<CodeScoreResult> {
  const s = (typeof subject === "object" && subject !== null ? subject : {}) as Partial<ScorerSubject>;
  const args: CodeScorerArgs = {
    inputs: s.inputs ?? null,
    outputs: s.outputs,
    expectations: s.expectations ?? {},
  };
  if (traceId !== undefined) args.traceId = traceId;
  let returned: unknown;
  try {
    returned = await fn(args);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : shown(error);
    return failed(name, "SCORER_FAILED", message);
  }
  return resultOf(name, returned);
}

/** A code scorer's result as CODE feedback on a trace, named after the scorer (error feedback when it failed). */
export function feedbackOf(
  traceId: string,
  result: CodeScoreResult,
  metadata?: LogFeedbackOptions["metadata"],
): LogFeedbackOptions {
  const source = { type: "CODE" as const, id: result.name };
  const extra = metadata === undefined ? {} : { metadata };
  return result.error === null
    ? {
        traceId,
        name: result.name,
        value: result.value,
        ...(result.rationale === null ? {} : { rationale: result.rationale }),
        source,
        ...extra,
      }
    : { traceId, name: result.name, error: result.error, source, ...extra };
}

/**
 * Makes a code scorer. `log` sends the feedback (a client's logFeedback, or the module-level one,
 * which finds the client made by init() when logTo is called).
 */
export function makeCodeScorer(
  name: string,
  fn: CodeScorerFn,
  log: (options: LogFeedbackOptions) => Promise<string>,
): CodeScorer {
  const call = "scorer()";
  nameOf(call, name);
  if (typeof fn !== "function") throw invalidInput(call, `needs a scoring function, got ${shown(fn)}`);
  return {
    name,
    run: (subject) => runScorer(name, fn, subject),
    async logTo(traceId, subject) {
      const id = traceIdOf(`${name}.logTo()`, traceId);
      const result = await runScorer(name, fn, subject, id);
      const assessmentId = await log(feedbackOf(id, result));
      return { ...result, assessmentId };
    },
  };
}
