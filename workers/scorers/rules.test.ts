import { describe, expect, it } from "vitest";
import { type Rule, RuleSchema, runRule, type Subject } from "./rules";

const subject = (
  outputs: unknown,
  expectations: Record<string, unknown> = {},
  trace?: Subject["trace"],
): Subject => ({
  inputs: null,
  outputs,
  expectations,
  ...(trace ? { trace } : {}),
});
const run = (rule: Record<string, unknown>, s: Subject) => runRule(RuleSchema.parse(rule) as Rule, s);
const passed = (rule: Record<string, unknown>, s: Subject) => {
  const r = run(rule, s);
  if ("error" in r) throw new Error(r.error.message);
  return r.passed;
};

describe("rule scorers", () => {
  it("match exactly (trimmed, case-insensitive by default) and say when the expectation is missing", () => {
    expect(passed({ kind: "exact_match" }, subject(" Paris ", { expected_response: "paris" }))).toBe(true);
    expect(
      passed({ kind: "exact_match", caseSensitive: true }, subject("Paris", { expected_response: "paris" })),
    ).toBe(false);
    expect(run({ kind: "exact_match" }, subject("Paris"))).toMatchObject({
      error: { code: "MISSING_EXPECTATION" },
    });
  });

  it("read chat outputs as their last message's text", () => {
    const chat = [{ role: "assistant", parts: [{ type: "text", content: "Your refund is on its way" }] }];
    expect(passed({ kind: "contains", keywords: ["refund"] }, subject(chat))).toBe(true);
    expect(
      passed(
        { kind: "contains", keywords: ["REFUND", "sorry"], mode: "any" },
        subject({ role: "assistant", content: "Refund sent" }),
      ),
    ).toBe(true);
    expect(passed({ kind: "contains", keywords: ["refund"], mode: "none" }, subject("Refund sent"))).toBe(
      false,
    );
  });

  it("check regexes, JSON (keys and schema), lengths, emptiness and numeric bounds", () => {
    expect(passed({ kind: "regex", pattern: "^\\d{3}-\\d{4}$" }, subject("555-1234"))).toBe(true);
    expect(passed({ kind: "regex", pattern: "error", mustMatch: false }, subject("all good"))).toBe(true);
    expect(() => RuleSchema.parse({ kind: "regex", pattern: "(" })).toThrow();
    expect(passed({ kind: "json", requiredKeys: ["answer"] }, subject('{"answer": 4}'))).toBe(true);
    expect(passed({ kind: "json" }, subject("{not json"))).toBe(false);
    const schema = { type: "object", properties: { answer: { type: "number" } }, required: ["answer"] };
    expect(passed({ kind: "json", schema }, subject({ answer: 4 }))).toBe(true);
    expect(passed({ kind: "json", schema }, subject({ answer: "four" }))).toBe(false);
    expect(run({ kind: "length", unit: "words", max: 3 }, subject("one two three four"))).toMatchObject({
      value: 4,
      passed: false,
    });
    expect(passed({ kind: "not_empty" }, subject("  "))).toBe(false);
    expect(run({ kind: "numeric_bound", min: 0, max: 10 }, subject("7.5"))).toMatchObject({
      value: 7.5,
      passed: true,
    });
    expect(passed({ kind: "numeric_bound", max: 10 }, subject("eleven"))).toBe(false);
  });

  it("score similarity and facts coverage as numbers with a verdict by threshold", () => {
    expect(
      run(
        { kind: "similarity", threshold: 0.8 },
        subject("The capital is Paris.", { expected_response: "The capital is Paris" }),
      ),
    ).toMatchObject({ passed: true });
    expect(run({ kind: "similarity" }, subject("Berlin", { expected_response: "Paris" }))).toMatchObject({
      passed: false,
    });
    const facts = { expected_facts: ["refunds take 5 days", "no fee"] };
    expect(
      run({ kind: "facts_coverage", threshold: 0.5 }, subject("Refunds take 5 days.", facts)),
    ).toMatchObject({ value: 0.5, passed: true });
    expect(run({ kind: "facts_coverage" }, subject("Refunds take 5 days.", facts))).toMatchObject({
      value: 0.5,
      passed: false,
    });
  });

  it("find personal data: emails, phone numbers, and card numbers only when their checksum holds", () => {
    expect(passed({ kind: "pii" }, subject("Write to ada@example.com"))).toBe(false);
    expect(passed({ kind: "pii" }, subject("Call +1 415-555-0132 now"))).toBe(false);
    expect(passed({ kind: "pii" }, subject("Card 4111 1111 1111 1111"))).toBe(false);
    expect(passed({ kind: "pii" }, subject("Order 1234 5678 9012 3456 shipped"))).toBe(true);
    expect(passed({ kind: "pii" }, subject("Nothing personal here."))).toBe(true);
  });

  it("compare a trace's latency, tokens and cost with a bound, and tell which tools were called", () => {
    const trace = {
      durationMs: 1200,
      totalTokens: 800,
      costUsd: null,
      toolNames: ["lookup_order"],
      outline: "",
    };
    expect(
      run({ kind: "threshold", metric: "latency_ms", max: 1000 }, subject("x", {}, trace)),
    ).toMatchObject({ value: 1200, passed: false });
    expect(run({ kind: "threshold", metric: "cost_usd", max: 1 }, subject("x", {}, trace))).toMatchObject({
      error: { code: "NO_COST" },
    });
    expect(passed({ kind: "tool_called", tool: "lookup_order" }, subject("x", {}, trace))).toBe(true);
    expect(passed({ kind: "tool_called", tool: "refund", called: false }, subject("x", {}, trace))).toBe(
      true,
    );
    expect(run({ kind: "tool_called", tool: "refund" }, subject("x"))).toMatchObject({
      error: { code: "MISSING_TRACE" },
    });
  });
});
