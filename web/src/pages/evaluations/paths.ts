import { roleAllows } from "../../../../workers/auth/permissions";
import type { Role } from "../../api/types";
import { projectPath, withQuery } from "../../router/paths";

/** `/p/{projectId}/evaluations`, a run under it, and the comparison of runs (`compare?runs=A&runs=B`). */
export const evaluationsPath = (projectId: string) => projectPath(projectId, "evaluations");
export const runPath = (projectId: string, runId: string) => projectPath(projectId, "evaluations", runId);
export const comparePath = (projectId: string, runIds: readonly string[]) =>
  withQuery(
    projectPath(projectId, "evaluations", "compare"),
    new URLSearchParams(runIds.map((id) => ["runs", id])),
  );

/** Starting, cancelling and resuming runs needs `project:write` (members, admins, owners). */
export const canRunEvaluations = (role: Role | null): boolean =>
  role !== null && roleAllows(role, "project:write");
