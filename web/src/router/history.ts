/**
 * A tiny history-API location store. Everything that changes the URL goes through
 * `navigate()` (or the browser's back/forward buttons), and subscribers re-render.
 */

export interface Location {
  pathname: string;
  search: string;
  hash: string;
}

export interface NavigateOptions {
  /** Replace the current history entry instead of pushing a new one. */
  replace?: boolean;
}

type Listener = () => void;

const listeners = new Set<Listener>();
let snapshot: Location = read();

function read(): Location {
  const { pathname, search, hash } = window.location;
  return { pathname, search, hash };
}

function notify(): void {
  const next = read();
  if (next.pathname === snapshot.pathname && next.search === snapshot.search && next.hash === snapshot.hash) {
    return;
  }
  snapshot = next;
  for (const listener of listeners) listener();
}

window.addEventListener("popstate", notify);

/** The current location. The same object is returned until the URL changes. */
export function getLocation(): Location {
  return snapshot;
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Go to `to` (a path such as "/traces" or "/settings/members?tab=1") without a page load.
 * URLs on another origin fall back to a full navigation.
 */
export function navigate(to: string, options: NavigateOptions = {}): void {
  const url = new URL(to, window.location.href);
  if (url.origin !== window.location.origin) {
    window.location.assign(url.href);
    return;
  }
  const target = `${url.pathname}${url.search}${url.hash}`;
  const current = `${snapshot.pathname}${snapshot.search}${snapshot.hash}`;
  if (options.replace || target === current) {
    window.history.replaceState(null, "", target);
  } else {
    window.history.pushState(null, "", target);
  }
  notify();
}

/** Strip a trailing slash so "/traces/" and "/traces" are the same route. */
export function normalizePath(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith("/") ? pathname.replace(/\/+$/, "") || "/" : pathname;
}

/** Whether `pathname` is `href` itself, or (unless exact) one of its descendants. */
export function isActivePath(pathname: string, href: string, exact = false): boolean {
  const path = normalizePath(pathname);
  const target = normalizePath(href);
  if (path === target) return true;
  if (exact || target === "/") return false;
  return path.startsWith(`${target}/`);
}
