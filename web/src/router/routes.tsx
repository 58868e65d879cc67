import {
  DASHBOARDS,
  DATASETS,
  EVALUATIONS,
  LABELING,
  MONITORS,
  OVERVIEW,
  PROMPTS,
  SESSIONS,
  SETTINGS,
  type Section,
  TRACES,
} from "../app/sections";
import { InvitePage } from "../pages/auth/Invite";
import { LoginPage } from "../pages/auth/Login";
import { ResetPasswordPage } from "../pages/auth/ResetPassword";
import { SignupPage } from "../pages/auth/Signup";
import { DashboardsPage } from "../pages/Dashboards";
import { DatasetsPage } from "../pages/Datasets";
import { EvaluationsPage } from "../pages/Evaluations";
import { LabelingPage } from "../pages/Labeling";
import { MonitorsPage } from "../pages/Monitors";
import { NotFoundPage } from "../pages/NotFound";
import { OverviewPage } from "../pages/Overview";
import { PromptsPage } from "../pages/Prompts";
import { SessionsPage } from "../pages/Sessions";
import { SETTINGS_TABS, SettingsPage } from "../pages/Settings";
import { SessionPage } from "../pages/sessions/SessionPage";
import { TracesPage } from "../pages/Traces";
import { TracePage } from "../pages/trace/TracePage";
import type { RouteDefinition } from "./types";

function sectionRoute(section: Section, component: RouteDefinition["component"]): RouteDefinition {
  return { path: section.href, title: section.label, component };
}

const settingsCrumb = { label: SETTINGS.label, href: SETTINGS.href };
const tracesCrumb = { label: TRACES.label, href: TRACES.href };
const sessionsCrumb = { label: SESSIONS.label, href: SESSIONS.href };

/** The route table, matched top to bottom. Paths must match the server's SPA fallback (any non-API path). */
export const routes: readonly RouteDefinition[] = [
  { path: "/login", title: "Log in", public: true, component: LoginPage },
  { path: "/signup", title: "Sign up", public: true, component: SignupPage },
  { path: "/invite/:token", title: "Invitation", public: true, component: InvitePage },
  { path: "/reset-password/:token", title: "Reset password", public: true, component: ResetPasswordPage },
  sectionRoute(OVERVIEW, OverviewPage),
  sectionRoute(TRACES, TracesPage),
  { path: "/traces/:traceId", title: "Trace", parents: [tracesCrumb], component: TracePage },
  sectionRoute(SESSIONS, SessionsPage),
  { path: "/sessions/:sessionId", title: "Session", parents: [sessionsCrumb], component: SessionPage },
  sectionRoute(DASHBOARDS, DashboardsPage),
  sectionRoute(DATASETS, DatasetsPage),
  sectionRoute(EVALUATIONS, EvaluationsPage),
  sectionRoute(PROMPTS, PromptsPage),
  sectionRoute(LABELING, LabelingPage),
  sectionRoute(MONITORS, MonitorsPage),
  sectionRoute(SETTINGS, () => <SettingsPage tab="projects" />),
  ...SETTINGS_TABS.map(
    (tab): RouteDefinition => ({
      path: tab.href,
      title: tab.label,
      parents: [settingsCrumb],
      component: () => <SettingsPage tab={tab.key} />,
    }),
  ),
];

export const notFoundRoute: RouteDefinition = {
  path: "*",
  title: "Page not found",
  component: NotFoundPage,
};
