import type { ChatMessage, ChatRole, PromptTemplate } from "../../api/prompts";

/**
 * The template editor's draft and the variables it uses. The placeholder rule is the server's
 * (workers/prompts/template.ts, not imported so the dashboard bundles nothing of it): `{{ name }}`
 * with letters, digits, `_` and `.`, spaces inside the braces allowed.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.]{1,100})\s*\}\}/g;

export const ROLES: readonly ChatRole[] = ["system", "developer", "user", "assistant"];
export const roleOf = (role: string): ChatRole => ROLES.find((r) => r === role) ?? "user";

export type TemplateDraft = { kind: "text"; text: string } | { kind: "chat"; messages: ChatMessage[] };

/** The variables a draft uses, in order of first use, each once. */
export function variablesOf(draft: TemplateDraft): string[] {
  const texts = draft.kind === "text" ? [draft.text] : draft.messages.map((m) => m.content);
  const seen = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(PLACEHOLDER)) seen.add(match[1] ?? "");
  return [...seen];
}

export const draftOf = (template: PromptTemplate): TemplateDraft =>
  typeof template === "string"
    ? { kind: "text", text: template }
    : { kind: "chat", messages: template.map((m) => ({ role: roleOf(m.role), content: m.content })) };

export const templateOf = (draft: TemplateDraft): string | ChatMessage[] =>
  draft.kind === "text" ? draft.text : draft.messages;

/** What keeps a draft from being saved, or null. */
export function draftProblem(draft: TemplateDraft): string | null {
  if (draft.kind === "text") return draft.text.trim() ? null : "Write the template.";
  if (draft.messages.length === 0) return "Add at least one message.";
  return draft.messages.some((m) => !m.content.trim()) ? "Every message needs some text." : null;
}

/** The other kind, keeping the text: a text template becomes one user message and back. */
export function switchKind(draft: TemplateDraft): TemplateDraft {
  if (draft.kind === "text") return { kind: "chat", messages: [{ role: "user", content: draft.text }] };
  return { kind: "text", text: draft.messages.map((m) => m.content).join("\n\n") };
}

/** Moves message `index` by `step` (−1 up, +1 down); out of range changes nothing. */
export function moveMessage(messages: readonly ChatMessage[], index: number, step: -1 | 1): ChatMessage[] {
  const to = index + step;
  const moved = messages[index];
  if (!moved || to < 0 || to >= messages.length) return [...messages];
  const rest = messages.filter((_, i) => i !== index);
  return [...rest.slice(0, to), moved, ...rest.slice(to)];
}

/** The version's template as text for a diff: chat messages one by one, headed by their roles. */
export function messageTexts(template: PromptTemplate): { label: string; text: string }[] {
  if (typeof template === "string") return [{ label: "Template", text: template }];
  return template.map((m, i) => ({ label: `Message ${i + 1} · ${m.role}`, text: m.content }));
}
