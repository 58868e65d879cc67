import { z } from "zod";
import { fromBase64, toBase64Url } from "./crypto";
import { ApiError } from "./errors";

/** Opaque pagination cursors: base64url of UTF-8 JSON (ids may be any text, e.g. session ids). */
export function encodeCursor(value: unknown): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(value)));
}

const INVALID = "Invalid cursor: pass back the nextCursor of the previous page unchanged.";

/** The cursor's value, checked against `schema`; null when there is none; 400 when it is not ours. */
export function decodeCursor<T>(schema: z.ZodType<T>, text: string | undefined, invalid = INVALID): T | null {
  if (!text) return null;
  try {
    const json = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(
      fromBase64(text.replace(/-/g, "+").replace(/_/g, "/")),
    );
    return schema.parse(JSON.parse(json));
  } catch {
    throw new ApiError("INVALID_INPUT", invalid);
  }
}

/** The usual position: a time and the id that breaks ties. */
export const timeCursor = z.object({ t: z.number(), id: z.string() });
