import { describe, expect, it } from "vitest";
// The server's list, to check the dashboard's knows each (a test only: nothing of the server is bundled).
import { BUILTIN_JUDGES } from "../../../../workers/judges/builtins";
import { withBuiltinJudge } from "./builtinDraft";
import { BUILTIN_JUDGE_INFO } from "./builtinJudges";
import { diffDefinitions, diffLines } from "./diff";
import { definitionOf, draftOf, EMPTY_DRAFT, withRuleKind } from "./draft";
import { definitionErrorsOf } from "./serverErrors";
import { insertVariable, placeholdersOf, templateProblem } from "./template";

describe("template checks", () => {
  it("names unknown variables and asks for one", () => {
    expect(placeholdersOf("{{ inputs }} {{question}}")).toEqual({ used: ["inputs"], unknown: ["question"] });
    expect(templateProblem("Is {{ question }} answered by {{ outputs }}?")).toContain("{{ question }}");
    expect(templateProblem("Just text")).toContain("at least one variable");
    expect(templateProblem("Rate {{ outputs }}")).toBeNull();
  });
  it("inserts a variable at the selection", () => {
    expect(insertVariable("Answer: ", "outputs", 8, 8)).toEqual({ text: "Answer: {{ outputs }}", caret: 21 });
  });
});

describe("drafts", () => {
  it("turns a contains rule into a definition and back", () => {
    const draft = { ...withRuleKind(EMPTY_DRAFT, "contains"), keywords: "refund\n\n days " };
    const result = definitionOf(draft);
    expect(result).toEqual({
      ok: true,
      definition: {
        type: "rule",
        rule: { kind: "contains", keywords: ["refund", "days"], mode: "all", caseSensitive: false },
      },
    });
    if (result.ok) expect(draftOf(result.definition).keywords).toBe("refund\ndays");
  });
  it("names the fields to fix", () => {
    const judge = definitionOf({
      ...EMPTY_DRAFT,
      instructions: "{{ nope }}",
      valueKind: "label",
      labels: "a",
    });
    expect(judge.ok).toBe(false);
    if (!judge.ok) expect(Object.keys(judge.errors).sort()).toEqual(["instructions", "labels", "model"]);
    const bound = definitionOf({ ...withRuleKind(EMPTY_DRAFT, "length"), min: "ten" });
    expect(bound.ok ? null : bound.errors.min).toBe("Must be a number.");
  });
  it("leaves unset bounds out", () => {
    const result = definitionOf({
      ...EMPTY_DRAFT,
      model: "openai:/gpt-4o-mini",
      valueKind: "number",
      max: "5",
    });
    expect(result.ok && result.definition).toMatchObject({ valueType: { kind: "number", max: 5 } });
    expect(
      result.ok && "min" in (result.definition.type === "judge" ? result.definition.valueType : {}),
    ).toBe(false);
  });
});

describe("built-in judges", () => {
  const model = "openai:/gpt-4o-mini";
  it("keeps only the guidelines typed, and only for a judge that takes them", () => {
    const draft = {
      ...withBuiltinJudge(EMPTY_DRAFT, "guidelines"),
      model,
      guidelines: [" Be kind ", "", "No slang"],
    };
    const result = definitionOf(draft);
    expect(result).toEqual({
      ok: true,
      definition: { type: "builtin", judge: "guidelines", model, guidelines: ["Be kind", "No slang"] },
    });
    if (result.ok)
      expect(draftOf(result.definition)).toMatchObject({
        type: "builtin",
        guidelines: ["Be kind", "No slang"],
      });
    expect(definitionOf(withBuiltinJudge(draft, "correctness"))).toEqual({
      ok: true,
      definition: { type: "builtin", judge: "correctness", model },
    });
    expect(definitionOf({ ...withBuiltinJudge(draft, "tool_call_correctness"), exact: true })).toMatchObject({
      ok: true,
      definition: { judge: "tool_call_correctness", exact: true },
    });
  });
  it("asks for a model and, for guidelines judges, at least one guideline", () => {
    const result = definitionOf({
      ...withBuiltinJudge(EMPTY_DRAFT, "conversational_guidelines"),
      guidelines: ["  "],
    });
    expect(result.ok ? null : Object.keys(result.errors).sort()).toEqual(["guidelines", "model"]);
  });
  it("knows every judge the server has, and which score sessions", () => {
    expect(Object.keys(BUILTIN_JUDGE_INFO).sort()).toEqual([...BUILTIN_JUDGES].sort());
    expect(BUILTIN_JUDGE_INFO.user_frustration.scope).toBe("session");
  });
});

describe("server messages", () => {
  it("puts what the API says of the definition next to its fields", () => {
    const { fields, rest } = definitionErrorsOf(
      "Invalid body. definition.guidelines.1: Too big: expected string to have <=2000 characters; definition.model: must be a model URI, <provider>:/<model>; name: Too small",
    );
    expect(fields).toEqual({
      "guidelines.1": "Too big: expected string to have <=2000 characters",
      model: "Must be a model URI, <provider>:/<model>",
    });
    expect(rest).toBe("Invalid body. name: Too small");
    expect(definitionErrorsOf("Invalid body. definition.rule.keywords: Too small").fields).toEqual({
      keywords: "Too small",
    });
    expect(definitionErrorsOf("Invalid body. definition: Invalid input").rest).toBe(
      "Invalid body. definition: Invalid input",
    );
  });
});

describe("diff", () => {
  it("keeps common lines and marks changes", () => {
    expect(diffLines(["a", "b", "c"], ["a", "x", "c"])).toEqual([
      { op: "same", text: "a" },
      { op: "remove", text: "b" },
      { op: "add", text: "x" },
      { op: "same", text: "c" },
    ]);
  });
  it("diffs instructions line by line", () => {
    const judge = (instructions: string) =>
      ({ type: "judge", instructions, valueType: { kind: "bool" }, model: "openai:/m" }) as const;
    const lines = diffDefinitions(judge("One\n{{ outputs }}"), judge("One\nTwo {{ outputs }}"));
    expect(lines.filter((line) => line.op !== "same")).toEqual([
      { op: "remove", text: "  {{ outputs }}" },
      { op: "add", text: "  Two {{ outputs }}" },
    ]);
  });
});
