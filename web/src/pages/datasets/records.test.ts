import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/errors";
import { previewOf } from "./jsonPreview";
import {
  draftProblems,
  fieldProblem,
  recordErrorsFrom,
  recordFieldErrors,
  recordOfDraft,
} from "./recordDraft";
import { versionLabel } from "./versionLabel";

describe("JSON previews in cells", () => {
  it("shows a line a key, strings without quotes, other values as compact JSON", () => {
    expect(previewOf({ question: "Where is\nmy refund?", k: 3, list: [1, 2] })).toEqual({
      lines: [
        { key: "question", text: "Where is my refund?" },
        { key: "k", text: "3" },
        { key: "list", text: "[1,2]" },
      ],
      more: 0,
      cut: true,
    });
  });
  it("cuts long values and counts the keys left out", () => {
    const preview = previewOf({ a: "x".repeat(300), b: 1, c: 2, d: 3, e: 4, f: 5 }, { keys: 4, chars: 20 });
    expect(preview.lines[0]?.text).toBe(`${"x".repeat(19)}…`);
    expect(preview.lines).toHaveLength(4);
    expect([preview.more, preview.cut]).toEqual([2, true]);
  });
  it("shows a plain value whole, and nothing for null", () => {
    expect(previewOf("The answer")).toEqual({
      lines: [{ key: null, text: "The answer" }],
      more: 0,
      cut: false,
    });
    expect(previewOf(null).lines).toEqual([]);
    expect(previewOf({ short: "ok" }).cut).toBe(false);
  });
});

describe("record drafts", () => {
  it("checks each field as the API will", () => {
    expect(fieldProblem("inputs", "")).toMatch(/required/);
    expect(fieldProblem("inputs", "{}")).toMatch(/at least one key/);
    expect(fieldProblem("inputs", "[1]")).toMatch(/JSON object/);
    expect(fieldProblem("inputs", '{"q": }')).toMatch(/^Not valid JSON/);
    expect(fieldProblem("expectations", "")).toBeNull();
    expect(fieldProblem("expectations", '"text"')).toMatch(/JSON object/);
    expect(fieldProblem("outputs", '"any JSON"')).toBeNull();
    expect(draftProblems({ inputs: '{"q": 1}', expectations: "{}", outputs: "" })).toEqual({});
  });
  it("reads empty expectations as {} and empty outputs as none", () => {
    expect(recordOfDraft({ inputs: '{"q": 1}', expectations: " ", outputs: "" })).toEqual({
      inputs: { q: 1 },
      expectations: {},
      outputs: null,
    });
  });
  it("puts the API's 422 by the field it names, keeping the key", () => {
    const message =
      "Invalid body. records.0.expectations.expected_facts: must be a list of strings; inputs: must have at least one key";
    expect(recordFieldErrors(message)).toEqual({
      fields: {
        expectations: "expected_facts: must be a list of strings",
        inputs: "must have at least one key",
      },
      form: null,
    });
    expect(recordFieldErrors("Invalid body. message: Too big").form).toBe("Invalid body. message: Too big");
  });
  it("shows a 409 about inputs by the inputs, other failures as the form's", () => {
    const taken = new ApiError({
      status: 409,
      code: "CONFLICT",
      message: "Another record has these inputs.",
    });
    expect(recordErrorsFrom(taken)?.fields.inputs).toBe("Another record has these inputs.");
    const busy = new ApiError({ status: 409, code: "CONFLICT", message: "An import is open." });
    expect(recordErrorsFrom(busy)).toBeUndefined();
  });
});

describe("version labels", () => {
  it("names the current version and the kind of the others", () => {
    const item = {
      version: 2,
      kind: "import" as const,
      message: "",
      createdBy: "u",
      createdAt: "",
      inserted: 1,
      updated: 0,
      deleted: 0,
      recordCount: 1,
    };
    expect([versionLabel(3, 3), versionLabel(2, 3, item), versionLabel(0, 3), versionLabel(5, 9)]).toEqual([
      "v3 · current",
      "v2 · Import",
      "v0 · empty",
      "v5",
    ]);
  });
});
