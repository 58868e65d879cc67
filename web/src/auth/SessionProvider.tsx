import { type ComponentChildren, createContext } from "preact";
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { logout as apiLogout, whoami } from "../api/auth";
import { onUnauthenticated } from "../api/client";
import { type ApiError, toApiError } from "../api/errors";
import type { Organization, Project, Role, User, Whoami } from "../api/types";
import { navigate, useLocation } from "../router";
import { parseProjectPath, sameSectionIn } from "../router/paths";
import { readSelection, resolveSelection, type Selection, sameSelection, writeSelection } from "./selection";

/**
 * The signed-in user, their organizations and projects (`GET /api/v1/whoami`), and the current
 * organization/project: the one the URL names (`/p/{projectId}/…`), else the last one used.
 * Loaded once at start; `refresh()` after anything that changes them.
 */
export type SessionStatus = "loading" | "anonymous" | "error" | "ready";

interface State {
  status: SessionStatus;
  whoami: Whoami | null;
  error: ApiError | null;
}

export interface Session {
  status: SessionStatus;
  /** Why the first whoami failed (not a 401), when status is "error". */
  error: ApiError | null;
  user: User | null;
  organizations: readonly Organization[];
  /** Every project of every organization the user belongs to. */
  projects: readonly Project[];
  currentOrg: Organization | null;
  /**
   * The project the URL names, when the user may see it (null when not: that page answers
   * not-found); on pages without a project in the URL, the last one used.
   */
  currentProject: Project | null;
  /** Projects of the current organization. */
  orgProjects: readonly Project[];
  /** The user's role in the current organization. */
  role: Role | null;
  /** Makes the organization current; on a project page, opens the same section in its project. */
  switchOrg: (orgId: string, projectId?: string) => void;
  /** Makes the project current; on a project page, opens the same section in it. */
  switchProject: (project: Pick<Project, "id" | "orgId">) => void;
  /** Reloads whoami; a 401 makes the session anonymous. */
  refresh: () => Promise<void>;
  /** Signs out and goes to `to` (the login page by default). */
  logout: (to?: string) => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [state, setState] = useState<State>({ status: "loading", whoami: null, error: null });
  const [selection, setSelection] = useState<Selection>(readSelection);
  const urlProjectId = parseProjectPath(useLocation().pathname)?.projectId ?? null;
  const whoamiRef = useRef<Whoami | null>(null);
  whoamiRef.current = state.whoami;
  const selectionRef = useRef(selection);
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    generation.current += 1;
    const mine = generation.current;
    try {
      const next = await whoami();
      if (mine !== generation.current) return;
      whoamiRef.current = next.user ? next : null; // for a switch made before the next render
      setState(
        next.user
          ? { status: "ready", whoami: next, error: null }
          : { status: "anonymous", whoami: null, error: null },
      );
    } catch (cause) {
      if (mine !== generation.current) return;
      const error = toApiError(cause);
      if (error.status === 401) {
        setState({ status: "anonymous", whoami: null, error: null });
      } else {
        // Keep a loaded session through a transient failure; only the first load shows the error.
        setState((current) =>
          current.status === "ready" ? current : { status: "error", whoami: null, error },
        );
      }
    }
  }, []);

  useEffect(() => {
    void refresh();
    // Any API call answering 401 means the session is gone (expired, revoked, logged out elsewhere).
    return onUnauthenticated(() => {
      generation.current += 1;
      setState({ status: "anonymous", whoami: null, error: null });
    });
  }, [refresh]);

  const logout = useCallback(async (to = "/login") => {
    try {
      await apiLogout();
    } finally {
      // Navigate and clear in the same tick, so the gate never sees "anonymous" on a private page
      // (it would redirect to /login?next=<that page>).
      generation.current += 1;
      navigate(to);
      setState({ status: "anonymous", whoami: null, error: null });
    }
  }, []);

  // A choice is stored right away (not in an effect), so it survives a navigation that follows it.
  const choose = useCallback((update: (current: Selection) => Selection) => {
    const next = update(selectionRef.current);
    selectionRef.current = next;
    writeSelection(next);
    setSelection(next);
  }, []);

  const resolved = useMemo(
    () => (state.whoami ? resolveSelection(state.whoami, selection, urlProjectId) : null),
    [state.whoami, selection, urlProjectId],
  );

  // Persist the corrected choice (the project in the URL, defaults, or a replacement for a
  // deleted org/project).
  useEffect(() => {
    if (!resolved || sameSelection(resolved.selection, selection)) return;
    // Only correct the choice that was resolved; a newer one (made since) wins.
    if (selectionRef.current === selection) choose(() => resolved.selection);
  }, [resolved, selection, choose]);

  const switchOrg = useCallback(
    (orgId: string, projectId?: string) => {
      const stored = selectionRef.current.projects[orgId];
      const orgProjects = (whoamiRef.current?.projects ?? []).filter((project) => project.orgId === orgId);
      const target =
        projectId ?? orgProjects.find((project) => project.id === stored)?.id ?? orgProjects[0]?.id ?? null;
      choose((current) => ({
        orgId,
        projects: target ? { ...current.projects, [orgId]: target } : current.projects,
      }));
      // On a project page the URL names the project: follow the switch there, or to the
      // organization's "no project yet" overview.
      const here = window.location.pathname;
      if (parseProjectPath(here)) navigate((target && sameSectionIn(here, target)) || "/");
    },
    [choose],
  );

  // Takes the project itself (not an id): right after creating one, this render's whoami
  // doesn't list it yet.
  const switchProject = useCallback(
    (project: Pick<Project, "id" | "orgId">) => {
      choose((current) => ({
        orgId: project.orgId,
        projects: { ...current.projects, [project.orgId]: project.id },
      }));
      const target = sameSectionIn(window.location.pathname, project.id);
      if (target) navigate(target);
    },
    [choose],
  );

  const value = useMemo<Session>(() => {
    const currentOrg = resolved?.org ?? null;
    const projects = state.whoami?.projects ?? [];
    return {
      status: state.status,
      error: state.error,
      user: state.whoami?.user ?? null,
      organizations: state.whoami?.organizations ?? [],
      projects,
      currentOrg,
      currentProject: resolved?.project ?? null,
      orgProjects: currentOrg ? projects.filter((project) => project.orgId === currentOrg.id) : [],
      role: currentOrg?.role ?? null,
      switchOrg,
      switchProject,
      refresh,
      logout,
    };
  }, [state, resolved, switchOrg, switchProject, refresh, logout]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The project of a project page, which its route has checked the viewer may see. */
export function useProject(): Project {
  const { currentProject } = useSession();
  if (!currentProject) throw new Error("useProject() must be used on a page under /p/{projectId}");
  return currentProject;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession() must be used inside <SessionProvider>");
  return session;
}

export interface SignedInSession extends Session {
  status: "ready";
  user: User;
}

/** The session of a page behind the sign-in gate, where a user is always present. */
export function useSignedIn(): SignedInSession {
  const session = useSession();
  if (session.status !== "ready" || !session.user) {
    throw new Error("useSignedIn() must be used on a page that requires a session");
  }
  return { ...session, status: "ready", user: session.user };
}
