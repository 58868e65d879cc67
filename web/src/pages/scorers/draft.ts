import type {
  BuiltinJudge,
  JudgeDefinition,
  Rule,
  RuleKind,
  ScorerDefinition,
  ValueType,
} from "../../api/scorers";
import { builtinFields, builtinOf } from "./builtinDraft";
import { modelProblem } from "./modelUri";
import { ruleKindInfo } from "./ruleKinds";
import { templateProblem } from "./template";

/**
 * The scorer editor's state: every field as the text a person types, turned into a definition
 * (or per-field messages) only when it is saved or run.
 */
export interface ScorerDraft {
  /** A rule, a custom LLM judge or a built-in judge. */
  type: "rule" | "judge" | "builtin";
  kind: RuleKind;
  /** contains: one keyword per line. */
  keywords: string;
  mode: "all" | "any" | "none";
  caseSensitive: boolean;
  pattern: string;
  flags: string;
  mustMatch: boolean;
  /** json: comma-separated. */
  requiredKeys: string;
  /** json: a JSON Schema as text. */
  schema: string;
  unit: "characters" | "words";
  min: string;
  max: string;
  threshold: string;
  metric: "latency_ms" | "total_tokens" | "cost_usd";
  tool: string;
  called: boolean;
  instructions: string;
  valueKind: ValueType["kind"];
  /** label: one per line. */
  labels: string;
  /** The judge's and the built-in's. */
  model: string;
  temperature: string;
  judge: BuiltinJudge;
  /** guidelines, conversational_guidelines: one rule per row; empty rows are left out. */
  guidelines: string[];
  /** tool_call_correctness: compare with expected_tool_calls without a model. */
  exact: boolean;
}

export type DraftField = keyof ScorerDraft;
/** Per field, and per guideline row as "guidelines.<index>". */
export type DraftErrors = Partial<Record<DraftField | `guidelines.${number}`, string>>;

export const EMPTY_DRAFT: ScorerDraft = {
  type: "judge",
  kind: "contains",
  keywords: "",
  mode: "all",
  caseSensitive: false,
  pattern: "",
  flags: "",
  mustMatch: true,
  requiredKeys: "",
  schema: "",
  unit: "characters",
  min: "",
  max: "",
  threshold: "",
  metric: "latency_ms",
  tool: "",
  called: true,
  instructions:
    "Does the answer resolve the user's question?\n\nQuestion: {{ inputs }}\nAnswer: {{ outputs }}",
  valueKind: "bool",
  labels: "",
  model: "",
  temperature: "",
  judge: "correctness",
  guidelines: [],
  exact: false,
};

const text = (value: number | undefined) => (value === undefined ? "" : String(value));

/** The draft that shows a stored definition. */
export function draftOf(definition: ScorerDefinition): ScorerDraft {
  if (definition.type === "judge") {
    const valueType = definition.valueType;
    return {
      ...EMPTY_DRAFT,
      type: "judge",
      instructions: definition.instructions,
      valueKind: valueType.kind,
      min: valueType.kind === "number" ? text(valueType.min) : "",
      max: valueType.kind === "number" ? text(valueType.max) : "",
      labels: valueType.kind === "label" ? valueType.labels.join("\n") : "",
      model: definition.model,
      temperature: text(definition.temperature),
    };
  }
  if (definition.type === "rule")
    return { ...EMPTY_DRAFT, type: "rule", instructions: "", ...ruleFields(definition.rule) };
  return { ...EMPTY_DRAFT, ...builtinFields(definition) };
}

function ruleFields(rule: Rule): Partial<ScorerDraft> {
  switch (rule.kind) {
    case "exact_match":
      return { kind: rule.kind, caseSensitive: rule.caseSensitive };
    case "contains":
      return {
        kind: rule.kind,
        keywords: rule.keywords.join("\n"),
        mode: rule.mode,
        caseSensitive: rule.caseSensitive,
      };
    case "regex":
      return { kind: rule.kind, pattern: rule.pattern, flags: rule.flags, mustMatch: rule.mustMatch };
    case "json":
      return {
        kind: rule.kind,
        requiredKeys: (rule.requiredKeys ?? []).join(", "),
        schema: rule.schema ? JSON.stringify(rule.schema, null, 2) : "",
      };
    case "length":
      return { kind: rule.kind, unit: rule.unit, min: text(rule.min), max: text(rule.max) };
    case "numeric_bound":
      return { kind: rule.kind, min: text(rule.min), max: text(rule.max) };
    case "similarity":
    case "facts_coverage":
      return { kind: rule.kind, threshold: text(rule.threshold) };
    case "threshold":
      return { kind: rule.kind, metric: rule.metric, max: text(rule.max) };
    case "tool_called":
      return { kind: rule.kind, tool: rule.tool, called: rule.called };
    default:
      return { kind: rule.kind };
  }
}

