import type { ComponentType } from "preact";
import type { Params } from "./match";

export interface RouteProps {
  params: Params;
}

export interface Crumb {
  label: string;
  href: string;
}

export interface RouteDefinition {
  /** Pattern such as "/traces" or "/traces/:traceId". */
  path: string;
  /** Page name: the last breadcrumb and the first part of the document title. */
  title: string;
  /** Ancestor pages, outermost first, for the breadcrumb and the document title. */
  parents?: readonly Crumb[];
  /** Reachable without a session, rendered without the app frame (login, signup, invitation links). */
  public?: boolean;
  component: ComponentType<RouteProps>;
}

export interface ResolvedRoute {
  route: RouteDefinition;
  params: Params;
  /** True when no route matched and `route` is the 404 page. */
  notFound: boolean;
  pathname: string;
}
