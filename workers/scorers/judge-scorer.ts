import { projectValue } from "../assessments/values";
import type { OrgContext } from "../auth/context";
import type { ValueType } from "../judges/parse";
import { type JudgeUsage, runJudge } from "../judges/runner";
import { fill, placeholdersOf } from "../judges/template";
import type { JudgeDefinition } from "./definitions";
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
