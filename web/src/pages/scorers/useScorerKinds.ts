import { listScorerKinds } from "../../api/scorers";
import { useResource } from "../../api/useResource";

/** The rule kinds and built-in judges as the server describes them. */
export function useScorerKinds(projectId: string) {
  return useResource(`scorer-kinds:${projectId}`, (signal) => listScorerKinds(projectId, { signal }));
}
