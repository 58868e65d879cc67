import { projectPath } from "../../router/paths";

/** `/p/{projectId}/scorers`, one scorer under it, and "new" for the editor of a new one. */
export const scorersPath = (projectId: string) => projectPath(projectId, "scorers");
export const scorerPath = (projectId: string, scorerId: string) =>
  projectPath(projectId, "scorers", encodeURIComponent(scorerId));
export const NEW_SCORER = "new";
