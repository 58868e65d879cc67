import { useEffect, useMemo } from "preact/hooks";
import { SessionGate } from "../auth/SessionGate";
import { PageLoading } from "../pages/common/PageLoading";
import { NotFoundPage } from "../pages/NotFound";
import type { PageRoute, Params } from "../router/types";
import { CurrentPageContext, describePage, documentTitle } from "./currentPage";
import { useProjectAccess } from "./projectAccess";
import { Shell } from "./Shell";

export interface RoutedPageProps {
  route: PageRoute;
  params: Params;
}

function ProjectNotFound() {
  return (
    <NotFoundPage
      title="There's no project here you can open"
      description="The project may have been deleted, or belong to an organization you're not a member of. Ask one of its members to invite you, or go back to your own projects."
    />
  );
}

/** What a project page becomes for a project the viewer may not see: no trace of the route either. */
const PROJECT_NOT_FOUND: PageRoute = {
  path: "",
  access: "signed-in",
  title: "Page not found",
  component: ProjectNotFound,
};

/**
 * What every route renders: the page inside its gates (session, project) and, unless public, the
 * app frame. It is one component for all routes, so preact-iso keeps the frame (sidebar, top bar)
 * mounted from page to page and only the page inside changes.
 */
export function RoutedPage({ route, params }: RoutedPageProps) {
  const access = useProjectAccess(route.access === "project" ? (params.projectId ?? "") : null);
  const shown = access === "hidden" ? PROJECT_NOT_FOUND : route;
  const page = useMemo(() => describePage(shown, params), [shown, params]);
  const title = documentTitle(page);
  useEffect(() => {
    document.title = title;
  }, [title]);
  // Start fetching a lazy page's code while the session loads (it is fetched once).
  void route.component.preload?.();

  const Page = shown.component;
  const content =
    access === "checking" ? <PageLoading label="Opening the project…" /> : <Page params={params} />;
  return (
    <SessionGate isPublic={route.access === "public"}>
      {route.access === "public" ? (
        content
      ) : (
        <CurrentPageContext.Provider value={page}>
          <Shell>{content}</Shell>
        </CurrentPageContext.Provider>
      )}
    </SessionGate>
  );
}
