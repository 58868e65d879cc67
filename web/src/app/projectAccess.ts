import { useEffect, useState } from "preact/hooks";
import { useSession } from "../auth/SessionProvider";

/** Whether the viewer may open the project a page's URL names. */
export type ProjectAccess = "visible" | "checking" | "hidden";

/**
 * A project page renders only for a project the viewer may see; any other id (another tenant's,
 * a deleted one, a typo) is "hidden" and answers not-found before anything is asked of the API.
 * An id the session doesn't list yet (a project made a moment ago, an invitation accepted in
 * another tab) gets one fresh look at whoami first. `null`: the page names no project.
 */
export function useProjectAccess(projectId: string | null): ProjectAccess {
  const { status, projects, refresh } = useSession();
  const visible = projectId === null || projects.some((project) => project.id === projectId);
  const [rechecked, setRechecked] = useState<string | null>(null);
  const mustRecheck = status === "ready" && !visible && projectId !== rechecked;

  // Each visit gets its own look: coming back to a project that was hidden (after accepting an
  // invitation in another tab, say) asks whoami again instead of remembering the old answer.
  useEffect(() => setRechecked(null), [projectId]);

  useEffect(() => {
    if (!mustRecheck || projectId === null) return;
    let live = true;
    void refresh().finally(() => {
      if (live) setRechecked(projectId);
    });
    return () => {
      live = false;
    };
  }, [mustRecheck, projectId, refresh]);

  if (visible) return "visible";
  return mustRecheck || status !== "ready" ? "checking" : "hidden";
}
