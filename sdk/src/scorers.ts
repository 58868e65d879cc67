/**
 * The scorer registry and the scoring endpoint (docs/scoring.md): scorers kept per project as
 * immutable versions, each a rule (a check the server runs without a model or user code) or a
 * custom LLM judge, and `score()`, which runs one on a stored trace or on given inputs and
 * outputs. The builders (`rules.*`, `makeJudge`) write definitions with the API's field names and
 * check what can be checked here, so a mistake fails at once with a message naming it; the server
 * checks everything again and its 422 comes back as an `api_error`. Like the assessments calls,
 * nothing is retried: a second POST of a scorer or a persisted score would store it twice.
 */
import { type ApiClient, invalidInput } from "./api.ts";
import { absent, argumentsOf, nameOf, shown, traceIdOf, unexpected } from "./assessments.ts";
import { checkBoolean, defined, idOf, isObject, optionalString } from "./checks.ts";

const scorerIdOf = (call: string, scorerId: unknown): string => idOf(call, "scorerId", scorerId);

/** A rule: a check that needs no model and runs no user code. Omitted fields take the server's defaults. */
export type Rule =
  /** The output is `expected_response` (trimmed). Default case-insensitive. */
  | { kind: "exact_match"; caseSensitive?: boolean }
  /** The keywords appear: all of them (default), any, or none. Default case-insensitive. */
  | { kind: "contains"; keywords: string[]; mode?: "all" | "any" | "none"; caseSensitive?: boolean }
  /** The output matches `pattern` (flags among i, m, s, u); `mustMatch: false` for the opposite. */
  | { kind: "regex"; pattern: string; flags?: string; mustMatch?: boolean }
  /** The output is JSON, with `requiredKeys`, matching `schema` (JSON Schema 2020-12). */
  | { kind: "json"; requiredKeys?: string[]; schema?: Record<string, unknown> }
  /** `min` ≤ characters (default) or words ≤ `max`; its value is the length. */
  | { kind: "length"; unit?: "characters" | "words"; min?: number; max?: number }
  | { kind: "not_empty" }
  /** The output is a number within `min` … `max`; its value is the number. */
  | { kind: "numeric_bound"; min?: number; max?: number }
  /** Edit-distance similarity to `expected_response` ≥ `threshold` (default 0.8); its value is 0 … 1. */
  | { kind: "similarity"; threshold?: number }
  /** The share of `expected_facts` found in the output ≥ `threshold` (default 1). */
  | { kind: "facts_coverage"; threshold?: number }
  /** No email address, phone number or (Luhn-checked) card number. */
  | { kind: "pii" }
  /** The trace's latency, tokens or cost ≤ `max` (traces only); its value is the figure. */
  | { kind: "threshold"; metric: "latency_ms" | "total_tokens" | "cost_usd"; max: number }
  /** The trace has (or, `called: false`, has not) a TOOL span named `tool` (traces only). */
  | { kind: "tool_called"; tool: string; called?: boolean };

export type RuleKind = Rule["kind"];

/** What a judge answers: yes/no, a number (in a range), one of some labels, or free text. */
export type JudgeValueType =
  | { kind: "bool" }
  | { kind: "number"; min?: number; max?: number }
  | { kind: "label"; labels: string[] }
  | { kind: "text" };

export interface RuleDefinition {
  type: "rule";
  rule: Rule;
}

/** A custom LLM judge (`make_judge`): instructions with placeholders, the answer's type, a model URI. */
export interface JudgeDefinition {
  type: "judge";
  /** Uses only {{ inputs }}, {{ outputs }}, {{ expectations }}, {{ trace }}, {{ conversation }}. */
  instructions: string;
  /** Default `{ kind: "bool" }`. */
  valueType?: JudgeValueType;
  /** `<provider>:/<model>`, a provider of the organization: "openai:/gpt-4o-mini". */
  model: string;
  /** 0 … 2. */
  temperature?: number;
}

/**
 * The built-in LLM judges (docs/scoring.md); each answers yes/no with a rationale, but
 * user_frustration (none / resolved / unresolved). The last five judge a whole session
 * (`score({ target: { sessionId } })`). The server's list (workers/judges/builtins.ts), in its
 * order; scripts/sdk-sync.test.ts keeps the two in step.
 */
