/**
 * Custom judges' instructions (`make_judge`): text with `{{ inputs }}`, `{{ outputs }}`,
 * `{{ expectations }}`, `{{ trace }}` and `{{ conversation }}` placeholders, nothing else — a
 * placeholder is replaced by data, never evaluated, so instructions cannot inject a template.
 */
export const TEMPLATE_VARIABLES = ["inputs", "outputs", "expectations", "trace", "conversation"] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders an instruction text uses, and the ones that are not variables. */
export function placeholdersOf(text: string): { used: TemplateVariable[]; unknown: string[] } {
  const used = new Set<TemplateVariable>();
  const unknown = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? "";
    if ((TEMPLATE_VARIABLES as readonly string[]).includes(name)) used.add(name as TemplateVariable);
    else unknown.add(name);
  }
  return { used: [...used], unknown: [...unknown] };
}

/** How much of each value goes into a prompt, in characters (about a quarter as many tokens). */
export const VALUE_CHARS = 24_000;

export function renderValue(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value, null, 2) ?? "null");
  return text.length > VALUE_CHARS
    ? `${text.slice(0, VALUE_CHARS)}\n[… cut: ${text.length - VALUE_CHARS} more characters]`
    : text;
}

/** The instructions with each placeholder replaced by its value's text. */
export function fill(text: string, values: Partial<Record<TemplateVariable, unknown>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? renderValue(values[name as TemplateVariable]) : whole,
  );
}
