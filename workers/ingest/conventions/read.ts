import { parseJsonInput } from "../../lib/json-input";
import type { Attributes, AttrValue } from "../otlp/model";

/**
 * Reading attribute values the way instrumentation libraries write them: many put JSON inside a
 * string (MLflow writes `"\"LLM\""`, others whole message lists), so values are unquoted through
 * the same JSON boundary as request bodies (depth, lone surrogates) before they are read.
 */
export function unquote(value: AttrValue | undefined): AttrValue | undefined {
  if (typeof value !== "string") return value;
  const t = value.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || t.startsWith("{") || t.startsWith("[")) {
    try {
      return parseJsonInput(t).value as AttrValue;
    } catch {
      return value;
    }
  }
  return value;
}

/** A non-empty string (numbers and booleans as text), or null. */
export function str(value: AttrValue | undefined): string | null {
  const v = unquote(value);
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return v === "" ? null : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

/** A whole number (rounded), or null. */
export function num(value: AttrValue | undefined): number | null {
  const v = unquote(value);
  if (typeof v === "number" && Number.isFinite(v)) return Math.round(v);
  if (typeof v === "string" && /^\d+$/.test(v)) return Number(v);
  return null;
}

/** A finite number (not rounded), or null. */
export function real(value: AttrValue | undefined): number | null {
  const v = unquote(value);
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** A JSON object (possibly sent as JSON text), or null. */
export function record(value: AttrValue | undefined): Record<string, AttrValue> | null {
  const v = unquote(value);
  return v !== null && typeof v === "object" && !Array.isArray(v) ? v : null;
}

export function first<T>(...values: (T | null | undefined)[]): T | null {
  for (const v of values) if (v !== null && v !== undefined) return v;
  return null;
}

/** The value of an attribute that is there, unquoted; `undefined` when absent. */
export function present(a: Attributes, key: string): AttrValue | undefined {
  return a[key] === undefined ? undefined : unquote(a[key]);
}

/** The attributes under `prefix` (prefix removed), as text. */
export function prefixed(a: Attributes, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in a) {
    if (!key.startsWith(prefix)) continue;
    const v = str(a[key]);
    if (v !== null) out[key.slice(prefix.length)] = v;
  }
  return out;
}