export const BUILTIN_JUDGES = [
  "correctness",
  "safety",
  "guidelines",
  "expectations_guidelines",
  "relevance_to_query",
  "completeness",
  "fluency",
  "equivalence",
  "summarization",
  "retrieval_groundedness",
  "retrieval_relevance",
  "retrieval_sufficiency",
  "tool_call_correctness",
  "tool_call_efficiency",
  "conversation_completeness",
  "user_frustration",
  "knowledge_retention",
  "conversational_guidelines",
  "conversational_safety",
] as const;
export type BuiltinJudge = (typeof BUILTIN_JUDGES)[number];

/**
 * A model URI, `<provider>:/<model>`, as the server checks it (MODEL_URI and ModelUriSchema in
 * workers/judges/parse.ts; scripts/sdk-sync.test.ts keeps the two in step).
 */
const isModelUri = (model: unknown): model is string =>
  typeof model === "string" && model.length <= 300 && /^[a-z0-9][a-z0-9_-]{0,63}:\/.+$/.test(model);

/** A built-in judge with its model; `guidelines` for the guidelines judge, `exact` for tool_call_correctness. */
export interface BuiltinDefinition {
  type: "builtin";
  judge: BuiltinJudge;
  /** `<provider>:/<model>`. */
  model: string;
  guidelines?: string[];
  exact?: boolean;
}

export type ScorerDefinition = RuleDefinition | JudgeDefinition | BuiltinDefinition;

/**
 * A built-in judge's definition: `builtin("correctness", { model: "openai:/gpt-4o-mini" })`.
 * Throws a SightlineError (`invalid_input`) for an unknown judge, a model that is not a model
 * URI, or the guidelines judge without its guidelines.
 */
export function builtin(
  judge: BuiltinJudge,
  options: { model: string; guidelines?: string[]; exact?: boolean },
): BuiltinDefinition {
  const call = "builtin()";
  const { model, guidelines, exact } = argumentsOf(call, options);
  const definition = defined({ type: "builtin" as const, judge, model, guidelines, exact });
  checkBuiltin(call, definition);
  return definition as BuiltinDefinition;
}

/** The judges that read their guidelines from the definition (a definition without them can never score). */
const JUDGES_WITH_GUIDELINES: readonly string[] = ["guidelines", "conversational_guidelines"];
const BUILTIN_FIELDS = ["type", "judge", "model", "guidelines", "exact"];

/**
 * Checks a built-in judge's definition as the server's BuiltinDefinition does
 * (workers/scorers/definitions.ts): a known judge, a model URI, guidelines of 1–50 strings of
 * 1–2,000 characters, `exact` a boolean, no other field. A guidelines judge also needs its guidelines.
 */
function checkBuiltin(call: string, def: Record<string, unknown>): void {
  const { judge, model, guidelines, exact } = def;
  if (!(BUILTIN_JUDGES as readonly unknown[]).includes(judge))
    throw invalidInput(call, `judge must be one of ${BUILTIN_JUDGES.join(", ")}, got ${shown(judge)}`);
  if (!isModelUri(model))
    throw invalidInput(call, `model must be a model URI such as "openai:/gpt-4o-mini", got ${shown(model)}`);
  if (
    guidelines !== undefined &&
    (!Array.isArray(guidelines) ||
      guidelines.length === 0 ||
      guidelines.length > 50 ||
      !guidelines.every((g) => typeof g === "string" && g !== "" && g.length <= 2_000))
  )
    throw invalidInput(
      call,
      `guidelines must be a list of 1 to 50 non-empty strings of at most 2000 characters, got ${shown(guidelines)}`,
    );
  if (guidelines === undefined && JUDGES_WITH_GUIDELINES.includes(String(judge)))
    throw invalidInput(call, `the ${String(judge)} judge needs guidelines: a non-empty list of strings`);
  checkBoolean(call, "exact", exact);
  const extra = Object.keys(def).filter((k) => !BUILTIN_FIELDS.includes(k) && def[k] !== undefined);
  if (extra.length > 0) throw invalidInput(call, `a builtin definition has no field ${extra.join(", ")}`);
}

/** One immutable version of a scorer. */
export interface ScorerVersion {
  id: string;
  /** 1, 2, … */
  version: number;
  definition: ScorerDefinition;
  /** What this version changed ("" when not said). */
  message: string;
  /** ISO 8601. */
  createdAt: string;
}

