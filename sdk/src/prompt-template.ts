/**
 * The SDK's copy of the server's template rule (workers/prompts/template.ts; scripts/sdk-sync.test.ts
 * fails when the two drift): `{{ variable }}` placeholders, names of letters, digits, `_` and `.`,
 * whitespace inside the braces allowed; any other text between double braces stays as it is.
 * Rendering happens here, in the app's process, so a cached prompt renders without a request.
 */
import { SightlineError } from "./errors.ts";

/** One chat message, as a chat template holds it and as the `openai` client takes it. */
export interface PromptMessage {
  role: string;
  content: string;
}

/** A text template, or the messages of a chat template. */
export type PromptTemplate = string | PromptMessage[];

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]{1,100})\s*\}\}/g;

function texts(template: PromptTemplate): string[] {
  return typeof template === "string" ? [template] : template.map((m) => m.content);
}

/** The variables a template uses, in order of first use, each once (as the server lists them). */
export function extractVariables(template: PromptTemplate): string[] {
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

/**
 * Refuses variables that are not an object, and names the ones the template needs and lacks, in
 * the server's words (`Missing variables "question", "meta" for prompt "x" version 2.`).
 */
function checkVariables(
  variables: unknown,
  needed: readonly string[],
  label: { name: string; version: number | null },
): Record<string, unknown> {
  const given = variables ?? {};
  if (typeof given !== "object" || Array.isArray(given))
    throw new SightlineError(
      "invalid_input",
      `Variables for prompt "${label.name}" must be an object of named values, got ${Array.isArray(given) ? "an array" : typeof given}.`,
    );
  const record = given as Record<string, unknown>;
  const missing = needed.filter((name) => !Object.hasOwn(record, name));
  if (missing.length > 0) {
    const version = label.version === null ? "(bundled fallback)" : `version ${label.version}`;
    throw new SightlineError(
      "invalid_input",
      `Missing variable${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} ` +
        `for prompt "${label.name}" ${version}.`,
    );
  }
  return record;
}

/** Fills every placeholder of a text template; throws invalid_input naming missing variables. */
export function renderText(
  template: string,
  variables: unknown,
  needed: readonly string[],
  label: { name: string; version: number | null },
): string {
  return fill(template, checkVariables(variables, needed, label));
}

/** Fills every message of a chat template (roles kept); throws as renderText does. */
export function renderMessages(
  template: readonly PromptMessage[],
  variables: unknown,
  needed: readonly string[],
  label: { name: string; version: number | null },
): PromptMessage[] {
  const record = checkVariables(variables, needed, label);
  return template.map((m) => ({ role: m.role, content: fill(m.content, record) }));
}
