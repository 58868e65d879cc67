import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/errors";
import { conditionOf, NEW_RULE, ruleErrorsFrom, ruleInputOf, watchesOf, windowOf } from "./rules";

describe("a new alert rule", () => {
  it("starts as a drop on a pass rate and leaves the direction to the server", () => {
    const built = ruleInputOf({ ...NEW_RULE, name: " Correctness dropped ", assessmentName: "correctness" });
    expect(built.errors).toBeNull();
    expect(built.input).toEqual({
      name: "Correctness dropped",
      assessmentName: "correctness",
      config: {
        kind: "drop",
        metric: "pass_rate",
        minEffect: 0.1,
        windowMinutes: 60,
        minSamples: 30,
        m: 1,
        n: 1,
        cooldownWindows: 3,
      },
    });
  });

  it("sends a trace metric's model, not a feedback name or monitor", () => {
    const built = ruleInputOf({
      ...NEW_RULE,
      name: "Slow",
      kind: "threshold",
      metric: "latency_p95",
      assessmentName: "left over",
      monitorId: "mon_1",
      model: "gpt-4o",
      direction: "above",
      threshold: "2000",
    });
    expect(built.input).toMatchObject({
      model: "gpt-4o",
      config: { kind: "threshold", threshold: 2000, direction: "above" },
    });
    expect(built.input).not.toHaveProperty("assessmentName");
    expect(built.input).not.toHaveProperty("monitorId");
  });

  it("names the fields it cannot send: no name, no feedback name, not a number, a drop on latency", () => {
    const built = ruleInputOf({ ...NEW_RULE, metric: "latency_p95", minEffect: "abc", m: "" });
    expect(built.errors).toEqual({
      name: expect.any(String),
      metric: expect.stringMatching(/threshold/),
      m: "Enter a number.",
    });
    expect(ruleInputOf({ ...NEW_RULE, name: "x", assessmentName: "y", minEffect: "abc" }).errors).toEqual({
      minEffect: "Enter a number.",
    });
    expect(ruleInputOf({ ...NEW_RULE, name: "x" }).errors).toEqual({ assessmentName: expect.any(String) });
  });

  it("shows the API's config.* messages at the dialog's own fields", () => {
    const error = new ApiError({
      status: 422,
      code: "INVALID_INPUT",
      message:
        "Invalid body. config.windowMinutes: must divide a day evenly; config.m: must not be greater than n",
    });
    expect(ruleErrorsFrom(error)).toEqual({
      fields: { windowMinutes: "Must divide a day evenly", m: "Must not be greater than n" },
      form: null,
    });
    expect(ruleErrorsFrom(new Error("boom"))).toBeUndefined();
  });
});

describe("a rule in the list", () => {
  const drop = {
    config: {
      kind: "drop",
      metric: "pass_rate",
      direction: "below",
      minEffect: 0.1,
      windowMinutes: 60,
      m: 2,
      n: 3,
    },
    assessmentName: "correctness",
    monitorId: "mon_1",
    model: null,
  };

  it("says what it watches, when it fires and on which windows", () => {
    expect(watchesOf(drop, () => "Correctness")).toBe("Pass rate of correctness (monitor Correctness)");
    expect(conditionOf(drop)).toBe("10 points below baseline");
    expect(windowOf(drop)).toBe("60 min, 2 of 3");
    const threshold = {
      config: {
        kind: "threshold",
        metric: "error_rate",
        direction: "above",
        threshold: 0.05,
        windowMinutes: 1440,
        m: 1,
        n: 1,
      },
      assessmentName: null,
      monitorId: null,
      model: "gpt-4o",
    };
    expect(watchesOf(threshold, () => undefined)).toBe("Error rate of gpt-4o calls");
    expect(conditionOf(threshold)).toBe("above 5 %");
    expect(windowOf(threshold)).toBe("1 d");
  });
});
