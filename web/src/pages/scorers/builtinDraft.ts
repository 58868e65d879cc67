import type { BuiltinDefinition, BuiltinJudge } from "../../api/scorers";
import { BUILTIN_JUDGE_INFO } from "./builtinJudges";
import type { DraftErrors, ScorerDraft } from "./draft";
import { modelProblem } from "./modelUri";

/** A built-in judge's definition as the editor's fields. */
export function builtinFields(definition: BuiltinDefinition): Partial<ScorerDraft> {
  return {
    type: "builtin",
    judge: definition.judge,
    model: definition.model,
    guidelines: definition.guidelines ?? [],
    exact: definition.exact ?? false,
  };
}

/** The draft switched to a built-in judge, keeping the model and guidelines typed so far. */
export function withBuiltinJudge(draft: ScorerDraft, judge: BuiltinJudge): ScorerDraft {
  return { ...draft, type: "builtin", judge };
}

/**
 * The definition of the draft's built-in judge, with only the options that judge takes
 * (guidelines, or exact); what to fix goes into `errors`.
 */
export function builtinOf(draft: ScorerDraft, errors: DraftErrors): BuiltinDefinition {
  const model = draft.model.trim();
  const problem = modelProblem(model);
  if (problem) errors.model = problem;
  const definition: BuiltinDefinition = { type: "builtin", judge: draft.judge, model };
  const option = BUILTIN_JUDGE_INFO[draft.judge].option;
  if (option === "guidelines") {
    const guidelines = draft.guidelines.map((line) => line.trim()).filter(Boolean);
    if (guidelines.length === 0)
      errors.guidelines =
        "Add at least one guideline: a rule every response must follow, as in “Answer in a friendly tone.”";
    definition.guidelines = guidelines;
  }
  if (option === "exact" && draft.exact) definition.exact = true;
  return definition;
}
