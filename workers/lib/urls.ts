/**
 * Links into the dashboard, for anything the server sends out (alert webhooks, CLI output). The
 * dashboard's project pages live under `/p/{projectId}/…` (web/src/app/sections.ts); filters,
 * time range and the selected span travel in the query string.
 */
export type ProjectPage =
  | { page: "overview" }
  | { page: "traces"; query?: Record<string, string | string[]> }
  | { page: "trace"; traceId: string; spanId?: string }
  | { page: "sessions" }
  | { page: "session"; sessionId: string }
  | { page: "dashboards"; query?: Record<string, string> }
  | { page: "alert"; alertId: string };

const part = encodeURIComponent;

function queryString(query: Record<string, string | string[]> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {}))
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The absolute URL of a project page, from the deployment's PUBLIC_URL. */
export function projectUrl(publicUrl: string, projectId: string, target: ProjectPage): string {
  const base = `${publicUrl.replace(/\/+$/, "")}/p/${part(projectId)}`;
  switch (target.page) {
    case "overview":
      return base;
    case "traces":
      return `${base}/traces${queryString(target.query)}`;
    case "trace":
      return `${base}/traces/${part(target.traceId)}${target.spanId ? queryString({ span: target.spanId }) : ""}`;
    case "sessions":
      return `${base}/sessions`;
    case "session":
      return `${base}/sessions/${part(target.sessionId)}`;
    case "dashboards":
      return `${base}/dashboards${queryString(target.query)}`;
    case "alert":
      return `${base}/alerts/${part(target.alertId)}`;
  }
}
