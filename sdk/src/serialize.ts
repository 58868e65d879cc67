import type { AttributeValue } from "./types.ts";

const MAX_DEPTH = 32;

/**
 * A JSON-safe copy of any value: cycles become "[Circular]", bigints decimal strings, errors
 * { name, message, stack }, Maps objects, Sets and typed arrays arrays, functions "[Function name]".
 */
function toJsonSafe(value: unknown, ancestors: object[]): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "bigint":
      return value.toString();
    case "undefined":
      return null;
    case "symbol":
      return value.toString();
    case "function":
      return `[Function ${value.name || "anonymous"}]`;
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.includes(object)) return "[Circular]";
  if (ancestors.length >= MAX_DEPTH) return "[Too deep]";
  const next = [...ancestors, object];
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? null : object.toISOString();
  if (object instanceof Error) {
    const { name, message, stack } = object;
    const extra = Object.fromEntries(Object.entries(object).map(([k, v]) => [k, toJsonSafe(v, next)]));
    return { ...extra, name, message, stack };
  }
  if (object instanceof Map) {
    return Object.fromEntries([...object].map(([k, v]) => [String(k), toJsonSafe(v, next)]));
  }
  if (object instanceof Set) return [...object].map((v) => toJsonSafe(v, next));
  if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
    return Array.from(object as unknown as ArrayLike<number | bigint>, (v) => toJsonSafe(v, next));
  }
  if (Array.isArray(object)) return object.map((v) => toJsonSafe(v, next));
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") {
    return toJsonSafe(toJSON.call(object), ancestors);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(object)) {
    if (v !== undefined && typeof v !== "function") out[k] = toJsonSafe(v, next);
  }
  return out;
}

/** JSON text of any value; never throws. */
export function toJson(value: unknown): string {
  try {
    return JSON.stringify(toJsonSafe(value, [])) ?? "null";
  } catch (error) {
    return JSON.stringify(`[unserializable: ${error instanceof Error ? error.message : String(error)}]`);
  }
}

function isPrimitive(v: unknown): v is string | number | boolean {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

/**
 * The stored form of an attribute value: primitives and arrays of primitives as they are, other
 * objects as JSON text. Undefined and null mean "no value".
 */
export function toAttributeValue(value: unknown): AttributeValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (isPrimitive(value) || typeof value === "bigint") return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (Array.isArray(value) && value.every(isPrimitive)) return [...value];
  return toJson(value);
}
