import { projectPath, withQuery } from "../../router/paths";

/** `/p/{projectId}/datasets` and one dataset under it, with its view in the query (`?view=versions`). */
export const datasetsPath = (projectId: string) => projectPath(projectId, "datasets");
export const datasetPath = (projectId: string, datasetId: string, query: Record<string, string> = {}) =>
  withQuery(projectPath(projectId, "datasets", datasetId), new URLSearchParams(query));
