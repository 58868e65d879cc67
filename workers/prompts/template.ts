/**
 * Prompt templates: `{{ variable }}` placeholders (names of letters, digits, `_` and `.`,
 * whitespace inside the braces allowed), in a text template or in each chat message's content.
 * Anything else between double braces is left as text, so a template can show JSON or code.
 */

/** One chat message of a template (and of a rendered chat prompt, ready for the `openai` client). */
export type ChatMessage = { role: string; content: string };
export type Template = string | ChatMessage[];

export const VARIABLE_NAME = /^[A-Za-z0-9_.]{1,100}$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]{1,100})\s*\}\}/g;

function texts(template: Template): string[] {
  return typeof template === "string" ? [template] : template.map((m) => m.content);
}

/** The variables a template uses, in order of first use, each once. */
export function extractVariables(template: Template): string[] {
  const seen = new Set<string>();
  for (const text of texts(template)) for (const m of text.matchAll(PLACEHOLDER)) seen.add(m[1] ?? "");
  return [...seen];
}

/** A variable's value as text: strings as they are, anything else as JSON. */
function asText(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "null");
}

function fill(text: string, variables: Record<string, unknown>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => asText(variables[name]));
}

export type Rendered = {
  kind: "text" | "chat";
  text: string | null;
  messages: ChatMessage[] | null;
  /** Variables given that the template does not use. */
  unknownVariables: string[];
};

/**
 * Fills a template. Returns the names of the variables it needs and did not get (the caller
 * refuses those), or the rendered text or messages with the variables given but not used.
 */
export function renderTemplate(
  template: Template,
  variables: Record<string, unknown>,
): { missing: string[] } | { rendered: Rendered } {
  const used = extractVariables(template);
  const missing = used.filter((name) => !Object.hasOwn(variables, name));
  if (missing.length > 0) return { missing };
  const unknownVariables = Object.keys(variables).filter((name) => !used.includes(name));
  if (typeof template === "string")
    return { rendered: { kind: "text", text: fill(template, variables), messages: null, unknownVariables } };
  const messages = template.map((m) => ({ role: m.role, content: fill(m.content, variables) }));
  return { rendered: { kind: "chat", text: null, messages, unknownVariables } };
}
