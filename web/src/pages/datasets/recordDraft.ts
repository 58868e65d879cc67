import type { DatasetRecord, RecordInput } from "../../api/datasets";
import { ApiError } from "../../api/errors";
import type { FormErrors } from "../../api/formErrors";

/** A record being edited: its JSON fields as the text in their editors. */
export interface RecordDraft {
  inputs: string;
  expectations: string;
  /** Empty: no outputs. */
  outputs: string;
}

export const RECORD_FIELDS = ["inputs", "expectations", "outputs"] as const;
export type RecordField = (typeof RECORD_FIELDS)[number];

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

export const EMPTY_DRAFT: RecordDraft = { inputs: '{\n  "question": ""\n}', expectations: "{}", outputs: "" };

export function draftOfRecord(record: DatasetRecord): RecordDraft {
  return {
    inputs: pretty(record.inputs),
    expectations: pretty(record.expectations),
    outputs: record.outputs === null || record.outputs === undefined ? "" : pretty(record.outputs),
  };
}

type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

/** The text as JSON, or what is wrong with it in words (the parser's, with its position). */
export function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** What is wrong with one field's text, checked as the API will (before sending). */
export function fieldProblem(field: RecordField, text: string): string | null {
  if (text.trim() === "")
    return field === "inputs" ? 'Inputs are required: a JSON object such as {"question": "…"}.' : null;
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed.error;
  if (field === "outputs") return null;
  if (!isObject(parsed.value))
    return `${field === "inputs" ? "Inputs" : "Expectations"} must be a JSON object ({ … }).`;
  if (field === "inputs" && Object.keys(parsed.value).length === 0) return "Inputs need at least one key.";
  return null;
}

export function draftProblems(draft: RecordDraft): Partial<Record<RecordField, string>> {
  const problems: Partial<Record<RecordField, string>> = {};
  for (const field of RECORD_FIELDS) {
    const problem = fieldProblem(field, draft[field]);
    if (problem) problems[field] = problem;
  }
  return problems;
}

/** The draft as the API's record; call after draftProblems found nothing. Empty outputs are null. */
export function recordOfDraft(
  draft: RecordDraft,
): Required<Pick<RecordInput, "inputs" | "expectations">> & { outputs: unknown } {
  const value = (text: string, empty: unknown) => (text.trim() === "" ? empty : JSON.parse(text));
  return {
    inputs: value(draft.inputs, {}) as Record<string, unknown>,
    expectations: value(draft.expectations, {}) as Record<string, unknown>,
    outputs: value(draft.outputs, null),
  };
}

/**
 * The API's 422 message ("Invalid body. records.0.expectations.expected_facts: must be a list of
 * strings; …") split by the editor's fields, keeping the key inside the field it names.
 */
export function recordFieldErrors(message: string): FormErrors<RecordField> {
  const result: FormErrors<RecordField> = { fields: {}, form: null };
  const rest: string[] = [];
  for (const part of message.replace(/^Invalid [^.]*\.\s*/, "").split(/;\s*/)) {
    const match = /^(?:records\.\d+\.)?(inputs|expectations|outputs)(?:\.([\w.[\]-]+))?:\s*(.+)$/.exec(
      part.trim(),
    );
    const field = match?.[1] as RecordField | undefined;
    if (field && match?.[3]) result.fields[field] ??= match[2] ? `${match[2]}: ${match[3]}` : match[3];
    else if (part.trim()) rest.push(part.trim());
  }
  if (rest.length > 0) result.form = Object.keys(result.fields).length > 0 ? rest.join("; ") : message;
  return result;
}

/** The API's refusal by the field it is about; a 409 naming inputs means another record has them. */
export function recordErrorsFrom(error: unknown): FormErrors<RecordField> | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.status === 422) return recordFieldErrors(error.message);
  if (error.status === 409 && /inputs/i.test(error.message))
    return { fields: { inputs: error.message }, form: null };
  return undefined;
}
