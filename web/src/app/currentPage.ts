import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Crumb, PageRoute, Params } from "../router/types";

export const APP_NAME = "Sightline";

/** The matched route, for what sits outside the page: breadcrumbs, the document title. */
export interface CurrentPage {
  route: PageRoute;
  params: Params;
  title: string;
  parents: readonly Crumb[];
}

export function describePage(route: PageRoute, params: Params): CurrentPage {
  return {
    route,
    params,
    title: typeof route.title === "function" ? route.title(params) : route.title,
    parents: route.parents?.(params) ?? [],
  };
}

/** "Trace · Traces · Sightline" */
export function documentTitle(page: CurrentPage): string {
  return [page.title, ...page.parents.map((crumb) => crumb.label).reverse(), APP_NAME].join(" · ");
}

export const CurrentPageContext = createContext<CurrentPage | null>(null);

export function useCurrentPage(): CurrentPage {
  const page = useContext(CurrentPageContext);
  if (!page) throw new Error("useCurrentPage() must be used inside a routed page");
  return page;
}
