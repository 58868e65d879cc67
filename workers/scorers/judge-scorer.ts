import { projectValue } from "../assessments/values";
import type { OrgContext } from "../auth/context";
import { builtinSpec } from "../judges/builtins";
import type { ValueType } from "../judges/parse";
import { type JudgeUsage, runJudge } from "../judges/runner";
import { fill, placeholdersOf, renderValue } from "../judges/template";
import type { BuiltinDefinition, JudgeDefinition } from "./definitions";
import type { Subject } from "./rules";

export type JudgeScore = {
  value: boolean | number | string | null;
  passed: boolean | null;
  rationale: string | null;
  error: { code: string; message: string } | null;
  usage: JudgeUsage | null;
};

function answerFormat(type: ValueType): string {
  switch (type.kind) {
    case "bool":
      return '"yes" or "no"';
    case "number":
      return `a number${type.min !== undefined ? ` from ${type.min}` : ""}${type.max !== undefined ? ` to ${type.max}` : ""}`;
    case "label":
      return `exactly one of ${type.labels.map((l) => JSON.stringify(l)).join(", ")}`;
    case "text":
      return "a short text";
  }
}

/** Our system prompt for custom judges: what to answer and in which shape; the instructions say what to judge. */
function systemPrompt(type: ValueType): string {
  return [
    "You assess the quality of an AI application's work for the team that builds it.",
    "Follow the assessment instructions you are given, judging only the material they include.",
    `Reply with a JSON object with two fields: "rationale", your reasoning in at most a few sentences, and "value", ${answerFormat(type)}.`,
  ].join("\n");
}

/** A custom judge on one subject: its instructions filled, one call through the judge runner. */
export async function scoreWithJudge(
  ctx: OrgContext,
  def: JudgeDefinition,
  subject: Subject,
  options: { waitMs: number },
): Promise<JudgeScore> {
  const { used } = placeholdersOf(def.instructions);
  if (used.includes("conversation"))
    return {
      value: null,
      passed: null,
      rationale: null,
      error: {
        code: "SESSION_NEEDED",
        message: "{{ conversation }} needs a session to score; this target is one trace or record.",
      },
      usage: null,
    };
  if (used.includes("trace") && !subject.trace)
    return {
      value: null,
      passed: null,
      rationale: null,
      error: { code: "MISSING_TRACE", message: "{{ trace }} needs a stored trace; give target.traceId." },
      usage: null,
    };
  const user = fill(def.instructions, {
    inputs: subject.inputs,
    outputs: subject.outputs,
    expectations: subject.expectations,
    trace: subject.trace?.outline,
  });
  const result = await runJudge(
    ctx,
    {
      modelUri: def.model,
      system: systemPrompt(def.valueType),
      user,
      valueType: def.valueType,
      temperature: def.temperature,
    },
    options,
  );
  if (!result.ok)
    return { value: null, passed: null, rationale: null, error: result.error, usage: result.usage };
  const passed = projectValue(result.value).passed;
  return {
    value: result.value,
    passed: passed === null ? null : passed === 1,
    rationale: result.rationale,
    error: null,
    usage: result.usage,
  };
}

/**
 * A built-in judge on one subject: what it needs is checked first (a MISSING_FIELD error names
 * it), code decides where it can (no call, no cost), else one yes/no call through the runner.
 */
export async function scoreWithBuiltin(
  ctx: OrgContext,
  def: BuiltinDefinition,
  subject: Subject,
  options: { waitMs: number },
): Promise<JudgeScore> {
  const spec = builtinSpec(def.judge);
  const params = { guidelines: def.guidelines, exact: def.exact };
  const missing = spec.missing(subject, params);
  if (missing)
    return {
      value: null,
      passed: null,
      rationale: null,
      error: { code: "MISSING_FIELD", message: `The ${def.judge} judge needs ${missing}.` },
      usage: null,
    };
  const decided = spec.decide?.(subject, params);
  if (decided)
    return {
      value: decided.value,
      passed: decided.value === "yes",
      rationale: decided.rationale,
      error: null,
      usage: null,
    };
  const { question, material } = spec.ask(subject, params);
  const user = [question, ...material.map((m) => `\n## ${m.label}\n${renderValue(m.value)}`)].join("\n");
  const valueType = { kind: "bool" } as const;
  const result = await runJudge(
    ctx,
    { modelUri: def.model, system: systemPrompt(valueType), user, valueType },
    options,
  );
  if (!result.ok)
    return { value: null, passed: null, rationale: null, error: result.error, usage: result.usage };
  return {
    value: result.value,
    passed: result.value === "yes",
    rationale: result.rationale,
    error: null,
    usage: result.usage,
  };
}
