/**
 * The one way JSON from outside (API bodies, OTLP/JSON) becomes a value: it must parse, nest at
 * most MAX_JSON_DEPTH containers deep (protobufjs's message recursion limit, which the OTLP
 * protobuf path already enforces), and every string and key in it is well-formed Unicode. A lone
 * UTF-16 surrogate ("\ud800" in JSON) is replaced by U+FFFD: stored as is, it becomes bytes that
 * are not UTF-8, which libSQL cannot read back.
 */
export const MAX_JSON_DEPTH = 100;

export class JsonInputError extends Error {
  override readonly name = "JsonInputError";
}

/** Only a `\uD800`–`\uDFFF` escape can carry a lone surrogate into parsed JSON (decoded bytes cannot). */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** Whether `root` nests objects or arrays deeper than `max` (itself counting as 1). Iterative. */
export function nestsDeeperThan(root: unknown, max: number): boolean {
  const pending: unknown[] = [root];
  const depths: number[] = [1];
  for (;;) {
    const value = pending.pop();
    const depth = depths.pop();
    if (depth === undefined) return false;
    if (value === null || typeof value !== "object") continue;
    if (depth > max) return true;
    const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
    for (const child of children) {
      if (child !== null && typeof child === "object") {
        pending.push(child);
        depths.push(depth + 1);
      }
    }
  }
}

export function wellFormed(text: string): string {
  return text.isWellFormed() ? text : text.toWellFormed();
}

/** `value` with every string and object key well-formed (recursive: call on bounded depth only). */
export function wellFormedDeep(value: unknown): unknown {
  if (typeof value === "string") return wellFormed(value);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(wellFormedDeep);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[wellFormed(key)] = wellFormedDeep(child);
  return out;
}

/**
 * Parses JSON text from outside; throws JsonInputError saying what to fix. `mended` says whether
 * strings had to be repaired (the value then differs from what the text says).
 */
export function parseJsonInput(text: string): { value: unknown; mended: boolean } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JsonInputError("the body is not valid JSON");
  }
  if (nestsDeeperThan(value, MAX_JSON_DEPTH))
    throw new JsonInputError(`the JSON nests deeper than ${MAX_JSON_DEPTH} levels`);
  return SURROGATE_ESCAPE.test(text)
    ? { value: wellFormedDeep(value), mended: true }
    : { value, mended: false };
}
