/**
 * Routing, on preact-iso: the location (provider, hook, `navigate`), links, and the app's types.
 * The route table is in routes.tsx and the URL scheme in paths.ts.
 */
export {
  isActivePath,
  Link,
  type LinkProps,
  type Location,
  LocationProvider,
  type NavigateOptions,
  NavLink,
  type NavLinkProps,
  navigate,
  useLocation,
} from "./location";
export type { Crumb, Page, PageRoute, Params, RouteAccess, RouteProps } from "./types";
