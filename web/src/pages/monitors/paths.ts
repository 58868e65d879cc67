import { projectPath } from "../../router/paths";

/** `/p/{projectId}/monitors` and an alert under it: the address alert webhooks link to (workers/lib/urls.ts). */
export const monitorsPath = (projectId: string) => projectPath(projectId, "monitors");
export const alertPath = (projectId: string, alertId: string) =>
  projectPath(projectId, "monitors", "alerts", alertId);

/**
 * The API's links are absolute (from the deployment's PUBLIC_URL); inside the dashboard only
 * their path and query are followed, so they open in this tab and on this host.
 */
export function inAppHref(absolute: string): string {
  try {
    const url = new URL(absolute, "http://placeholder.invalid");
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return absolute;
  }
}
