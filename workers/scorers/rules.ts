import { Validator } from "@cfworker/json-schema";
import { z } from "@hono/zod-openapi";
import { distance } from "fastest-levenshtein";

/**
 * Rule scorers: checks that need no model and run no user code, so the server runs them safely
 * (issue 13). Each kind is its parameters' schema and a function of what is scored; every one
 * answers a verdict (pass/fail), some a number too (similarity, coverage), and a rationale that
 * says why, in words a person reads in the trace page.
 */

/** What a scorer reads: the trace's (or record's) inputs, outputs and expectations, and trace facts. */
export type Subject = {
  inputs: unknown;
  outputs: unknown;
  expectations: Record<string, unknown>;
  /** A session's turns in order (each trace's request and response), for {{ conversation }}. */
  conversation?: { traceId: string; inputs: unknown; outputs: unknown }[];
  trace?: {
    durationMs: number;
    totalTokens: number;
    costUsd: number | null;
    toolNames: string[];
    /** The span tree as short lines (name, type, duration, status), for judges' {{ trace }}. */
    outline: string;
    /** How many spans the trace has (the outline shows at most OUTLINE_SPANS). */
    spanCount?: number;
    /** The tool spans in order, with what they were called with (for the tool-call judges). */
    toolCalls?: { name: string; arguments: unknown }[];
    /** What the retriever spans returned, as text (for the retrieval judges). */
    retrieved?: string[];
    /** Each retriever span's documents, one text per document (for retrieval_relevance). */
    retrievals?: { spanId: string; chunks: string[] }[];
  };
};

export type RuleResult =
  | { value: boolean | number; passed: boolean; rationale: string }
  | { error: { code: string; message: string } };

const MAX_TEXT = 100_000;

/** Outputs as text: a string as is, the last message's text for chat outputs, else JSON. */
export function textOf(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.slice(0, MAX_TEXT);
  const last = Array.isArray(value) ? value.at(-1) : value;
  if (last && typeof last === "object" && !Array.isArray(last)) {
    const m = last as { content?: unknown; parts?: unknown; text?: unknown };
    if (typeof m.content === "string") return m.content.slice(0, MAX_TEXT);
    if (typeof m.text === "string") return m.text.slice(0, MAX_TEXT);
    if (Array.isArray(m.parts)) {
      const texts = m.parts.flatMap((p) =>
        p && typeof p === "object" && typeof (p as { content?: unknown }).content === "string"
          ? [(p as { content: string }).content]
          : [],
      );
      if (texts.length > 0) return texts.join("\n").slice(0, MAX_TEXT);
    }
  }
  return (JSON.stringify(value) ?? "").slice(0, MAX_TEXT);
}

const missing = (field: string, rule: string): RuleResult => ({
  error: {
    code: "MISSING_EXPECTATION",
    message: `The ${rule} rule needs the expectation "${field}", which this trace or record does not have.`,
  },
});
const needsTrace = (rule: string): RuleResult => ({
  error: {
    code: "MISSING_TRACE",
    message: `The ${rule} rule reads the trace's figures; score a trace, not bare inputs and outputs.`,
  },
});
const verdict = (passed: boolean, rationale: string): RuleResult => ({ value: passed, passed, rationale });
const norm = (s: string, caseSensitive: boolean) => (caseSensitive ? s.trim() : s.trim().toLowerCase());

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** North American (415-555-0132, (415) 555 0132) and international (+44 20 7946 0958) numbers. */
const PHONE =
  /(?:\+\d{1,3}[\s.-]?\d{1,4}(?:[\s.-]?\d{2,4}){2,4}|\b(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4})\b/g;
const CARD = /\b(?:\d[ -]?){12,18}\d\b/g;

/** The Luhn checksum, so a card-shaped number that is not one is not reported. */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

