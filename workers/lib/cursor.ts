import { z } from "zod";
import { ApiError } from "./errors";

/** Opaque pagination cursors: base64url JSON of the last row's sort key. */
const cursorSchema = z.object({ t: z.number(), id: z.string() });
export type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return btoa(JSON.stringify(cursor)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(text: string | undefined): Cursor | null {
  if (!text) return null;
  try {
    const json = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return cursorSchema.parse(JSON.parse(json));
  } catch {
    throw new ApiError(
      "INVALID_INPUT",
      "Invalid cursor: pass back the nextCursor of the previous page unchanged.",
    );
  }
}
