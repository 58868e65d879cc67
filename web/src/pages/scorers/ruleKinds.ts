import type { Rule, RuleKind } from "../../api/scorers";

/** What a rule kind reads besides the outputs, so people pick one that can apply to their data. */
export type RuleNeed = "outputs" | "expected_response" | "expected_facts" | "trace";

export interface RuleKindInfo {
  kind: RuleKind;
  label: string;
  /** Passes when … (docs/scoring.md). */
  summary: string;
  needs: readonly RuleNeed[];
  /** The rule a new scorer of this kind starts from. */
  initial: Rule;
}

export const RULE_KINDS: readonly RuleKindInfo[] = [
  {
    kind: "exact_match",
    label: "Exact match",
    summary: "The output is the expected response (trimmed).",
    needs: ["expected_response"],
    initial: { kind: "exact_match", caseSensitive: false },
  },
  {
    kind: "contains",
    label: "Contains keywords",
    summary: "Keywords appear in the output: all, any or none of them.",
    needs: ["outputs"],
    initial: { kind: "contains", keywords: [], mode: "all", caseSensitive: false },
  },
  {
    kind: "regex",
    label: "Regular expression",
    summary: "The output matches a pattern (or, inverted, does not).",
    needs: ["outputs"],
    initial: { kind: "regex", pattern: "", flags: "", mustMatch: true },
  },
  {
    kind: "json",
    label: "Valid JSON",
    summary: "The output is JSON, with required keys or matching a JSON Schema.",
    needs: ["outputs"],
    initial: { kind: "json" },
  },
  {
    kind: "length",
    label: "Length",
    summary: "The output's characters or words are within bounds; the value is the length.",
    needs: ["outputs"],
    initial: { kind: "length", unit: "characters" },
  },
  {
    kind: "not_empty",
    label: "Not empty",
    summary: "The output is not empty.",
    needs: ["outputs"],
    initial: { kind: "not_empty" },
  },
  {
    kind: "numeric_bound",
    label: "Number in range",
    summary: "The output is a number between min and max.",
    needs: ["outputs"],
    initial: { kind: "numeric_bound" },
  },
  {
    kind: "similarity",
    label: "Similarity",
    summary: "Edit-distance similarity to the expected response reaches a threshold (0 … 1).",
    needs: ["expected_response"],
    initial: { kind: "similarity", threshold: 0.8 },
  },
  {
    kind: "facts_coverage",
    label: "Facts coverage",
    summary: "The share of expected facts found in the output reaches a threshold.",
    needs: ["expected_facts"],
    initial: { kind: "facts_coverage", threshold: 1 },
  },
  {
    kind: "pii",
    label: "No PII",
    summary: "No email address, phone number or (Luhn-checked) card number in the output.",
    needs: ["outputs"],
    initial: { kind: "pii" },
  },
  {
    kind: "threshold",
    label: "Trace threshold",
    summary: "The trace's latency, tokens or cost stays at or under a maximum.",
    needs: ["trace"],
    initial: { kind: "threshold", metric: "latency_ms", max: 5000 },
  },
  {
    kind: "tool_called",
    label: "Tool called",
    summary: "The trace has (or has not) a TOOL span with a given name.",
    needs: ["trace"],
    initial: { kind: "tool_called", tool: "", called: true },
  },
];

export const NEED_LABEL: Readonly<Record<RuleNeed, string>> = {
  outputs: "outputs",
  expected_response: "expectation expected_response",
  expected_facts: "expectation expected_facts",
  trace: "a trace",
};

export function ruleKindInfo(kind: RuleKind): RuleKindInfo {
  return RULE_KINDS.find((info) => info.kind === kind) ?? (RULE_KINDS[0] as RuleKindInfo);
}
