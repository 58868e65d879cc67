import type { FieldErrors } from "../../api/formErrors";
import type { JudgeProvider, JudgeProviderInput, JudgeProviderPatch } from "../../api/judgeProviders";

/**
 * The judge provider form's rules, the server's own (workers/judges/provider-schemas.ts) said
 * in words before the request, and the request body built from what changed.
 */

export type ProviderField = "name" | "baseUrl" | "apiKey" | "headers";
export const PROVIDER_FIELDS: readonly ProviderField[] = ["name", "baseUrl", "apiKey", "headers"];

/** One extra header as typed; `id` keeps rows apart while their names are edited. */
export interface HeaderRow {
  id: number;
  name: string;
  value: string;
}

export interface ProviderDraft {
  name: string;
  baseUrl: string;
  /** Empty when editing means "keep the stored key". */
  apiKey: string;
  /** Editing: whether the stored headers are replaced by `headers` (their values can't be kept). */
  replaceHeaders: boolean;
  headers: readonly HeaderRow[];
}

export const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const HEADER_NAME_PATTERN = /^[A-Za-z0-9-]{1,100}$/;
/** Set by the client from the key and the URL; the server refuses them. */
export const RESERVED_HEADERS: readonly string[] = ["authorization", "host", "content-length"];
export const MIN_KEY_LENGTH = 8;
export const MAX_HEADERS = 20;

export function nameProblem(name: string): string | undefined {
  if (name === "") return "Name the provider, e.g. “openai”.";
  if (name.length > 64) return "At most 64 characters.";
  if (!NAME_PATTERN.test(name))
    return "Use lower-case letters, digits, - or _, starting with a letter or digit.";
  return undefined;
}

export function baseUrlProblem(baseUrl: string): string | undefined {
  if (baseUrl === "") return "Enter the API's base URL, e.g. https://api.openai.com/v1.";
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return "Enter a full URL, starting with https://.";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Use an http:// or https:// URL.";
  return undefined;
}

function headersProblem(rows: readonly HeaderRow[]): string | undefined {
  if (rows.length > MAX_HEADERS) return `At most ${MAX_HEADERS} headers.`;
  const seen = new Set<string>();
  for (const row of rows) {
    const name = row.name.trim();
    if (name === "") return "Give every header a name, or remove the empty row.";
    if (!HEADER_NAME_PATTERN.test(name)) return `“${name}” is not a header name (letters, digits and -).`;
    if (RESERVED_HEADERS.includes(name.toLowerCase()))
      return `${name} is set from the key and URL; it can't be an extra header.`;
    if (seen.has(name.toLowerCase())) return `${name} is listed twice.`;
    seen.add(name.toLowerCase());
    if (row.value === "") return `Enter the value of ${name}.`;
  }
  return undefined;
}

/** What is wrong before anything is sent; `editing` lets an empty key mean "keep it". */
export function validateDraft(draft: ProviderDraft, editing: boolean): FieldErrors<ProviderField> {
  const errors: FieldErrors<ProviderField> = {};
  const name = nameProblem(draft.name.trim());
  if (name) errors.name = name;
  const baseUrl = baseUrlProblem(draft.baseUrl.trim());
  if (baseUrl) errors.baseUrl = baseUrl;
  if (!(editing && draft.apiKey === "")) {
    if (draft.apiKey.trim() === "") errors.apiKey = "Paste the provider's API key.";
    else if (draft.apiKey.length < MIN_KEY_LENGTH)
      errors.apiKey = `That is too short for an API key (at least ${MIN_KEY_LENGTH} characters).`;
  }
  if (!editing || draft.replaceHeaders) {
    const headers = headersProblem(draft.headers);
    if (headers) errors.headers = headers;
  }
  return errors;
}

function headerRecord(rows: readonly HeaderRow[]): Record<string, string> {
  return Object.fromEntries(rows.map((row) => [row.name.trim(), row.value]));
}

export function inputFrom(draft: ProviderDraft): JudgeProviderInput {
  return {
    name: draft.name.trim(),
    baseUrl: draft.baseUrl.trim(),
    apiKey: draft.apiKey,
    ...(draft.headers.length > 0 ? { headers: headerRecord(draft.headers) } : {}),
  };
}

/** Only what changed: an empty key keeps the stored one, headers are sent only to replace them. */
export function patchFrom(draft: ProviderDraft, provider: JudgeProvider): JudgeProviderPatch {
  const name = draft.name.trim();
  const baseUrl = draft.baseUrl.trim();
  return {
    ...(name !== provider.name ? { name } : {}),
    // The server drops trailing slashes, so "…/v1/" is the URL it already has.
    ...(baseUrl.replace(/\/+$/, "") !== provider.baseUrl ? { baseUrl } : {}),
    ...(draft.apiKey !== "" ? { apiKey: draft.apiKey } : {}),
    ...(draft.replaceHeaders ? { headers: headerRecord(draft.headers) } : {}),
  };
}

/** How a judge names one of this provider's models: `openai:/gpt-4o-mini`. */
export function modelUri(providerName: string, model: string): string {
  return `${providerName}:/${model}`;
}
