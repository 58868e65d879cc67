import { projectPath, withQuery } from "../router/paths";
import { SECTION } from "./sections";

/** Addresses of a project's traces and sessions, for links between pages. */

/** "/p/prj_1/traces/abc", with the span to select when given. */
export function traceHref(projectId: string, traceId: string, spanId?: string): string {
  const path = projectPath(projectId, SECTION.traces.path, traceId);
  return spanId ? withQuery(path, new URLSearchParams({ span: spanId })) : path;
}

/** The traces list, filtered: `tracesHref(id, { userId: "u-1" })` → "/p/prj_1/traces?userId=u-1". */
export function tracesHref(projectId: string, filters: Readonly<Record<string, string>> = {}): string {
  return withQuery(projectPath(projectId, SECTION.traces.path), new URLSearchParams(filters));
}

export function sessionHref(projectId: string, sessionId: string): string {
  return projectPath(projectId, SECTION.sessions.path, sessionId);
}
