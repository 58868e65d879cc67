import type { DraftErrors, DraftField } from "./draft";

/** Where a path inside `definition` is edited (the longest matching prefix wins). */
const FIELD_OF_PATH: Readonly<Record<string, DraftField>> = {
  model: "model",
  judge: "judge",
  guidelines: "guidelines",
  exact: "exact",
  instructions: "instructions",
  temperature: "temperature",
  "valueType.labels": "labels",
  "valueType.min": "min",
  "valueType.max": "max",
  "rule.keywords": "keywords",
  "rule.pattern": "pattern",
  "rule.flags": "flags",
  "rule.requiredKeys": "requiredKeys",
  "rule.schema": "schema",
  "rule.min": "min",
  "rule.max": "max",
  "rule.threshold": "threshold",
  "rule.tool": "tool",
};

const capitalize = (text: string) => (text ? `${text[0]?.toUpperCase()}${text.slice(1)}` : text);

function keyOf(path: string): keyof DraftErrors | null {
  const row = /^guidelines\.(\d+)(?:\.|$)/.exec(path);
  if (row) return `guidelines.${Number(row[1])}`;
  const prefix = Object.keys(FIELD_OF_PATH)
    .filter((candidate) => path === candidate || path.startsWith(`${candidate}.`))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? (FIELD_OF_PATH[prefix] ?? null) : null;
}

/**
 * Splits the API's 422 message ("Invalid body. definition.guidelines.1: Too big: …; name: …")
 * into messages for the editor's definition fields, and what is left for the rest of the form
 * (as a message of the same shape, or null when nothing is).
 */
export function definitionErrorsOf(message: string): { fields: DraftErrors; rest: string | null } {
  const head = /^Invalid [^.]*\.\s*/.exec(message)?.[0] ?? "";
  const fields: DraftErrors = {};
  const rest: string[] = [];
  for (const part of message.slice(head.length).split(/;\s*/)) {
    const match = /^definition\.([\w.]+):\s*(.+)$/.exec(part.trim());
    const key = match?.[1] ? keyOf(match[1]) : null;
    if (match?.[2] && key) fields[key] ??= capitalize(match[2].trim());
    else if (part.trim()) rest.push(part.trim());
  }
  return { fields, rest: rest.length > 0 ? `${head}${rest.join("; ")}` : null };
}
