import { api, type RequestOptions } from "./client";
import type { ApiKey, CreatedApiKey, Project, Scope } from "./types";

/** Projects and their API keys. */

const project = (projectId: string) => `/api/v1/projects/${encodeURIComponent(projectId)}`;

export interface ProjectInput {
  name: string;
  description?: string;
}

export function createProject(orgId: string, input: ProjectInput): Promise<Project> {
  return api.post<Project>("/api/v1/projects", { orgId, ...input });
}

export function updateProject(projectId: string, input: Partial<ProjectInput>): Promise<Project> {
  return api.patch<Project>(project(projectId), input);
}

export function deleteProject(projectId: string): Promise<void> {
  return api.delete(project(projectId));
}

export async function listApiKeys(projectId: string, options?: RequestOptions): Promise<ApiKey[]> {
  return (await api.get<{ apiKeys: ApiKey[] }>(`${project(projectId)}/api-keys`, options)).apiKeys;
}

export interface ApiKeyInput {
  name: string;
  scopes: Scope[];
  /** ISO 8601; omitted for a key that never expires. */
  expiresAt?: string;
}

export function createApiKey(projectId: string, input: ApiKeyInput): Promise<CreatedApiKey> {
  return api.post<CreatedApiKey>(`${project(projectId)}/api-keys`, input);
}

/** Revokes the key; it stops working on its next request. */
export function revokeApiKey(projectId: string, keyId: string): Promise<void> {
  return api.delete(`${project(projectId)}/api-keys/${encodeURIComponent(keyId)}`);
}
