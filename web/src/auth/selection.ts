import type { Organization, Project, Whoami } from "../api/types";

/**
 * The last organization and project used, remembered in localStorage (one project per organization,
 * so switching back to an organization returns to the project you were in). Pages without a
 * project in their URL (settings, old links, "/") use it.
 */
export const SELECTION_KEY = "sightline.selection";

export interface Selection {
  orgId: string | null;
  /** Last project chosen in each organization. */
  projects: Readonly<Record<string, string>>;
}

export const EMPTY_SELECTION: Selection = { orgId: null, projects: {} };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function readSelection(): Selection {
  try {
    const raw = window.localStorage.getItem(SELECTION_KEY);
    if (!raw) return EMPTY_SELECTION;
    const value: unknown = JSON.parse(raw);
    if (!isRecord(value)) return EMPTY_SELECTION;
    const projects: Record<string, string> = {};
    if (isRecord(value.projects)) {
      for (const [orgId, projectId] of Object.entries(value.projects)) {
        if (typeof projectId === "string") projects[orgId] = projectId;
      }
    }
    return { orgId: typeof value.orgId === "string" ? value.orgId : null, projects };
  } catch {
    return EMPTY_SELECTION; // Storage disabled or garbage: start from the defaults.
  }
}

export function writeSelection(selection: Selection): void {
  try {
    window.localStorage.setItem(SELECTION_KEY, JSON.stringify(selection));
  } catch {
    // Not persisted; the choice still holds for this page view.
  }
}

export interface ResolvedSelection {
  org: Organization | null;
  project: Project | null;
  /** The selection with anything that no longer exists replaced by the defaults. */
  selection: Selection;
}

/**
 * The current organization and project. A project named by the URL (`/p/{projectId}/…`) wins and
 * becomes the remembered one; one the user may not see resolves to no project (the page answers
 * not-found) and changes nothing. Without one in the URL, the stored choice applies to what the
 * user can see now: first org / first project when gone.
 */
export function resolveSelection(
  whoami: Whoami,
  stored: Selection,
  urlProjectId: string | null = null,
): ResolvedSelection {
  const named = urlProjectId === null ? undefined : whoami.projects.find((p) => p.id === urlProjectId);
  const wantedOrgId = named?.orgId ?? stored.orgId;
  const org =
    whoami.organizations.find((candidate) => candidate.id === wantedOrgId) ?? whoami.organizations[0] ?? null;
  if (!org) return { org: null, project: null, selection: { orgId: null, projects: {} } };
  const orgProjects = whoami.projects.filter((project) => project.orgId === org.id);
  const wanted = named?.id ?? stored.projects[org.id];
  const remembered = orgProjects.find((candidate) => candidate.id === wanted) ?? orgProjects[0] ?? null;
  // Forget organizations the user has left.
  const projects: Record<string, string> = {};
  for (const [orgId, projectId] of Object.entries(stored.projects)) {
    if (whoami.organizations.some((candidate) => candidate.id === orgId)) projects[orgId] = projectId;
  }
  if (remembered) projects[org.id] = remembered.id;
  else delete projects[org.id];
  const project = urlProjectId !== null && !named ? null : remembered;
  return { org, project, selection: { orgId: org.id, projects } };
}

export function sameSelection(a: Selection, b: Selection): boolean {
  if (a.orgId !== b.orgId) return false;
  const aKeys = Object.keys(a.projects);
  if (aKeys.length !== Object.keys(b.projects).length) return false;
  return aKeys.every((key) => a.projects[key] === b.projects[key]);
}
