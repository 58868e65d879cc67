/**
 * How assessment values read and how they are written: what kind of value a feedback holds (a
 * thumbs up/down, a pass/fail word, a number, a label, or JSON), the editor's draft of one, and
 * the JSON shapes the reserved expectation names take.
 */

/** A value as it shows: the kind decides the look (icon, badge, figure, text, code). */
export type ValueLook =
  | { kind: "none" }
  | { kind: "thumbs"; up: boolean }
  | { kind: "verdict"; passed: boolean; text: string }
  | { kind: "number"; text: string }
  | { kind: "label"; text: string }
  | { kind: "json"; text: string };

// The server's words for a pass and a fail (workers/assessments/values.ts reads them the same way).
const YES = new Set(["yes", "pass", "passed", "true"]);
const NO = new Set(["no", "fail", "failed", "false"]);

/** Pass or fail of a yes/no word, or null for any other text. */
export function verdictOf(text: string): boolean | null {
  const word = text.trim().toLowerCase();
  return YES.has(word) ? true : NO.has(word) ? false : null;
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 4 });

/** At most `max` characters of compact JSON. */
export function compactJson(value: unknown, max = 160): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function lookOf(value: unknown): ValueLook {
  if (value === null || value === undefined) return { kind: "none" };
  if (typeof value === "boolean") return { kind: "thumbs", up: value };
  if (typeof value === "number") return { kind: "number", text: numberFormat.format(value) };
  if (typeof value === "string") {
    const passed = verdictOf(value);
    return passed === null ? { kind: "label", text: value } : { kind: "verdict", passed, text: value };
  }
  return { kind: "json", text: compactJson(value) };
}

/** The kinds of feedback value the editor writes. */
export type FeedbackType = "thumbs" | "number" | "label" | "json";

export interface FeedbackDraft {
  type: FeedbackType;
  /** null until a thumb is picked. */
  thumbs: boolean | null;
  number: string;
  label: string;
  json: string;
}

export const EMPTY_FEEDBACK: FeedbackDraft = {
  type: "thumbs",
  thumbs: null,
  number: "",
  label: "",
  json: "",
};

/** The editor's draft for an existing value (an override starts from the value it replaces). */
export function draftOf(value: unknown): FeedbackDraft {
  if (typeof value === "boolean") return { ...EMPTY_FEEDBACK, thumbs: value };
  if (typeof value === "number") return { ...EMPTY_FEEDBACK, type: "number", number: String(value) };
  if (typeof value === "string") return { ...EMPTY_FEEDBACK, type: "label", label: value };
  if (value === null || value === undefined) return EMPTY_FEEDBACK;
  return { ...EMPTY_FEEDBACK, type: "json", json: JSON.stringify(value, null, 2) };
}

export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(text: string): Parsed {
  if (!text.trim()) return { ok: false, error: "Write a JSON value." };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The value a draft stands for, or what is missing from it. */
export function valueOfDraft(draft: FeedbackDraft): Parsed {
  switch (draft.type) {
    case "thumbs":
      return draft.thumbs === null
        ? { ok: false, error: "Pick thumbs up or down." }
        : { ok: true, value: draft.thumbs };
    case "number": {
      const number = Number(draft.number);
      return draft.number.trim() !== "" && Number.isFinite(number)
        ? { ok: true, value: number }
        : { ok: false, error: "Enter a number." };
    }
    case "label":
      return draft.label.trim()
        ? { ok: true, value: draft.label.trim() }
        : { ok: false, error: "Enter a label." };
    case "json":
      return parseJson(draft.json);
  }
}

/** The names the built-in judges read, with the JSON an editor starts from (shapes as the server checks them). */
export const RESERVED_EXPECTATIONS = {
  expected_response: {
    description: "The answer a good response gives (a string).",
    example: "The order ships within 2 business days.",
  },
  expected_facts: {
    description: "Facts a good response states (a list of strings).",
    example: ["The order has shipped", "It arrives on March 4"],
  },
  guidelines: {
    description: "Rules the response must follow (a list of strings).",
    example: ["Answer in the customer's language", "Never promise a refund"],
  },
  expected_retrieved_context: {
    description: "The documents retrieval should find: { content, doc_uri? } each.",
    example: [{ content: "Refunds take 5 business days.", doc_uri: "https://docs.example.com/refunds" }],
  },
  expected_tool_calls: {
    description: "The tools the agent should call, in order: { name, arguments? } each.",
    example: [{ name: "lookup_order", arguments: { order_id: "A-1042" } }],
  },
} as const satisfies Record<string, { description: string; example: unknown }>;

export type ReservedExpectation = keyof typeof RESERVED_EXPECTATIONS;
export const RESERVED_NAMES = Object.keys(RESERVED_EXPECTATIONS) as ReservedExpectation[];

export function isReserved(name: string): name is ReservedExpectation {
  return Object.hasOwn(RESERVED_EXPECTATIONS, name);
}

/** The JSON an expectation editor starts from for `name`: its shape when reserved, else `{}`. */
export function expectationTemplate(name: string): string {
  return isReserved(name) ? JSON.stringify(RESERVED_EXPECTATIONS[name].example, null, 2) : "{}";
}

/** Assessment names as the server takes them. */
export const NAME_PATTERN = /^[\w .:/-]{1,200}$/;

/** What an LLM judge's run cost, from its metadata (`costUsd`, `inputTokens`, `outputTokens`, `model`). */
export interface JudgeUsage {
  costUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  model: string | null;
}

const numberIn = (metadata: Record<string, unknown>, key: string) => {
  const value = metadata[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
};

export function judgeUsage(metadata: Record<string, unknown>): JudgeUsage | null {
  const usage: JudgeUsage = {
    costUsd: numberIn(metadata, "costUsd"),
    inputTokens: numberIn(metadata, "inputTokens"),
    outputTokens: numberIn(metadata, "outputTokens"),
    model: typeof metadata.model === "string" && metadata.model ? metadata.model : null,
  };
  const any = usage.costUsd !== null || usage.inputTokens !== null || usage.outputTokens !== null;
  return any || usage.model !== null ? usage : null;
}
