import { describe, expect, it } from "vitest";
import { diffDefinitions, diffLines } from "./diff";
import { definitionOf, draftOf, EMPTY_DRAFT, withRuleKind } from "./draft";
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