export interface Scorer {
  id: string;
  /** Unique in the project; the name of the feedback it writes. */
  name: string;
  description: string;
  /** The latest version's definition type: "rule", "judge" or "builtin". */
  kind: string;
  archived: boolean;
  latest: ScorerVersion;
  createdAt: string;
  updatedAt: string;
}

export interface ListScorersOptions {
  /** Also the archived scorers. Default false. */
  archived?: boolean;
}

export interface CreateScorerOptions {
  name: string;
  description?: string;
  definition: ScorerDefinition;
  /** What version 1 is. */
  message?: string;
}

export interface CreateScorerVersionOptions {
  scorerId: string;
  definition: ScorerDefinition;
  /** What this version changes. */
  message?: string;
}

export interface UpdateScorerOptions {
  scorerId: string;
  description?: string;
  archived?: boolean;
}

/** What score() runs on: a stored trace, or inputs, outputs and expectations given here. */
export type ScoreTarget =
  | { traceId: string }
  | { inputs?: unknown; outputs: unknown; expectations?: Record<string, unknown> };

/** Which scorer score() runs: a stored version, a scorer's latest version, or a definition given inline. */
export type ScorerRef =
  | { versionId: string }
  | { scorerId: string }
  | { name: string; definition: ScorerDefinition };

export interface ScoreOptions {
  target: ScoreTarget;
  scorer: ScorerRef;
  /** Store the result as feedback on the trace (trace targets only; needs a key that writes feedback). */
  persist?: boolean;
}

/** What score() resolves to. A scorer that could not apply has `error` set and no value, never a default. */
export interface ScoreResult {
  /** The scorer's name: the feedback's name. */
  name: string;
  value: boolean | number | string | null;
  passed: boolean | null;
  rationale: string | null;
  /** MISSING_EXPECTATION, MISSING_TRACE, NO_COST, a judge's TIMEOUT, REFUSED, BUDGET_EXHAUSTED, … */
  error: { code: string; message: string } | null;
  /** A judge's model call. */
  usage: {
    model: string;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
    latencyMs: number;
  } | null;
  /** Null for an inline definition. */
  scorerVersionId: string | null;
  /** The stored feedback's id, with `persist`. */
  assessmentId: string | null;
}

// ---------------------------------------------------------------------------------------------
// Builders

/** The variables judge instructions may use, as the server knows them (workers/judges/template.ts). */
export const JUDGE_VARIABLES = ["inputs", "outputs", "expectations", "trace", "conversation"] as const;
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const variablesList = JUDGE_VARIABLES.map((v) => `{{ ${v} }}`).join(", ");

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value);

function checkRange(call: string, min: unknown, max: unknown, integer = false, floor?: number): void {
  for (const [field, v] of [
    ["min", min],
    ["max", max],
  ] as const) {
    if (v === undefined) continue;
    if (!isFiniteNumber(v) || (integer && !Number.isInteger(v)) || (floor !== undefined && v < floor))
      throw invalidInput(
        call,
        `${field} must be ${integer ? "an integer" : "a finite number"}${floor === undefined ? "" : ` ≥ ${floor}`}, got ${shown(v)}`,
      );
  }
  if (isFiniteNumber(min) && isFiniteNumber(max) && min > max)
    throw invalidInput(call, `min (${min}) is above max (${max})`);
}

function checkShare(call: string, threshold: unknown): void {
  if (threshold !== undefined && (!isFiniteNumber(threshold) || threshold < 0 || threshold > 1))
    throw invalidInput(call, `threshold must be a number from 0 to 1, got ${shown(threshold)}`);
}

function checkStrings(call: string, field: string, value: unknown, required: boolean): void {
  if (value === undefined && !required) return;
  if (
    !Array.isArray(value) ||
    (required && value.length === 0) ||
    !value.every((k) => typeof k === "string" && k !== "")
  )
    throw invalidInput(
      call,
      `${field} must be a${required ? " non-empty" : ""} list of non-empty strings, got ${shown(value)}`,
    );
}

