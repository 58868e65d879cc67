import { api, type RequestOptions } from "./client";

/** The organization's judge model providers (OpenAI-compatible APIs its LLM judges call). */

// The server's own shapes (type-only imports: nothing of the server is bundled).
import type {
  ProviderView as JudgeProvider,
  ProviderInput as JudgeProviderInput,
  ProviderPatch as JudgeProviderPatch,
} from "../../../workers/judges/provider-schemas";

export type { JudgeProvider, JudgeProviderInput, JudgeProviderPatch };

/** "Test connection": the provider's models, or what went wrong in words. */
export type JudgeProviderTest = { ok: true; models: string[] } | { ok: false; error: string };

const providers = (orgId: string) => `/api/v1/orgs/${encodeURIComponent(orgId)}/judge-providers`;
const provider = (orgId: string, providerId: string) =>
  `${providers(orgId)}/${encodeURIComponent(providerId)}`;

/** The providers, by name. Members may list them; keys and header values are never sent. */
export async function listJudgeProviders(orgId: string, options?: RequestOptions): Promise<JudgeProvider[]> {
  return (await api.get<{ providers: JudgeProvider[] }>(providers(orgId), options)).providers;
}

/** 409 when the organization already has a provider of that name. */
export function createJudgeProvider(orgId: string, input: JudgeProviderInput): Promise<JudgeProvider> {
  return api.post<JudgeProvider>(providers(orgId), input);
}

/** Changes what `patch` names; a key left out is kept, headers given replace all of them. */
export function updateJudgeProvider(
  orgId: string,
  providerId: string,
  patch: JudgeProviderPatch,
): Promise<JudgeProvider> {
  return api.patch<JudgeProvider>(provider(orgId, providerId), patch);
}

export function deleteJudgeProvider(orgId: string, providerId: string): Promise<void> {
  return api.delete(provider(orgId, providerId));
}

/** Lists the provider's models with its stored key; a failure of the provider is an answer, not a throw. */
export function testJudgeProvider(
  orgId: string,
  providerId: string,
  options?: RequestOptions,
): Promise<JudgeProviderTest> {
  return api.post<JudgeProviderTest>(`${provider(orgId, providerId)}/test`, undefined, options);
}
