/**
 * A project's prompt registry: prompts, immutable versions, aliases with their history, try-it
 * and linked traces (docs/api-prompts.md). The shapes are the server's (type-only imports: nothing
 * of the server is bundled).
 */
import type {
  PromptView as Prompt,
  AliasView as PromptAlias,
  PromptInput,
  PromptPatch,
  PromptVersionView as PromptVersion,
  VersionInput as PromptVersionInput,
} from "../../../workers/prompts/schemas";
import type { TryResult as PromptTryResult } from "../../../workers/prompts/try-schemas";
import type { TracePage } from "../../../workers/traces/schemas";
import { api, type RequestOptions } from "./client";
import { searchOf } from "./traces";

export type {
  Prompt,
  PromptAlias,
  PromptInput,
  PromptPatch,
  PromptTryResult,
  PromptVersion,
  PromptVersionInput,
};
export type PromptTemplate = PromptVersion["template"];
export type ChatMessage = Exclude<PromptVersionInput["template"], string>[number];
export type ChatRole = ChatMessage["role"];

/** How the list's one search box searches: the name, a tag, or the latest version's text. */
export type PromptSearchBy = "search" | "tag" | "text";

const prompts = (projectId: string) => `/api/v1/projects/${encodeURIComponent(projectId)}/prompts`;
const prompt = (projectId: string, name: string) => `${prompts(projectId)}/${encodeURIComponent(name)}`;
const version = (projectId: string, name: string, v: number) => `${prompt(projectId, name)}/versions/${v}`;

export function listPrompts(
  projectId: string,
  query: { search?: string; tag?: string; text?: string; archived?: boolean; cursor?: string },
  options?: RequestOptions,
): Promise<{ prompts: Prompt[]; nextCursor: string | null }> {
  const { archived, ...rest } = query;
  return api.get(prompts(projectId), {
    ...options,
    query: { ...rest, archived: archived ? "true" : undefined },
  });
}

/** 201 with version 1; 409 when the name is taken. */
export function createPrompt(projectId: string, input: PromptInput): Promise<Prompt> {
  return api.post<Prompt>(prompts(projectId), input);
}

export function getPrompt(projectId: string, name: string, options?: RequestOptions): Promise<Prompt> {
  return api.get<Prompt>(prompt(projectId, name), options);
}

export function updatePrompt(projectId: string, name: string, patch: PromptPatch): Promise<Prompt> {
  return api.patch<Prompt>(prompt(projectId, name), patch);
}

/** 409 while an alias points at the prompt (the message names the aliases). */
export function deletePrompt(projectId: string, name: string): Promise<void> {
  return api.delete(prompt(projectId, name));
}

/** Newest first, each with the aliases pointing at it (`latest` included). */
export async function listPromptVersions(
  projectId: string,
  name: string,
  options?: RequestOptions,
): Promise<PromptVersion[]> {
  return (await api.get<{ versions: PromptVersion[] }>(`${prompt(projectId, name)}/versions`, options))
    .versions;
}

/** The next number; it becomes `latest`. 409 when someone saved one meanwhile. */
export function createPromptVersion(
  projectId: string,
  name: string,
  input: PromptVersionInput,
): Promise<PromptVersion> {
  return api.post<PromptVersion>(`${prompt(projectId, name)}/versions`, input);
}

export function getPromptAlias(
  projectId: string,
  name: string,
  alias: string,
  options?: RequestOptions,
): Promise<PromptAlias> {
  return api.get<PromptAlias>(`${prompt(projectId, name)}/aliases/${encodeURIComponent(alias)}`, options);
}

/** Sets or moves an alias (owners and admins: `prompts:promote`). */
export function setPromptAlias(
  projectId: string,
  name: string,
  alias: string,
  to: number,
): Promise<PromptAlias> {
  return api.put<PromptAlias>(`${prompt(projectId, name)}/aliases/${encodeURIComponent(alias)}`, {
    version: to,
  });
}

/** One model call with the rendered version through the organization's judge provider. */
export function tryPromptVersion(
  projectId: string,
  name: string,
  v: number,
  input: { variables: Record<string, string>; model?: string },
  options?: RequestOptions,
): Promise<PromptTryResult> {
  return api.post<PromptTryResult>(`${version(projectId, name, v)}/try`, input, options);
}

export function listVersionTraces(
  projectId: string,
  name: string,
  v: number,
  query: { cursor?: string; feedbackColumns?: string[] },
  options?: RequestOptions,
): Promise<TracePage> {
  // feedbackColumns repeats: the query string is built with the trace list's own helper.
  return api.get<TracePage>(`${version(projectId, name, v)}/traces${searchOf(query)}`, options);
}