/** Flags that do not change whether a RegExp matches once (g, y, d) are dropped; the server takes i, m, s, u. */
function regexParts(call: string, pattern: string | RegExp, flags: string | undefined) {
  const source = pattern instanceof RegExp ? pattern.source : pattern;
  const given = flags ?? (pattern instanceof RegExp ? pattern.flags.replace(/[gyd]/g, "") : "");
  if (typeof source !== "string" || source === "")
    throw invalidInput(call, `pattern must be a non-empty string or a RegExp, got ${shown(pattern)}`);
  if (!/^[imsu]*$/.test(given)) throw invalidInput(call, `flags may be i, m, s and u only, got "${given}"`);
  try {
    new RegExp(source, "u");
  } catch (error) {
    throw invalidInput(
      call,
      `pattern is not a valid regular expression (read with the u flag): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { pattern: source, flags: given === "" ? undefined : given };
}

/** Checks a rule's parameters as far as the SDK can; the server checks them again. */
function checkRule(call: string, rule: unknown): void {
  if (!isObject(rule)) throw invalidInput(call, `definition.rule must be an object, got ${shown(rule)}`);
  const r = rule as Record<string, unknown>;
  switch (r.kind) {
    case "exact_match":
      checkBoolean(call, "caseSensitive", r.caseSensitive);
      return;
    case "contains":
      checkStrings(call, "keywords", r.keywords, true);
      if (r.mode !== undefined && r.mode !== "all" && r.mode !== "any" && r.mode !== "none")
        throw invalidInput(call, `mode must be "all", "any" or "none", got ${shown(r.mode)}`);
      checkBoolean(call, "caseSensitive", r.caseSensitive);
      return;
    case "regex":
      if (typeof r.pattern !== "string")
        throw invalidInput(call, `pattern must be a string, got ${shown(r.pattern)}`);
      regexParts(call, r.pattern, r.flags === undefined ? undefined : String(r.flags));
      checkBoolean(call, "mustMatch", r.mustMatch);
      return;
    case "json":
      checkStrings(call, "requiredKeys", r.requiredKeys, false);
      if (r.schema !== undefined && !isObject(r.schema))
        throw invalidInput(call, `schema must be a JSON Schema object, got ${shown(r.schema)}`);
      return;
    case "length":
      if (r.unit !== undefined && r.unit !== "characters" && r.unit !== "words")
        throw invalidInput(call, `unit must be "characters" or "words", got ${shown(r.unit)}`);
      checkRange(call, r.min, r.max, true, 0);
      return;
    case "numeric_bound":
      checkRange(call, r.min, r.max);
      return;
    case "similarity":
    case "facts_coverage":
      checkShare(call, r.threshold);
      return;
    case "not_empty":
    case "pii":
      return;
    case "threshold":
      if (r.metric !== "latency_ms" && r.metric !== "total_tokens" && r.metric !== "cost_usd")
        throw invalidInput(
          call,
          `metric must be "latency_ms", "total_tokens" or "cost_usd", got ${shown(r.metric)}`,
        );
      if (!isFiniteNumber(r.max) || r.max < 0)
        throw invalidInput(call, `max must be a number ≥ 0, got ${shown(r.max)}`);
      return;
    case "tool_called":
      if (typeof r.tool !== "string" || r.tool === "")
        throw invalidInput(call, `tool must be a non-empty string, got ${shown(r.tool)}`);
      checkBoolean(call, "called", r.called);
      return;
    default:
      // A kind this SDK does not know (a newer server's) is sent as it is, for the server to check.
      if (typeof r.kind !== "string" || r.kind === "")
        throw invalidInput(
          call,
          `definition.rule.kind must be a rule kind such as "contains", got ${shown(r.kind)}`,
        );
  }
}

/** The placeholders an instruction text uses, and the ones that are not variables. */
export function placeholdersOf(text: string): { used: string[]; unknown: string[] } {
  const used = new Set<string>();
  const unknown = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? "";
    if ((JUDGE_VARIABLES as readonly string[]).includes(name)) used.add(name);
    else unknown.add(name);
  }
  return { used: [...used], unknown: [...unknown] };
}

function checkValueType(call: string, valueType: unknown): void {
  if (valueType === undefined) return;
  const v = valueType as Record<string, unknown>;
  if (!isObject(valueType) || !["bool", "number", "label", "text"].includes(String(v.kind)))
    throw invalidInput(
      call,
      `valueType must be { kind: "bool" | "number" | "label" | "text" }, got ${shown(valueType)}`,
    );
  if (v.kind === "number") checkRange(call, v.min, v.max);
  if (v.kind === "label") {
    checkStrings(call, "valueType.labels", v.labels, true);
    if ((v.labels as string[]).length < 2)
      throw invalidInput(call, `valueType.labels must hold at least 2 labels, got ${shown(v.labels)}`);
  }
}

function checkJudge(call: string, def: Record<string, unknown>): void {
  const { instructions, model, temperature } = def;
  if (typeof instructions !== "string" || instructions.trim() === "")
    throw invalidInput(call, `instructions must be a non-empty string, got ${shown(instructions)}`);
  const { used, unknown } = placeholdersOf(instructions);
  if (unknown.length > 0)
    throw invalidInput(
      call,
      `instructions use unknown variables ${unknown.map((u) => `{{ ${u} }}`).join(", ")}; the variables are ${variablesList}`,
    );
  if (used.length === 0) throw invalidInput(call, `instructions must use at least one of ${variablesList}`);
  if (!isModelUri(model))
    throw invalidInput(
      call,
      `model must be a model URI <provider>:/<model> (openai:/gpt-4o-mini), got ${shown(model)}`,
    );
  if (temperature !== undefined && (!isFiniteNumber(temperature) || temperature < 0 || temperature > 2))
    throw invalidInput(call, `temperature must be a number from 0 to 2, got ${shown(temperature)}`);
  checkValueType(call, def.valueType);
}

/** Checks a definition before it is sent: its type, a rule's parameters, a judge's placeholders, a built-in's shape. */
export function checkDefinition(call: string, definition: unknown): ScorerDefinition {
  if (!isObject(definition))
    throw invalidInput(
      call,
      `definition must be a rule, judge or builtin definition object, got ${shown(definition)}`,
    );
  if (definition.type === "rule") checkRule(call, definition.rule);
  else if (definition.type === "judge") checkJudge(call, definition);
  else if (definition.type === "builtin") checkBuiltin(call, definition);
  // A type this SDK does not know (a newer server's) is sent as it is, for the server to check.
  else if (typeof definition.type !== "string" || definition.type === "")
    throw invalidInput(
      call,
      `definition.type must be "rule", "judge" or "builtin", got ${shown(definition.type)}`,
    );
  return definition as unknown as ScorerDefinition;
}

function ruleOf<R extends Rule>(call: string, rule: R): RuleDefinition & { rule: R } {
  const clean = defined(rule as R & Record<string, unknown>);
  checkRule(call, clean);
  return { type: "rule", rule: clean };
}

/**
 * Rule definitions, ready for `createScorer({ definition })` or `score({ scorer: { name, definition } })`.
 * Each checks its parameters and throws a SightlineError (`invalid_input`) at once on a mistake.
 */
export const rules = {
  exactMatch: (options: { caseSensitive?: boolean } = {}) =>
    ruleOf("rules.exactMatch()", { kind: "exact_match", caseSensitive: options.caseSensitive }),
  contains: (keywords: string[], options: { mode?: "all" | "any" | "none"; caseSensitive?: boolean } = {}) =>
    ruleOf("rules.contains()", {
      kind: "contains",
      keywords,
      mode: options.mode,
      caseSensitive: options.caseSensitive,
    }),
  /** A RegExp's flags are kept (g, y and d dropped: they do not change a single match). */
  regex: (pattern: string | RegExp, options: { flags?: string; mustMatch?: boolean } = {}) => {
    const call = "rules.regex()";
    return ruleOf(call, {
      kind: "regex",
      ...regexParts(call, pattern, options.flags),
      mustMatch: options.mustMatch,
    });
  },
  json: (options: { requiredKeys?: string[]; schema?: Record<string, unknown> } = {}) =>
    ruleOf("rules.json()", { kind: "json", requiredKeys: options.requiredKeys, schema: options.schema }),
  length: (options: { unit?: "characters" | "words"; min?: number; max?: number }) =>
    ruleOf("rules.length()", { kind: "length", unit: options?.unit, min: options?.min, max: options?.max }),
  notEmpty: () => ruleOf("rules.notEmpty()", { kind: "not_empty" }),
  numericBound: (options: { min?: number; max?: number }) =>
    ruleOf("rules.numericBound()", { kind: "numeric_bound", min: options?.min, max: options?.max }),
  similarity: (options: { threshold?: number } = {}) =>
    ruleOf("rules.similarity()", { kind: "similarity", threshold: options.threshold }),
  factsCoverage: (options: { threshold?: number } = {}) =>
    ruleOf("rules.factsCoverage()", { kind: "facts_coverage", threshold: options.threshold }),
  pii: () => ruleOf("rules.pii()", { kind: "pii" }),
  threshold: (metric: "latency_ms" | "total_tokens" | "cost_usd", max: number) =>
    ruleOf("rules.threshold()", { kind: "threshold", metric, max }),
  toolCalled: (tool: string, options: { called?: boolean } = {}) =>
    ruleOf("rules.toolCalled()", { kind: "tool_called", tool, called: options.called }),
};

export interface MakeJudgeOptions {
  /** Uses only {{ inputs }}, {{ outputs }}, {{ expectations }}, {{ trace }}, {{ conversation }}, at least one. */
  instructions: string;
  /** Default `{ kind: "bool" }` (yes/no). */
  valueType?: JudgeValueType;
  /** `<provider>:/<model>`. */
  model: string;
  temperature?: number;
}

/**
 * A custom LLM judge's definition (`make_judge`). Throws a SightlineError (`invalid_input`) naming
 * any placeholder that is not one of the five variables, or when none is used.
 */
export function makeJudge(options: MakeJudgeOptions): JudgeDefinition & { valueType: JudgeValueType } {
  const call = "makeJudge()";
  const { instructions, valueType, model, temperature } = argumentsOf(call, options);
  const def = defined({
    type: "judge" as const,
    instructions,
    valueType: valueType ?? { kind: "bool" as const },
    model,
    temperature,
  });
  checkJudge(call, def);
  return def;
}

// ---------------------------------------------------------------------------------------------
// The registry and score()

function isVersion(value: unknown): value is ScorerVersion {
  return isObject(value) && typeof value.id === "string" && typeof value.version === "number";
}

function isScorer(value: unknown): value is Scorer {
  return (
    isObject(value) &&
    typeof value.id === "string" &&
    typeof value.name === "string" &&
    isVersion(value.latest)
  );
}

const scorerPath = (scorerId: string) => `/scorers/${encodeURIComponent(scorerId)}`;

async function expectScorer(api: ApiClient, call: string, method: string, path: string, body?: unknown) {
  const answer = await api.inProject(call, method, path, body);
  if (!isScorer(answer)) throw unexpected(call, answer);
  return answer;
}

export async function listScorers(api: ApiClient, options: ListScorersOptions = {}): Promise<Scorer[]> {
  const call = "listScorers()";
  const { archived } = argumentsOf(call, options ?? {});
  checkBoolean(call, "archived", archived);
  const answer = (await api.inProject(call, "GET", `/scorers?archived=${archived === true}`)) as {
    scorers?: unknown;
  } | null;
  const list = answer?.scorers;
  if (!Array.isArray(list) || !list.every(isScorer)) throw unexpected(call, answer);
  return list;
}

export async function getScorer(api: ApiClient, scorerId: string): Promise<Scorer> {
  const call = "getScorer()";
  return expectScorer(api, call, "GET", scorerPath(scorerIdOf(call, scorerId)));
}

export async function createScorer(api: ApiClient, options: CreateScorerOptions): Promise<Scorer> {
  const call = "createScorer()";
  const { name, description, definition, message } = argumentsOf(call, options);
  nameOf(call, name);
  optionalString(call, "description", description);
  optionalString(call, "message", message);
  checkDefinition(call, definition);
  return expectScorer(api, call, "POST", "/scorers", { name, description, definition, message });
}

export async function createScorerVersion(
  api: ApiClient,
  options: CreateScorerVersionOptions,
): Promise<ScorerVersion> {
  const call = "createScorerVersion()";
  const { scorerId, definition, message } = argumentsOf(call, options);
  const path = `${scorerPath(scorerIdOf(call, scorerId))}/versions`;
  optionalString(call, "message", message);
  checkDefinition(call, definition);
  const answer = await api.inProject(call, "POST", path, { definition, message });
  if (!isVersion(answer)) throw unexpected(call, answer);
  return answer;
}

export async function listScorerVersions(api: ApiClient, scorerId: string): Promise<ScorerVersion[]> {
  const call = "listScorerVersions()";
  const path = `${scorerPath(scorerIdOf(call, scorerId))}/versions`;
  const answer = (await api.inProject(call, "GET", path)) as { versions?: unknown } | null;
  const list = answer?.versions;
  if (!Array.isArray(list) || !list.every(isVersion)) throw unexpected(call, answer);
  return list;
}

export async function updateScorer(api: ApiClient, options: UpdateScorerOptions): Promise<Scorer> {
  const call = "updateScorer()";
  const { scorerId, description, archived } = argumentsOf(call, options);
  const path = scorerPath(scorerIdOf(call, scorerId));
  optionalString(call, "description", description);
  checkBoolean(call, "archived", archived);
  if (description === undefined && archived === undefined)
    throw invalidInput(call, "needs a description or archived to change");
  return expectScorer(api, call, "PATCH", path, { description, archived });
}

export async function archiveScorer(api: ApiClient, scorerId: string, archived = true): Promise<Scorer> {
  const call = "archiveScorer()";
  const path = scorerPath(scorerIdOf(call, scorerId));
  checkBoolean(call, "archived", archived);
  return expectScorer(api, call, "PATCH", path, { archived });
}

function targetOf(call: string, target: unknown): ScoreTarget {
  if (!isObject(target))
    throw invalidInput(
      call,
      `target must be { traceId } or { inputs?, outputs, expectations? }, got ${shown(target)}`,
    );
  if (!absent(target.traceId)) {
    const extra = Object.keys(target).filter((k) => k !== "traceId" && target[k] !== undefined);
    if (extra.length > 0)
      throw invalidInput(
        call,
        `target has a traceId and ${extra.join(", ")}: give a traceId or inputs and outputs`,
      );
    return { traceId: traceIdOf(call, target.traceId) };
  }
  const { inputs, outputs, expectations } = target;
  const extra = Object.keys(target).filter(
    (k) => !["inputs", "outputs", "expectations", "traceId"].includes(k) && target[k] !== undefined,
  );
  if (extra.length > 0) throw invalidInput(call, `target has unknown fields ${extra.join(", ")}`);
  if (outputs === undefined) throw invalidInput(call, "target needs a traceId or outputs");
  if (expectations !== undefined && !isObject(expectations))
    throw invalidInput(
      call,
      `target.expectations must be an object of named values, got ${shown(expectations)}`,
    );
  return defined({ inputs, outputs, expectations }) as ScoreTarget;
}

function scorerRefOf(call: string, ref: unknown): ScorerRef {
  if (!isObject(ref))
    throw invalidInput(
      call,
      `scorer must be { versionId }, { scorerId } or { name, definition }, got ${shown(ref)}`,
    );
  const given = ["versionId", "scorerId", "definition"].filter((k) => ref[k] !== undefined);
  if (given.length !== 1)
    throw invalidInput(
      call,
      `scorer must be { versionId }, { scorerId } or { name, definition } (exactly one), got ${shown(ref)}`,
    );
  if (ref.versionId !== undefined) {
    if (typeof ref.versionId !== "string" || ref.versionId === "")
      throw invalidInput(call, `scorer.versionId must be a non-empty string, got ${shown(ref.versionId)}`);
    return { versionId: ref.versionId };
  }
  if (ref.scorerId !== undefined) return { scorerId: scorerIdOf(call, ref.scorerId) };
  return { name: nameOf(call, ref.name), definition: checkDefinition(call, ref.definition) };
}

function isScoreResult(value: unknown): value is ScoreResult {
  return isObject(value) && typeof value.name === "string" && "value" in value && "error" in value;
}

export async function score(api: ApiClient, options: ScoreOptions): Promise<ScoreResult> {
  const call = "score()";
  const { persist } = argumentsOf(call, options);
  const target = targetOf(call, options.target);
  const scorer = scorerRefOf(call, options.scorer);
  checkBoolean(call, "persist", persist);
  if (persist === true && !("traceId" in target))
    throw invalidInput(call, "persist stores the result on a trace: give target.traceId");
  const answer = await api.inProject(call, "POST", "/score", { target, scorer, persist });
  if (!isScoreResult(answer)) throw unexpected(call, answer);
  return answer;
}
