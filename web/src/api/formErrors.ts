import { ApiError } from "./errors";

/**
 * Splits a server validation message into per-field messages. The API answers 422 with
 * "Invalid body. password: Too small: …; email: Invalid email address", naming each field.
 */
export type FieldErrors<Field extends string> = Partial<Record<Field, string>>;

export interface FormErrors<Field extends string> {
  fields: FieldErrors<Field>;
  /** What could not be tied to a field. */
  form: string | null;
}

function capitalize(text: string): string {
  return text.length === 0 ? text : text[0]?.toUpperCase() + text.slice(1);
}

export function parseValidationMessage<Field extends string>(
  message: string,
  fields: readonly Field[],
): FormErrors<Field> {
  const result: FormErrors<Field> = { fields: {}, form: null };
  const detail = message.replace(/^Invalid [^.]*\.\s*/, "");
  const leftovers: string[] = [];
  for (const part of detail.split(/;\s*/)) {
    const match = /^([\w.[\]]+):\s*(.+)$/.exec(part.trim());
    const field = fields.find((candidate) => candidate === match?.[1]?.split(".")[0]);
    if (match?.[2] && field) {
      result.fields[field] ??= capitalize(match[2].trim());
    } else if (part.trim()) {
      leftovers.push(part.trim());
    }
  }
  if (leftovers.length > 0)
    result.form = Object.keys(result.fields).length > 0 ? leftovers.join("; ") : message;
  return result;
}

/** Field errors for a failed form submission: 422s are split per field, anything else is a form error. */
export function formErrorsFrom<Field extends string>(
  error: unknown,
  fields: readonly Field[],
  fallback = "Something went wrong.",
): FormErrors<Field> {
  if (error instanceof ApiError && error.status === 422) return parseValidationMessage(error.message, fields);
  if (error instanceof Error) return { fields: {}, form: error.message };
  return { fields: {}, form: fallback };
}
