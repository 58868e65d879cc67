/** Small argument checks shared by the API calls; each throws invalid_input naming the field. */
import { invalidInput } from "./api.ts";
import { shown } from "./assessments.ts";

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** An object without the keys whose value is undefined, so the JSON sent is what was written. */
export function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function checkBoolean(call: string, field: string, value: unknown): void {
  if (value !== undefined && typeof value !== "boolean")
    throw invalidInput(call, `${field} must be a boolean, got ${shown(value)}`);
}

export function optionalString(call: string, field: string, value: unknown): void {
  if (value !== undefined && typeof value !== "string")
    throw invalidInput(call, `${field} must be a string, got ${shown(value)}`);
}

/** An id the API gave (scorerId, datasetId …): a non-empty string. */
export function idOf(call: string, field: string, value: unknown): string {
  if (typeof value !== "string" || value === "")
    throw invalidInput(call, `${field} must be a non-empty string, got ${shown(value)}`);
  return value;
}

/** A whole number ≥ `min` when given. */
export function optionalInteger(call: string, field: string, value: unknown, min = 0): void {
  if (value !== undefined && (typeof value !== "number" || !Number.isInteger(value) || value < min))
    throw invalidInput(call, `${field} must be an integer ≥ ${min}, got ${shown(value)}`);
}