export const RuleSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("exact_match"), caseSensitive: z.boolean().default(false) }).strict(),
  z
    .object({
      kind: z.literal("contains"),
      keywords: z.array(z.string().min(1).max(500)).min(1).max(100),
      mode: z.enum(["all", "any", "none"]).default("all"),
      caseSensitive: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      kind: z.literal("regex"),
      pattern: z
        .string()
        .min(1)
        .max(500)
        .refine((p) => {
          try {
            new RegExp(p, "u");
            return true;
          } catch {
            return false;
          }
        }, "must be a valid regular expression"),
      flags: z
        .string()
        .regex(/^[imsu]*$/, "may use the flags i, m, s and u")
        .default(""),
      mustMatch: z.boolean().default(true),
    })
    .strict(),
  z
    .object({
      kind: z.literal("json"),
      requiredKeys: z.array(z.string().min(1).max(200)).max(100).optional(),
      schema: z
        .record(z.string(), z.unknown())
        .optional()
        .openapi({ description: "A JSON Schema the output must match." }),
    })
    .strict(),
  z
    .object({
      kind: z.literal("length"),
      unit: z.enum(["characters", "words"]).default("characters"),
      min: z.number().int().min(0).optional(),
      max: z.number().int().min(0).optional(),
    })
    .strict(),
  z.object({ kind: z.literal("not_empty") }).strict(),
  z
    .object({
      kind: z.literal("numeric_bound"),
      min: z.number().finite().optional(),
      max: z.number().finite().optional(),
    })
    .strict(),
  z.object({ kind: z.literal("similarity"), threshold: z.number().min(0).max(1).default(0.8) }).strict(),
  z.object({ kind: z.literal("facts_coverage"), threshold: z.number().min(0).max(1).default(1) }).strict(),
  z.object({ kind: z.literal("pii") }).strict(),
  z
    .object({
      kind: z.literal("threshold"),
      metric: z.enum(["latency_ms", "total_tokens", "cost_usd"]),
      max: z.number().min(0),
    })
    .strict(),
  z
    .object({
      kind: z.literal("tool_called"),
      tool: z.string().min(1).max(200),
      called: z.boolean().default(true),
    })
    .strict(),
]);
export type Rule = z.infer<typeof RuleSchema>;

/** Runs one rule on a subject. Never throws for what it is given: problems are error results. */
export function runRule(rule: Rule, s: Subject): RuleResult {
  const out = textOf(s.outputs);
  switch (rule.kind) {
    case "exact_match": {
      const expected = s.expectations.expected_response;
      if (typeof expected !== "string") return missing("expected_response", "exact_match");
      const same = norm(out, rule.caseSensitive) === norm(expected, rule.caseSensitive);
      return verdict(
        same,
        same ? "The output is the expected response." : "The output differs from the expected response.",
      );
    }
    case "contains": {
      const hay = rule.caseSensitive ? out : out.toLowerCase();
      const found = rule.keywords.filter((k) => hay.includes(rule.caseSensitive ? k : k.toLowerCase()));
      const passed =
        rule.mode === "all"
          ? found.length === rule.keywords.length
          : rule.mode === "any"
            ? found.length > 0
            : found.length === 0;
      const missed = rule.keywords.filter((k) => !found.includes(k));
      return verdict(
        passed,
        rule.mode === "none"
          ? found.length
            ? `Found ${found.map((k) => `"${k}"`).join(", ")}.`
            : "None of the keywords appear."
          : missed.length
            ? `Missing ${missed.map((k) => `"${k}"`).join(", ")}.`
            : "Every keyword appears.",
      );
    }
    case "regex": {
      // A person's pattern may backtrack badly: it reads at most the first 10,000 characters.
      const matched = new RegExp(rule.pattern, `${rule.flags.replaceAll("u", "")}u`).test(
        out.slice(0, 10_000),
      );
      return verdict(
        matched === rule.mustMatch,
        matched ? `The output matches /${rule.pattern}/.` : `The output does not match /${rule.pattern}/.`,
      );
    }
    case "json": {
      let parsed: unknown;
      try {
        parsed = typeof s.outputs === "string" ? JSON.parse(s.outputs) : s.outputs;
      } catch {
        return verdict(false, "The output is not valid JSON.");
      }
      if (rule.requiredKeys) {
        const obj =
          parsed && typeof parsed === "object" && !Array.isArray(parsed)
            ? (parsed as Record<string, unknown>)
            : null;
        const absent = rule.requiredKeys.filter((k) => !obj || !Object.hasOwn(obj, k));
        if (absent.length > 0)
          return verdict(false, `The output lacks the keys ${absent.map((k) => `"${k}"`).join(", ")}.`);
      }
      if (rule.schema) {
        const result = new Validator(rule.schema as object, "2020-12", false).validate(parsed);
        if (!result.valid)
          return verdict(
            false,
            `The output does not match the schema: ${result.errors[0]?.error ?? "invalid"}.`,
          );
      }
      return verdict(true, "The output is valid JSON with what was required.");
    }
    case "length": {
      const n = rule.unit === "words" ? out.split(/\s+/).filter(Boolean).length : [...out].length;
      const passed = (rule.min === undefined || n >= rule.min) && (rule.max === undefined || n <= rule.max);
      return {
        value: n,
        passed,
        rationale: `The output has ${n} ${rule.unit}${rule.min !== undefined ? `, at least ${rule.min} wanted` : ""}${rule.max !== undefined ? `, at most ${rule.max} wanted` : ""}.`,
      };
    }
    case "not_empty":
      return verdict(
        out.trim() !== "" && out !== "null",
        out.trim() !== "" && out !== "null" ? "The output is not empty." : "The output is empty.",
      );
    case "numeric_bound": {
      const n = Number(out.trim());
      if (out.trim() === "" || !Number.isFinite(n)) return verdict(false, "The output is not a number.");
      const passed = (rule.min === undefined || n >= rule.min) && (rule.max === undefined || n <= rule.max);
      return { value: n, passed, rationale: passed ? `${n} is within bounds.` : `${n} is out of bounds.` };
    }
    case "similarity": {
      const expected = s.expectations.expected_response;
      if (typeof expected !== "string") return missing("expected_response", "similarity");
      const a = out.trim().toLowerCase();
      const b = expected.trim().toLowerCase().slice(0, MAX_TEXT);
      const longest = Math.max(a.length, b.length);
      const ratio = longest === 0 ? 1 : 1 - distance(a, b) / longest;
      const value = Math.round(ratio * 1000) / 1000;
      return {
        value,
        passed: value >= rule.threshold,
        rationale: `Similarity to the expected response is ${value} (edit distance), ${value >= rule.threshold ? "at or above" : "below"} ${rule.threshold}.`,
      };
    }
    case "facts_coverage": {
      const facts = s.expectations.expected_facts;
      if (!Array.isArray(facts) || facts.length === 0) return missing("expected_facts", "facts_coverage");
      const hay = out.toLowerCase();
      const covered = facts.filter((f) => typeof f === "string" && hay.includes(f.toLowerCase()));
      const value = Math.round((covered.length / facts.length) * 1000) / 1000;
      const absent = facts.filter((f) => !covered.includes(f));
      return {
        value,
        passed: value >= rule.threshold,
        rationale: `${covered.length} of ${facts.length} expected facts appear in the output${absent.length ? `; missing: ${absent.map((f) => `"${String(f)}"`).join(", ")}` : ""}.`,
      };
    }
    case "pii": {
      const found: string[] = [];
      if (out.match(EMAIL)) found.push("an email address");
      if ((out.match(CARD) ?? []).some((c) => luhn(c.replace(/\D/g, "")))) found.push("a card number");
      if ((out.match(PHONE) ?? []).some((p) => p.replace(/\D/g, "").length >= 7))
        found.push("a phone number");
      return verdict(
        found.length === 0,
        found.length ? `The output contains ${found.join(", ")}.` : "No personal data found.",
      );
    }
    case "threshold": {
      if (!s.trace) return needsTrace("threshold");
      const figure =
        rule.metric === "latency_ms"
          ? s.trace.durationMs
          : rule.metric === "total_tokens"
            ? s.trace.totalTokens
            : s.trace.costUsd;
      if (figure === null)
        return {
          error: { code: "NO_COST", message: "The trace has no cost: none of its models has a price." },
        };
      return {
        value: figure,
        passed: figure <= rule.max,
        rationale: `${rule.metric} is ${figure}, ${figure <= rule.max ? "within" : "over"} ${rule.max}.`,
      };
    }
    case "tool_called": {
      if (!s.trace) return needsTrace("tool_called");
      const called = s.trace.toolNames.includes(rule.tool);
      return verdict(
        called === rule.called,
        called ? `The tool "${rule.tool}" was called.` : `The tool "${rule.tool}" was not called.`,
      );
    }
  }
}

