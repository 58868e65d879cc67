import type { ComponentChildren, PartialAnchorHTMLAttributes, TargetedMouseEvent } from "preact";
import { useLayoutEffect, useMemo } from "preact/hooks";
import { LocationProvider as IsoLocationProvider, useLocation as useIsoLocation } from "preact-iso/router";

/**
 * The app's window on preact-iso's location: one provider at the top, `useLocation()` for the
 * path and query, and `navigate()` for code that moves on its own (after a login, a redirect).
 * Same-origin <a> clicks are routed by preact-iso itself; `Link` is a plain anchor.
 */

/** Paths the Worker answers itself (API, OTLP): links to them load the page for real. */
const SPA_LINKS = /^\/(?!api(?:\/|$)|v1\/)/;

type RouteTo = (url: string, replace?: boolean) => void;
let routeTo: RouteTo | null = null;

function CaptureRoute() {
  const { route } = useIsoLocation();
  useLayoutEffect(() => {
    routeTo = route;
    return () => {
      if (routeTo === route) routeTo = null;
    };
  }, [route]);
  return null;
}

export function LocationProvider({ children }: { children: ComponentChildren }) {
  return (
    <IsoLocationProvider scope={SPA_LINKS}>
      <CaptureRoute />
      {children}
    </IsoLocationProvider>
  );
}

export interface NavigateOptions {
  /** Replace the current history entry instead of pushing a new one. */
  replace?: boolean;
}

/**
 * Go to `to` (a path such as "/settings/members?x=1") without a page load; other origins load
 * normally. Going to the current URL again replaces it rather than adding a history entry.
 */
export function navigate(to: string, options: NavigateOptions = {}): void {
  const url = new URL(to, window.location.href);
  if (url.origin !== window.location.origin || !routeTo) {
    window.location.assign(url.href);
    return;
  }
  const target = `${url.pathname}${url.search}${url.hash}`;
  const { pathname, search, hash } = window.location;
  routeTo(target, options.replace === true || target === `${pathname}${search}${hash}`);
}

export interface Location {
  /** Without a trailing slash ("/" for the root). */
  pathname: string;
  /** "?a=1", or "" without a query. */
  search: string;
}

/** The current path and query string; re-renders the caller when either changes. */
export function useLocation(): Location {
  const { url, path } = useIsoLocation();
  return useMemo(
    () => ({ pathname: path, search: new URL(url, window.location.origin).search }),
    [url, path],
  );
}

/** Whether `pathname` is `href` itself, or (unless exact) one of its descendants. */
export function isActivePath(pathname: string, href: string, exact = false): boolean {
  const strip = (path: string) => path.replace(/[?#].*$/, "").replace(/\/+$/, "") || "/";
  const path = strip(pathname);
  const target = strip(href);
  if (path === target) return true;
  if (exact || target === "/") return false;
  return path.startsWith(`${target}/`);
}

export interface LinkProps
  extends Omit<PartialAnchorHTMLAttributes<HTMLAnchorElement>, "href" | "role" | "class" | "className"> {
  href: string;
  className?: string;
}

/**
 * An anchor; preact-iso turns a plain left click on it into a client-side navigation. A click on
 * a link to the page already shown goes no further, so it adds no duplicate history entry.
 */
export function Link({ href, onClick, ...rest }: LinkProps) {
  const handleClick = (event: TargetedMouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    const anchor = event.currentTarget;
    const modified = event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
    if (modified || event.button !== 0 || (anchor.target && anchor.target !== "_self")) return;
    const { pathname, search, hash } = window.location;
    if (anchor.href === new URL(`${pathname}${search}${hash}`, anchor.href).href) {
      event.preventDefault();
      event.stopPropagation();
    }
  };
  return <a href={href} onClick={handleClick} {...rest} />;
}

export interface NavLinkProps extends LinkProps {
  /** Only active on the exact path, not on descendants (use for an overview). */
  exact?: boolean;
  /** Extra paths that also make this link active. */
  alsoActiveOn?: readonly string[];
}

/** A Link that knows whether it points at the current page, and says so with aria-current. */
export function NavLink({ href, exact, alsoActiveOn, className, ...rest }: NavLinkProps) {
  const { pathname } = useLocation();
  const active =
    isActivePath(pathname, href, exact) ||
    (alsoActiveOn ?? []).some((path) => isActivePath(pathname, path, true));
  const classes = [className, active ? "is-active" : ""].filter(Boolean).join(" ");
  return <Link href={href} className={classes} aria-current={active ? "page" : undefined} {...rest} />;
}
