export { getLocation, isActivePath, type Location, type NavigateOptions, navigate } from "./history";
export { Link, type LinkProps, NavLink, type NavLinkProps } from "./Link";
export { matchPath, type Params } from "./match";
export {
  APP_NAME,
  documentTitle,
  Outlet,
  Router,
  resolveRoute,
  useFocusOnNavigate,
  useRoute,
} from "./Router";
export type { Crumb, ResolvedRoute, RouteDefinition, RouteProps } from "./types";
export { useLocation } from "./useLocation";
