import { projectPath, withQuery } from "../../router/paths";

/** `/p/{projectId}/prompts` and one prompt under it, its view and versions in the query. */
export const promptsPath = (projectId: string) => projectPath(projectId, "prompts");
export const promptPath = (projectId: string, name: string, query: Record<string, string> = {}) =>
  withQuery(projectPath(projectId, "prompts", name), new URLSearchParams(query));
/** A version's page: the prompt on its versions view with that version open. */
export const promptVersionPath = (projectId: string, name: string, version: number) =>
  promptPath(projectId, name, { view: "versions", version: String(version) });
