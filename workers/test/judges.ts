/** Judge tests' fixtures: a project with a provider at the scripted OpenAI server, and its control API. */
import { expect } from "vitest";
import { asUser } from "./accounts";
import { env } from "./helpers";
import { traceProject } from "./trace-fixtures";

export type Project = Awaited<ReturnType<typeof traceProject>>;
const control = (path: string, init?: RequestInit) =>
  fetch(`${env.TEST_OPENAI_URL.replace(/\/v1$/, "")}/_control${path}`, init);

/** Replaces the rules of one provider key (other test files' keys keep theirs). */
export async function script(apiKey: string, rules: object[]): Promise<void> {
  const res = await control(`/rules?apiKey=${encodeURIComponent(apiKey)}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(rules),
  });
  expect(res.status).toBe(200);
}
export async function requestsWith(
  apiKey: string,
): Promise<{ path: string; body: { response_format?: unknown } }[]> {
  const res = await control(`/requests?apiKey=${encodeURIComponent(apiKey)}`);
  return ((await res.json()) as { requests: { path: string; body: { response_format?: unknown } }[] })
    .requests;
}

/** A project whose organization has an "openai" provider at the scripted server, with its own key. */
export async function judgeProject(settings: Record<string, unknown> = {}) {
  const p = await traceProject();
  const apiKey = `sk-judge-${crypto.randomUUID()}`;
  const added = await asUser(p.owner.cookie, `/api/v1/orgs/${p.owner.orgId}/judge-providers`, {
    method: "POST",
    json: { name: "openai", baseUrl: env.TEST_OPENAI_URL, apiKey },
  });
  expect(added.status).toBe(201);
  if (Object.keys(settings).length > 0) {
    const s = await asUser(p.owner.cookie, `/api/v1/orgs/${p.owner.orgId}/judge-settings`, {
      method: "PATCH",
      json: settings,
    });
    expect(s.status).toBe(200);
  }
  return { p, apiKey };
}
