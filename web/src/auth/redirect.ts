/** The `next` parameter of /login and /signup: where to go after signing in. */

const AUTH_PAGES = ["/login", "/signup"];

/** Only same-site paths ("/traces?x=1"), never "//evil.example" or another auth page. */
export function safeNext(value: string | null | undefined): string | null {
  if (!value?.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  const path = value.split(/[?#]/)[0] ?? "";
  if (AUTH_PAGES.includes(path)) return null;
  return value;
}

export function nextFromSearch(search: string): string | null {
  return safeNext(new URLSearchParams(search).get("next"));
}

/** "/login?next=%2Ftraces" — `next` is omitted when it is the home page. */
export function authPath(page: "/login" | "/signup", next: string | null, extra?: Record<string, string>) {
  const params = new URLSearchParams(extra);
  const target = safeNext(next);
  if (target && target !== "/") params.set("next", target);
  const query = params.toString();
  return query ? `${page}?${query}` : page;
}

export function currentPath(): string {
  const { pathname, search, hash } = window.location;
  return `${pathname}${search}${hash}`;
}
