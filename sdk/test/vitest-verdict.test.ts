/**
 * describeEval()'s verdict on a case: each scorer's results against its gate ("pass" by default,
 * bounds, "ignore"); a scorer's error fails the case; the gates given are checked.
 */
import { describe, expect, it } from "vitest";
import type { EvaluationScore } from "../src/index.ts";
import { checkGates, failureMessage, failuresOf } from "../src/vitest/verdict.ts";

const result = (scorer: string, value: unknown, over: Partial<EvaluationScore> = {}): EvaluationScore => ({
  scorer,
  scorerVersionId: null,
  repeat: 1,
  value,
  passed: typeof value === "boolean" ? value : null,
  rationale: null,
  error: null,
  costUsd: null,
  assessmentId: null,
  ...over,
});

describe("a case's verdict", () => {
  it("passes a passing or numeric result by default and fails a failed one, with its rationale", () => {
    const scores = [
      result("refund", true),
      result("similarity", 0.2),
      result("polite", false, { rationale: "rude" }),
    ];
    expect(failuresOf(scores, {})).toEqual(["polite: failed with false — rude"]);
  });

  it("checks bounds on numbers (booleans and yes/no as 1/0) and leaves ignored scorers out", () => {
    const scores = [
      result("words", 18),
      result("similarity", 0.5),
      result("tone", "no"),
      result("style", false),
    ];
    expect(
      failuresOf(scores, { words: { max: 12 }, similarity: { min: 0.5 }, tone: { min: 1 }, style: "ignore" }),
    ).toEqual(["words: 18 is above 12", "tone: 0 is below 1"]);
    expect(failuresOf([result("label", "great")], { label: { min: 1 } })).toEqual([
      'label: "great" is not a number',
    ]);
  });

  it("fails on a scorer's error rather than passing it silently, naming the repeat when there are several", () => {
    const error = { code: "JUDGE_TIMEOUT", message: "no answer in 30 s" };
    const scores = [result("correct", true), result("correct", null, { repeat: 2, error })];
    expect(failuresOf(scores, {})).toEqual(["correct (repeat 2): error JUDGE_TIMEOUT: no answer in 30 s"]);
    expect(failuresOf(scores, { correct: "ignore" })).toEqual([]);
  });

  it("writes the failures and the outputs into the test's message", () => {
    expect(failureMessage(["a: failed with false", "b: 3 is below 4"], { answer: "x" })).toBe(
      '2 scorers failed the case:\n  a: failed with false\n  b: 3 is below 4\noutputs: {"answer":"x"}',
    );
  });

  it("refuses gates that are not a scorer's name to pass, ignore or bounds", () => {
    expect(checkGates("describeEval()", undefined)).toEqual({});
    expect(() => checkGates("describeEval()", { words: { max: "12" } })).toThrow(
      /gates\.words must be "pass", "ignore" or \{ min\?, max\? \}/,
    );
    expect(() => checkGates("describeEval()", { words: "must" })).toThrow(/gates\.words must be/);
    expect(() => checkGates("describeEval()", ["pass"])).toThrow(/gates must map scorer names/);
  });
});
