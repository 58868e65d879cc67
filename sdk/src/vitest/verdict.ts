/**
 * Whether a case of describeEval() passes: each scorer's results on it against that scorer's
 * gate. A scorer's error fails the case rather than passing it silently (a judge that could not
 * answer has not said the answer is good); a result that is only a number passes unless the
 * gate sets bounds on it.
 */
import { invalidInput } from "../api.ts";
import { shown } from "../assessments.ts";
import { projectValue } from "../eval-metrics.ts";
import type { EvaluationScore } from "../evaluation-types.ts";
import { toJson } from "../serialize.ts";

/**
 * What a scorer's result must be for a case to pass:
 * - `"pass"` (the default): not failed (a pass/fail value that passes, or any number) and no error;
 * - `{ min?, max? }`: a number (booleans and yes/no as 1/0) within the bounds, inclusive;
 * - `"ignore"`: logged with the run, never failing the case.
 */
export type CaseGate = "pass" | "ignore" | { min?: number; max?: number };

const brief = (value: unknown, max = 200) => {
  const text = typeof value === "string" ? JSON.stringify(value) : toJson(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
};

/** Why one result misses its gate, or undefined when it meets it. */
function missed(score: EvaluationScore, gate: CaseGate): string | undefined {
  if (gate === "ignore") return undefined;
  if (score.error) return `error ${score.error.code}: ${score.error.message}`;
  if (gate === "pass") return score.passed === false ? `failed with ${brief(score.value)}` : undefined;
  const number = typeof score.value === "number" ? score.value : projectValue(score.value).score;
  if (number === null) return `${brief(score.value)} is not a number`;
  if (gate.min !== undefined && number < gate.min) return `${number} is below ${gate.min}`;
  if (gate.max !== undefined && number > gate.max) return `${number} is above ${gate.max}`;
  return undefined;
}

/** Each result that misses its scorer's gate, as a line naming the scorer and why (with its rationale). */
export function failuresOf(scores: EvaluationScore[], gates: Record<string, CaseGate>): string[] {
  return scores.flatMap((score) => {
    const why = missed(score, gates[score.scorer] ?? "pass");
    if (why === undefined) return [];
    const repeat =
      scores.filter((s) => s.scorer === score.scorer).length > 1 ? ` (repeat ${score.repeat})` : "";
    return [`${score.scorer}${repeat}: ${why}${score.rationale ? ` — ${score.rationale}` : ""}`];
  });
}

/** The message a failing case's test fails with: what missed, and what the application answered. */
export function failureMessage(failures: string[], outputs: unknown): string {
  return [
    `${failures.length === 1 ? "a scorer" : `${failures.length} scorers`} failed the case:`,
    ...failures.map((f) => `  ${f}`),
    `outputs: ${brief(outputs, 1_000)}`,
  ].join("\n");
}

/** Checks the gates as given: scorer names to `"pass"`, `"ignore"` or `{ min?, max? }`. */
export function checkGates(call: string, gates: unknown): Record<string, CaseGate> {
  if (gates === undefined) return {};
  if (typeof gates !== "object" || gates === null || Array.isArray(gates))
    throw invalidInput(
      call,
      `gates must map scorer names to "pass", "ignore" or { min?, max? }, got ${shown(gates)}`,
    );
  for (const [name, gate] of Object.entries(gates)) {
    const bounds =
      typeof gate === "object" &&
      gate !== null &&
      Object.keys(gate).every((k) => k === "min" || k === "max") &&
      Object.values(gate).every((v) => typeof v === "number" && Number.isFinite(v));
    if (gate !== "pass" && gate !== "ignore" && !bounds)
      throw invalidInput(
        call,
        `gates.${name} must be "pass", "ignore" or { min?, max? } with finite numbers, got ${shown(gate)}`,
      );
  }
  return gates as Record<string, CaseGate>;
}
