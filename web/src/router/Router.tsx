import { type ComponentChildren, createContext } from "preact";
import { useContext, useEffect, useMemo, useRef } from "preact/hooks";
import { normalizePath } from "./history";
import { matchPath } from "./match";
import type { ResolvedRoute, RouteDefinition } from "./types";
import { useLocation } from "./useLocation";

export const APP_NAME = "Sightline";

const RouteContext = createContext<ResolvedRoute | null>(null);

export function resolveRoute(
  routes: readonly RouteDefinition[],
  notFound: RouteDefinition,
  rawPathname: string,
): ResolvedRoute {
  const pathname = normalizePath(rawPathname);
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params, notFound: false, pathname };
  }
  return { route: notFound, params: {}, notFound: true, pathname };
}

export function documentTitle(route: RouteDefinition): string {
  const parents = (route.parents ?? []).map((crumb) => crumb.label).reverse();
  return [route.title, ...parents, APP_NAME].join(" · ");
}

interface RouterProps {
  routes: readonly RouteDefinition[];
  notFound: RouteDefinition;
  children: ComponentChildren;
}

/** Matches the URL against the route table and shares the result with `useRoute()` and `<Outlet>`. */
export function Router({ routes, notFound, children }: RouterProps) {
  const { pathname } = useLocation();
  const resolved = useMemo(() => resolveRoute(routes, notFound, pathname), [routes, notFound, pathname]);

  useEffect(() => {
    document.title = documentTitle(resolved.route);
  }, [resolved.route]);

  return <RouteContext.Provider value={resolved}>{children}</RouteContext.Provider>;
}

export function useRoute(): ResolvedRoute {
  const route = useContext(RouteContext);
  if (!route) throw new Error("useRoute() must be used inside <Router>");
  return route;
}

/**
 * After client-side navigation, scroll to the top and move focus to the page's <h1> so screen
 * readers announce the new page. Call once, from a component that stays mounted across routes.
 */
export function useFocusOnNavigate(): void {
  const { pathname } = useRoute();
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (!window.location.hash) window.scrollTo(0, 0);
    const heading = document.querySelector<HTMLElement>("main h1");
    heading?.focus({ preventScroll: true });
  }, [pathname]);
}

/** Renders the matched page. */
export function Outlet() {
  const { route, params } = useRoute();
  const Page = route.component;
  return <Page params={params} />;
}