/** What each rule checks and what it needs, for the scorer pages and docs. */
export const RULE_KINDS: { kind: Rule["kind"]; description: string; needs: string | null }[] = [
  { kind: "exact_match", description: "The output is the expected response.", needs: "expected_response" },
  { kind: "contains", description: "Keywords appear in the output (all, any or none).", needs: null },
  { kind: "regex", description: "The output matches a regular expression.", needs: null },
  {
    kind: "json",
    description: "The output is JSON, with required keys or matching a JSON Schema.",
    needs: null,
  },
  {
    kind: "length",
    description: "The output's length in characters or words is within bounds.",
    needs: null,
  },
  { kind: "not_empty", description: "The output is not empty.", needs: null },
  { kind: "numeric_bound", description: "The output is a number within bounds.", needs: null },
  {
    kind: "similarity",
    description: "Edit-distance similarity to the expected response, 0 … 1.",
    needs: "expected_response",
  },
  {
    kind: "facts_coverage",
    description: "The share of expected facts found in the output, 0 … 1.",
    needs: "expected_facts",
  },
  { kind: "pii", description: "No email address, phone number or card number in the output.", needs: null },
  {
    kind: "threshold",
    description: "The trace's latency, tokens or cost is at most a bound.",
    needs: "a trace",
  },
  { kind: "tool_called", description: "The trace called (or did not call) a tool.", needs: "a trace" },
];
