import { describe, expect, it } from "vitest";
import type { Assessment } from "../../../api/assessments";
import { threadsOf } from "./threads";
import {
  draftOf,
  EMPTY_FEEDBACK,
  expectationTemplate,
  judgeUsage,
  lookOf,
  parseJson,
  valueOfDraft,
} from "./values";

let minute = 0;

function assessment(id: string, more: Partial<Assessment> = {}): Assessment {
  minute += 1;
  const at = new Date(Date.parse("2025-01-01T00:00:00.000Z") + minute * 60_000).toISOString();
  return {
    id,
    kind: "feedback",
    name: "helpfulness",
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: null,
    sessionId: null,
    value: true,
    error: null,
    rationale: null,
    source: { type: "HUMAN", id: "usr_1" },
    score: 1,
    passed: true,
    scorerVersionId: null,
    runId: null,
    monitorId: null,
    metadata: {},
    valid: true,
    overrides: null,
    supersededBy: null,
    deleted: false,
    createdBy: { id: "usr_1", label: "Ada" },
    createdAt: at,
    updatedAt: at,
    ...more,
  };
}

describe("how a value shows", () => {
  it("draws booleans as thumbs and yes/no words as pass/fail", () => {
    expect(lookOf(true)).toEqual({ kind: "thumbs", up: true });
    expect(lookOf("No")).toEqual({ kind: "verdict", passed: false, text: "No" });
    expect(lookOf("pass")).toEqual({ kind: "verdict", passed: true, text: "pass" });
  });

  it("shows numbers, labels and compact JSON", () => {
    expect(lookOf(4.5)).toEqual({ kind: "number", text: "4.5" });
    expect(lookOf("too long")).toEqual({ kind: "label", text: "too long" });
    expect(lookOf({ relevance: 3, tone: "ok" })).toEqual({
      kind: "json",
      text: '{"relevance":3,"tone":"ok"}',
    });
    expect(lookOf(null)).toEqual({ kind: "none" });
  });
});

describe("the feedback editor's draft", () => {
  it("starts an override from the value it replaces", () => {
    expect(draftOf(false)).toMatchObject({ type: "thumbs", thumbs: false });
    expect(draftOf(3)).toMatchObject({ type: "number", number: "3" });
    expect(draftOf("meh")).toMatchObject({ type: "label", label: "meh" });
    expect(draftOf(["a", 1])).toMatchObject({ type: "json", json: '[\n  "a",\n  1\n]' });
  });

  it("gives the value, or says what is missing", () => {
    expect(valueOfDraft({ ...EMPTY_FEEDBACK, thumbs: true })).toEqual({ ok: true, value: true });
    expect(valueOfDraft(EMPTY_FEEDBACK)).toMatchObject({ ok: false });
    expect(valueOfDraft({ ...EMPTY_FEEDBACK, type: "number", number: "0.25" })).toEqual({
      ok: true,
      value: 0.25,
    });
    expect(valueOfDraft({ ...EMPTY_FEEDBACK, type: "number", number: "lots" })).toMatchObject({ ok: false });
    expect(valueOfDraft({ ...EMPTY_FEEDBACK, type: "label", label: "  partial " })).toEqual({
      ok: true,
      value: "partial",
    });
    expect(valueOfDraft({ ...EMPTY_FEEDBACK, type: "json", json: "[1," })).toMatchObject({ ok: false });
  });
});

describe("expectations", () => {
  it("prefills the shape of a reserved name, and {} for any other", () => {
    expect(parseJson(expectationTemplate("expected_facts"))).toMatchObject({ ok: true });
    const calls = parseJson(expectationTemplate("expected_tool_calls"));
    expect(calls.ok && Array.isArray(calls.value) && calls.value[0]).toMatchObject({ name: "lookup_order" });
    expect(expectationTemplate("my_rubric")).toBe("{}");
    expect(expectationTemplate("toString")).toBe("{}");
  });
});

describe("judge usage", () => {
  it("reads cost, tokens and model from the metadata, when there are any", () => {
    expect(judgeUsage({ costUsd: 0.0012, inputTokens: 900, outputTokens: 40, model: "gpt-4o-mini" })).toEqual(
      {
        costUsd: 0.0012,
        inputTokens: 900,
        outputTokens: 40,
        model: "gpt-4o-mini",
      },
    );
    expect(judgeUsage({ channel: "web", costUsd: "free" })).toBeNull();
  });
});

describe("threads", () => {
  it("puts overridden values under the one that replaced them, newest first", () => {
    const first = assessment("a1", { value: false, valid: false, supersededBy: "a2" });
    const expectation = assessment("e1", { kind: "expectation", name: "expected_facts", value: ["x"] });
    const second = assessment("a2", { value: 3, valid: false, overrides: "a1", supersededBy: "a3" });
    const third = assessment("a3", { overrides: "a2" });
    const threads = threadsOf([first, expectation, second, third]);
    expect(threads.feedback).toEqual([{ head: third, older: [second, first] }]);
    expect(threads.expectations).toEqual([{ head: expectation, older: [] }]);
    expect(threads.deleted).toEqual([]);
  });

  it("keeps a deleted chain apart, and a thread's place when it is overridden", () => {
    const early = assessment("b1", { valid: false, supersededBy: "b3" });
    const other = assessment("c1", { name: "tone" });
    const gone = assessment("d1", { name: "typo", valid: false, deleted: true });
    const late = assessment("b3", { overrides: "b1" });
    const threads = threadsOf([early, other, gone, late]);
    expect(threads.feedback.map((thread) => thread.head.id)).toEqual(["b3", "c1"]);
    expect(threads.deleted).toEqual([{ head: gone, older: [] }]);
  });
});
