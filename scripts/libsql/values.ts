/**
 * Hrana values (JSON encoding) and their conversion to and from what the `libsql` package binds
 * and returns (with `safeIntegers(true)`: integers are bigints, floats are numbers).
 */
import { z } from "zod";

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

const integerString = z.string().refine((value) => {
  if (!/^[+-]?\d{1,20}$/.test(value)) return false;
  const n = BigInt(value);
  return n >= I64_MIN && n <= I64_MAX;
}, "integer value must be a decimal string in the 64-bit signed range");

// Standard or URL-safe alphabet, padding optional (a length of 4n+1 characters is never valid).
const base64String = z
  .string()
  .regex(/^[A-Za-z0-9+/_-]*={0,2}$/, "blob must be base64-encoded")
  .refine((value) => value.replace(/=+$/, "").length % 4 !== 1, "blob must be base64-encoded");

export const valueSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("null") }),
  z.object({ type: z.literal("integer"), value: integerString }),
  z.object({ type: z.literal("float"), value: z.number() }),
  z.object({ type: z.literal("text"), value: z.string() }),
  z.object({ type: z.literal("blob"), base64: base64String }),
]);

export type Value = z.infer<typeof valueSchema>;

/** What a `libsql` statement accepts as a bound parameter. */
export type SqlValue = null | bigint | number | string | Uint8Array;

export function valueToSql(value: Value): SqlValue {
  switch (value.type) {
    case "null":
      return null;
    case "integer":
      return BigInt(value.value);
    case "float":
      return value.value;
    case "text":
      return value.value;
    case "blob":
      return Buffer.from(value.base64, "base64");
  }
}

/** Encodes a column value read by `libsql` (statement in safe-integer mode). */
export function valueFromSql(value: unknown): Value {
  if (value === null || value === undefined) return { type: "null" };
  if (typeof value === "bigint") return { type: "integer", value: value.toString() };
  if (typeof value === "number") {
    // JSON has no representation for ±Infinity/NaN (SQLite can produce ±Inf, e.g. 1e308 * 10).
    return Number.isFinite(value) ? { type: "float", value } : { type: "null" };
  }
  if (typeof value === "string") return { type: "text", value };
  if (value instanceof Uint8Array) {
    return {
      type: "blob",
      base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64"),
    };
  }
  throw new TypeError(`Unsupported value type returned by SQLite: ${typeof value}`);
}
