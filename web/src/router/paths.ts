/**
 * The dashboard's URL scheme. A project's pages live under `/p/{projectId}/…` so a link names its
 * project and opens the same page in anyone's browser (the server builds the same URLs from
 * PUBLIC_URL for alerts and CLI output). Organization pages (settings) and the sign-in pages have
 * no project in their path.
 */

export const PROJECT_PREFIX = "/p";

/** "/p/prj_1/traces/abc": each segment is encoded, empty ones are dropped. */
export function projectPath(projectId: string, ...segments: readonly string[]): string {
  const rest = segments
    .filter((segment) => segment !== "")
    .map((segment) => `/${encodeURIComponent(segment)}`)
    .join("");
  return `${PROJECT_PREFIX}/${encodeURIComponent(projectId)}${rest}`;
}

/** A path plus a query string, without a dangling "?" when the query is empty. */
export function withQuery(path: string, query: URLSearchParams | string): string {
  const text = typeof query === "string" ? query.replace(/^\?/, "") : query.toString();
  return text ? `${path}?${text}` : path;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export interface ProjectLocation {
  projectId: string;
  /** The path inside the project, with its leading slash: "/traces/abc", or "" for the overview. */
  rest: string;
}

/** Splits "/p/prj_1/traces/abc" into the project and the page inside it; null for other paths. */
export function parseProjectPath(pathname: string): ProjectLocation | null {
  const match = /^\/p\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!match?.[1]) return null;
  return { projectId: decode(match[1]), rest: (match[2] ?? "").replace(/\/+$/, "") };
}

/** The path of the same section in another project: "/p/a/traces/abc" → "/p/b/traces". */
export function sameSectionIn(pathname: string, projectId: string): string | null {
  const current = parseProjectPath(pathname);
  if (!current) return null;
  const section = current.rest.split("/").filter(Boolean)[0] ?? "";
  return projectPath(projectId, decode(section));
}
