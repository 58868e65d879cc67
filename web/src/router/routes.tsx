import { SECTION, SECTIONS, type Section } from "../app/sections";
import { InvitePage } from "../pages/auth/Invite";
import { LoginPage } from "../pages/auth/Login";
import { ResetPasswordPage } from "../pages/auth/ResetPassword";
import { SignupPage } from "../pages/auth/Signup";
import { lastProjectRedirect, locateRedirect } from "../pages/legacy/Redirects";
import { NotFoundPage } from "../pages/NotFound";
import { PROJECT_PREFIX, projectPath } from "./paths";
import type { Crumb, PageRoute, Params } from "./types";

/**
 * The route table, matched top to bottom by preact-iso. Section routes come from the one list in
 * app/sections.ts; every path here must reach the SPA through the Worker's fallback (any path
 * outside /api and /v1).
 */

const PUBLIC_ROUTES: readonly PageRoute[] = [
  { path: "/login", access: "public", title: "Log in", component: LoginPage },
  { path: "/signup", access: "public", title: "Sign up", component: SignupPage },
  { path: "/invite/:token", access: "public", title: "Invitation", component: InvitePage },
  { path: "/reset-password/:token", access: "public", title: "Reset password", component: ResetPasswordPage },
];

/** A section's own page and its subpages: `/p/:projectId/traces`, `/p/:projectId/traces/:traceId`. */
function sectionRoutes(section: Section): PageRoute[] {
  const inProject = section.scope === "project";
  const base = inProject
    ? `${PROJECT_PREFIX}/:projectId${section.path ? `/${section.path}` : ""}`
    : `/${section.path}`;
  const access = inProject ? "project" : "signed-in";
  const crumb = (params: Params): Crumb => ({
    label: section.label,
    href: inProject ? projectPath(params.projectId ?? "", section.path) : `/${section.path}`,
  });
  return [
    { path: base, access, title: section.label, component: section.page },
    ...(section.subpages ?? []).map(
      (subpage): PageRoute => ({
        path: `${base}/${subpage.path}`,
        access,
        title: subpage.title,
        parents: (params) => [crumb(params)],
        component: subpage.page,
      }),
    ),
  ];
}

/** Addresses from before project URLs: the server finds a trace's or session's project; other pages open in the last one used. */
const LEGACY_ROUTES: readonly PageRoute[] = [
  {
    path: "/traces/:traceId",
    access: "signed-in",
    title: "Trace",
    component: locateRedirect(SECTION.traces, "traceId"),
  },
  {
    path: "/sessions/:sessionId",
    access: "signed-in",
    title: "Session",
    component: locateRedirect(SECTION.sessions, "sessionId"),
  },
  ...SECTIONS.filter((section) => section.scope === "project").map(
    (section): PageRoute => ({
      path: `/${section.path}`,
      access: "signed-in",
      title: section.label,
      component: lastProjectRedirect(section),
    }),
  ),
];

function NoSuchPage() {
  return <NotFoundPage />;
}

export const ROUTES: readonly PageRoute[] = [
  ...PUBLIC_ROUTES,
  ...SECTIONS.flatMap(sectionRoutes),
  ...LEGACY_ROUTES,
  // An unknown page of a project: the project is checked first, so another tenant's stays unseen.
  {
    path: `${PROJECT_PREFIX}/:projectId/*`,
    access: "project",
    title: "Page not found",
    component: NoSuchPage,
  },
];

export const NOT_FOUND_ROUTE: PageRoute = {
  path: "*",
  access: "signed-in",
  title: "Page not found",
  component: NoSuchPage,
};
