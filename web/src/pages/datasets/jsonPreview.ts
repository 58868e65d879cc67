/**
 * A record's inputs, expectations or outputs as a few readable lines for a table cell: one line a
 * top-level key, strings without their quotes, anything else as compact JSON, each cut short.
 */
export interface PreviewLine {
  /** Null for a value that is not an object (outputs may be a plain string). */
  key: string | null;
  text: string;
}

export interface Preview {
  lines: PreviewLine[];
  /** Keys not shown. */
  more: number;
  /** Whether anything was cut (a line shortened, or keys left out): the cell offers to expand. */
  cut: boolean;
}

export function shorten(text: string, chars: number): { text: string; cut: boolean } {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length > chars) return { text: `${flat.slice(0, chars - 1)}…`, cut: true };
  // Line breaks folded into spaces count as cut: the expanded view shows them.
  return { text: flat, cut: flat !== text };
}

const textOf = (value: unknown) =>
  typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));

export function previewOf(value: unknown, { keys = 4, chars = 140 } = {}): Preview {
  if (value === null || value === undefined) return { lines: [], more: 0, cut: false };
  if (typeof value !== "object" || Array.isArray(value)) {
    const line = shorten(textOf(value), chars * 2);
    return { lines: [{ key: null, text: line.text }], more: 0, cut: line.cut };
  }
  const entries = Object.entries(value);
  let cut = entries.length > keys;
  const lines = entries.slice(0, keys).map(([key, item]) => {
    const line = shorten(textOf(item), chars);
    cut ||= line.cut;
    return { key, text: line.text };
  });
  return { lines, more: Math.max(0, entries.length - keys), cut };
}