/** A draft of a new rule of this kind, keeping what else was typed. */
export function withRuleKind(draft: ScorerDraft, kind: RuleKind): ScorerDraft {
  return { ...draft, ...ruleFields(ruleKindInfo(kind).initial), type: "rule", kind };
}

export type DraftResult = { ok: true; definition: ScorerDefinition } | { ok: false; errors: DraftErrors };

/** Reads the numbers typed in the draft's fields, naming the ones that are not numbers. */
class Reader {
  errors: DraftErrors = {};
  constructor(private readonly draft: ScorerDraft) {}

  number(field: "min" | "max" | "threshold" | "temperature", required = false): number | undefined {
    const raw = this.draft[field].trim();
    if (raw === "") {
      if (required) this.errors[field] = "Required.";
      return undefined;
    }
    const value = Number(raw);
    if (!Number.isFinite(value)) this.errors[field] = "Must be a number.";
    return Number.isFinite(value) ? value : undefined;
  }

  lines(field: "keywords" | "labels"): string[] {
    return this.draft[field]
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
  }
}

function ruleOf(draft: ScorerDraft, read: Reader): Rule {
  switch (draft.kind) {
    case "exact_match":
      return { kind: "exact_match", caseSensitive: draft.caseSensitive };
    case "contains": {
      const keywords = read.lines("keywords");
      if (keywords.length === 0) read.errors.keywords = "Give at least one keyword.";
      return { kind: "contains", keywords, mode: draft.mode, caseSensitive: draft.caseSensitive };
    }
    case "regex":
      if (draft.pattern === "") read.errors.pattern = "Required.";
      return { kind: "regex", pattern: draft.pattern, flags: draft.flags.trim(), mustMatch: draft.mustMatch };
    case "json": {
      const requiredKeys = draft.requiredKeys
        .split(",")
        .map((key) => key.trim())
        .filter(Boolean);
      let schema: Record<string, unknown> | undefined;
      if (draft.schema.trim() !== "") {
        try {
          const parsed = JSON.parse(draft.schema) as unknown;
          if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
            schema = parsed as Record<string, unknown>;
          else read.errors.schema = "A JSON Schema is an object.";
        } catch {
          read.errors.schema = "Not valid JSON.";
        }
      }
      return {
        kind: "json",
        ...(requiredKeys.length > 0 ? { requiredKeys } : {}),
        ...(schema ? { schema } : {}),
      };
    }
    case "length":
      return { kind: "length", unit: draft.unit, min: read.number("min"), max: read.number("max") };
    case "numeric_bound":
      return { kind: "numeric_bound", min: read.number("min"), max: read.number("max") };
    case "similarity":
      return { kind: "similarity", threshold: read.number("threshold") ?? 0.8 };
    case "facts_coverage":
      return { kind: "facts_coverage", threshold: read.number("threshold") ?? 1 };
    case "threshold":
      return { kind: "threshold", metric: draft.metric, max: read.number("max", true) ?? 0 };
    case "tool_called":
      if (draft.tool.trim() === "") read.errors.tool = "Name the tool.";
      return { kind: "tool_called", tool: draft.tool.trim(), called: draft.called };
    case "not_empty":
    case "pii":
      return { kind: draft.kind };
  }
}

function valueTypeOf(draft: ScorerDraft, read: Reader): ValueType {
  switch (draft.valueKind) {
    case "number":
      return { kind: "number", min: read.number("min"), max: read.number("max") };
    case "label": {
      const labels = read.lines("labels");
      if (labels.length < 2) read.errors.labels = "Give at least two labels, one per line.";
      return { kind: "label", labels };
    }
    default:
      return { kind: draft.valueKind };
  }
}

function judgeOf(draft: ScorerDraft, read: Reader): JudgeDefinition {
  const problem = templateProblem(draft.instructions);
  if (problem) read.errors.instructions = problem;
  const model = draft.model.trim();
  const modelError = modelProblem(model);
  if (modelError) read.errors.model = modelError;
  const temperature = read.number("temperature");
  return {
    type: "judge",
    instructions: draft.instructions,
    valueType: valueTypeOf(draft, read),
    model,
    ...(temperature !== undefined ? { temperature } : {}),
  };
}

/** The definition a draft stands for, or what to fix first. Undefined bounds are left out of the JSON. */
export function definitionOf(draft: ScorerDraft): DraftResult {
  const read = new Reader(draft);
  const definition: ScorerDefinition =
    draft.type === "judge"
      ? judgeOf(draft, read)
      : draft.type === "builtin"
        ? builtinOf(draft, read.errors)
        : { type: "rule", rule: ruleOf(draft, read) };
  if (Object.keys(read.errors).length > 0) return { ok: false, errors: read.errors };
  return { ok: true, definition: JSON.parse(JSON.stringify(definition)) as ScorerDefinition };
}
