import { stringifyWellFormed } from "../lib/json-input";

/**
 * What a span keeps of its inputs and outputs. Documented caps: a span's inputs and its
 * outputs are kept whole up to MAX_PAYLOAD_CHARS each, its attributes up to
 * MAX_ATTRIBUTES_CHARS; beyond that the text is cut and ends with TRUNCATION_MARKER.
 */
export const MAX_PAYLOAD_CHARS = 64 * 1024;
export const MAX_ATTRIBUTES_CHARS = 128 * 1024;
export const PREVIEW_CHARS = 500;
export const TRUNCATION_MARKER = "…[truncated by Sightline]";

export type StoredPayload = { text: string | null; truncated: boolean };

/** JSON text of a value, cut at `limit` characters with the marker (then no longer JSON). */
export function storePayload(value: unknown, limit = MAX_PAYLOAD_CHARS): StoredPayload {
  if (value === null || value === undefined) return { text: null, truncated: false };
  const text = stringifyWellFormed(value);
  if (text.length <= limit) return { text, truncated: false };
  return { text: text.slice(0, limit) + TRUNCATION_MARKER, truncated: true };
}

/** Reads stored text back: JSON when it is, else the (truncated) text itself. */
export function readPayload(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

type Message = { role?: unknown; content?: unknown; parts?: unknown };

function textOfContent(content: unknown): string | null {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    const parts = content
      .map((p) =>
        typeof p === "string"
          ? p
          : typeof p?.text === "string"
            ? p.text
            : typeof p?.content === "string"
              ? p.content
              : "",
      )
      .filter(Boolean);
    return parts.length > 0 ? parts.join(" ") : null;
  }
  return null;
}

/** A short human text for lists: the last user message, the assistant's reply, or the JSON. */
export function previewOf(value: unknown, side: "input" | "output"): string | null {
  if (value === null || value === undefined) return null;
  let text: string | null = null;
  if (typeof value === "string") text = value;
  else {
    const messages: Message[] | null = Array.isArray(value)
      ? (value as Message[])
      : Array.isArray((value as { messages?: unknown }).messages)
        ? (value as { messages: Message[] }).messages
        : null;
    if (messages && messages.length > 0) {
      const pick =
        side === "input" ? [...messages].reverse().find((m) => m?.role === "user") : messages.at(-1);
      text = textOfContent(pick?.content) ?? textOfContent(pick?.parts);
    }
    // A single `{ role, content }` message (a common output.value).
    if (!text && typeof (value as Message).role === "string")
      text = textOfContent((value as Message).content);
    const entries = Object.entries(value as Record<string, unknown>);
    // `{ question: "…" }`-style inputs: the one text field says it best.
    if (!text && entries.length === 1 && typeof entries[0]?.[1] === "string") text = entries[0][1];
    const choices = (value as { choices?: { message?: Message }[] }).choices;
    if (!text && Array.isArray(choices)) text = textOfContent(choices[0]?.message?.content);
    text ??= JSON.stringify(value) ?? null;
  }
  if (text === null) return null;
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}
