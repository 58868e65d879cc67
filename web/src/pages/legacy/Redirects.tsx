import type { ComponentType } from "preact";
import { useEffect } from "preact/hooks";
import { locate } from "../../api/locate";
import { useResource } from "../../api/useResource";
import { type Section, sectionHref } from "../../app/sections";
import { useSignedIn } from "../../auth/SessionProvider";
import { navigate, useLocation } from "../../router";
import { projectPath, withQuery } from "../../router/paths";
import type { RouteProps } from "../../router/types";
import { PageHeader } from "../../ui/PageHeader";
import { LoadFailed } from "../common/LoadFailed";
import { NoProject } from "../common/NoProject";
import { PageLoading } from "../common/PageLoading";
import { NotFoundPage } from "../NotFound";

/**
 * Addresses from before project URLs (`/traces`, `/dashboards`, `/`, `/traces/{traceId}` …), still
 * in bookmarks, chat threads and old alerts. They move, replacing the history entry, to the same
 * page under `/p/{projectId}`, keeping the query string and the fragment.
 */

function useRedirect(target: string | null): void {
  useEffect(() => {
    if (target) navigate(`${target}${window.location.hash}`, { replace: true });
  }, [target]);
}

/** A section without a project: opens it in the project used last (or says there is none). */
export function lastProjectRedirect(section: Section): ComponentType<RouteProps> {
  function LastProjectRedirect() {
    // Without a project in the URL, the session's current project is the one used last.
    const { currentProject } = useSignedIn();
    const { search } = useLocation();
    const target = currentProject ? withQuery(sectionHref(section, currentProject.id), search) : null;
    useRedirect(target);
    if (target) return <PageLoading label={`Opening ${section.label}…`} />;
    return (
      <div className="page">
        <PageHeader title={section.label} />
        <NoProject />
      </div>
    );
  }
  return LastProjectRedirect;
}

export type LocatedBy = "traceId" | "sessionId";

const NOUN: Readonly<Record<LocatedBy, string>> = { traceId: "trace", sessionId: "session" };

/**
 * A trace or session link without its project: the server says which of the viewer's projects
 * holds it (`GET /api/v1/locate`); none is the not-found page.
 */
export function locateRedirect(section: Section, by: LocatedBy): ComponentType<RouteProps> {
  function LocateRedirect({ params }: RouteProps) {
    const id = params[by] ?? "";
    const { search } = useLocation();
    const [state, reload] = useResource(`locate:${by}:${id}`, (signal) =>
      locate(by === "traceId" ? { traceId: id } : { sessionId: id }, { signal }),
    );
    const target =
      state.status === "ready"
        ? withQuery(projectPath(state.data.projectId, section.path, id), search)
        : null;
    useRedirect(target);

    if (state.status === "error" && (state.error.status === 404 || state.error.status === 422)) {
      return (
        <NotFoundPage
          title={`There's no such ${NOUN[by]} in your projects`}
          description={
            <>
              <code>{id}</code> may be in a project you can't open, have been deleted, or not have arrived
              yet.
            </>
          }
        />
      );
    }
    if (state.status === "error") {
      return (
        <div className="page">
          <PageHeader title={section.label} />
          <LoadFailed what={`the ${NOUN[by]}`} error={state.error} onRetry={reload} testId="load-error" />
        </div>
      );
    }
    return <PageLoading label={`Opening the ${NOUN[by]}…`} />;
  }
  return LocateRedirect;
}
