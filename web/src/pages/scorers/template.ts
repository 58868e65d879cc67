import type { TemplateVariable } from "../../../../workers/judges/template";

/**
 * The custom judges' template rules, as the server checks them (workers/judges/template.ts), so
 * the editor can say what is wrong while people type instead of after a 422.
 */
export const TEMPLATE_VARIABLES = [
  "inputs",
  "outputs",
  "expectations",
  "trace",
  "conversation",
] as const satisfies readonly TemplateVariable[];

export const VARIABLE_HINT: Readonly<Record<TemplateVariable, string>> = {
  inputs: "The trace's (or record's) inputs",
  outputs: "What the application answered",
  expectations: "The expectations: expected_response, expected_facts …",
  trace: "An outline of the span tree: names, types, durations, errors",
  conversation: "A session's turns (sessions are not scorable yet)",
};

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export interface TemplateCheck {
  used: TemplateVariable[];
  unknown: string[];
}

export function placeholdersOf(text: string): TemplateCheck {
  const used = new Set<TemplateVariable>();
  const unknown = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? "";
    if ((TEMPLATE_VARIABLES as readonly string[]).includes(name)) used.add(name as TemplateVariable);
    else unknown.add(name);
  }
  return { used: [...used], unknown: [...unknown] };
}

/** What is wrong with instructions, in the server's words; null when nothing is. */
export function templateProblem(text: string): string | null {
  if (text.trim() === "") return "Write the instructions the judge follows.";
  const { used, unknown } = placeholdersOf(text);
  if (unknown.length > 0)
    return `Unknown variable${unknown.length > 1 ? "s" : ""} ${unknown.map((name) => `{{ ${name} }}`).join(", ")}: the variables are ${TEMPLATE_VARIABLES.map((name) => `{{ ${name} }}`).join(", ")}.`;
  if (used.length === 0) return "Use at least one variable, such as {{ outputs }}.";
  return null;
}

/** Text with `{{ name }}` inserted at the selection, and where the caret goes after it. */
export function insertVariable(
  text: string,
  name: TemplateVariable,
  start: number,
  end: number,
): { text: string; caret: number } {
  const token = `{{ ${name} }}`;
  return { text: text.slice(0, start) + token + text.slice(end), caret: start + token.length };
}
