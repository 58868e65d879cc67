import type { ComponentType } from "preact";

export type Params = Readonly<Record<string, string | undefined>>;

/** What every routed page receives: the path's parameters (":traceId" → params.traceId). */
export interface RouteProps {
  params: Params;
}

/** A routed page; a lazily loaded one (its own chunk) can be fetched ahead with `preload()`. */
export type Page = ComponentType<RouteProps> & { preload?: () => Promise<unknown> };

export interface Crumb {
  label: string;
  href: string;
}

/**
 * Who may open a page, and what it needs: `public` pages (sign-in, invitations) render without the
 * app frame; `signed-in` pages need a session; `project` pages also need the project named by the
 * path's `:projectId` to be one the viewer may see (else they answer not-found).
 */
export type RouteAccess = "public" | "signed-in" | "project";

export interface PageRoute {
  /** preact-iso pattern such as "/p/:projectId/traces/:traceId". */
  path: string;
  access: RouteAccess;
  /** Page name: the last breadcrumb and the first part of the document title. */
  title: string | ((params: Params) => string);
  /** Ancestor pages, outermost first, for the breadcrumb and the document title. */
  parents?: (params: Params) => readonly Crumb[];
  component: Page;
}
