import type { ComponentType } from "preact";
import lazy from "preact-iso/lazy";
import { settingsTab } from "../pages/settings/tabs";
import { projectPath } from "../router/paths";
import type { Page, Params, RouteProps } from "../router/types";
import {
  type IconComponent,
  IconDashboards,
  IconDatasets,
  IconEvaluations,
  IconLabeling,
  IconMonitors,
  IconOverview,
  IconPrompts,
  IconRanking,
  IconSessions,
  IconSettings,
  IconTraces,
} from "../ui/icons";

/** A page below a section, such as one trace under Traces. */
export interface SubPage {
  /** Path under the section's, e.g. ":traceId". */
  path: string;
  title: string | ((params: Params) => string);
  page: Page;
}

export type NavGroupLabel = "Observe" | "Evaluate" | "Operate";

/**
 * A top-level section of the product: one sidebar link and its routes. Adding a section is one
 * entry in SECTIONS; the sidebar and the route table are built from it.
 */
export interface Section {
  /** Stable key; the nav link's data-testid is `nav-${key}`. */
  key: string;
  label: string;
  /**
   * Where it lives: a project section under `/p/{projectId}/{path}` ("" is the project's
   * overview); an organization section at `/{path}`.
   */
  scope: "project" | "organization";
  path: string;
  icon: IconComponent;
  /** Sidebar group: null for the ungrouped top entries, "footer" for the sidebar's foot. */
  group: NavGroupLabel | null | "footer";
  page: Page;
  subpages?: readonly SubPage[];
}

// Pages import this list for labels and links, so it loads them lazily (no import cycle).
const page = (load: () => Promise<ComponentType<RouteProps>>): Page => lazy(load);

export const SECTIONS = [
  {
    key: "overview",
    label: "Overview",
    scope: "project",
    path: "",
    icon: IconOverview,
    group: null,
    page: page(() => import("../pages/Overview").then((m) => m.OverviewPage)),
  },
  {
    key: "traces",
    label: "Traces",
    scope: "project",
    path: "traces",
    icon: IconTraces,
    group: "Observe",
    page: page(() => import("../pages/Traces").then((m) => m.TracesPage)),
    subpages: [
      {
        path: ":traceId",
        title: "Trace",
        page: page(() => import("../pages/trace/TracePage").then((m) => m.TracePage)),
      },
    ],
  },
  {
    key: "sessions",
    label: "Sessions",
    scope: "project",
    path: "sessions",
    icon: IconSessions,
    group: "Observe",
    page: page(() => import("../pages/Sessions").then((m) => m.SessionsPage)),
    subpages: [
      {
        path: ":sessionId",
        title: "Session",
        page: page(() => import("../pages/sessions/SessionPage").then((m) => m.SessionPage)),
      },
    ],
  },
  {
    key: "dashboards",
    label: "Dashboards",
    scope: "project",
    path: "dashboards",
    icon: IconDashboards,
    group: "Observe",
    page: page(() => import("../pages/Dashboards").then((m) => m.DashboardsPage)),
  },
  {
    key: "datasets",
    label: "Datasets",
    scope: "project",
    path: "datasets",
    icon: IconDatasets,
    group: "Evaluate",
    page: page(() => import("../pages/datasets/DatasetsPage").then((m) => m.DatasetsPage)),
    subpages: [
      {
        path: ":datasetId",
        title: "Dataset",
        page: page(() => import("../pages/datasets/DatasetPage").then((m) => m.DatasetPage)),
      },
    ],
  },
  {
    key: "evaluations",
    label: "Evaluations",
    scope: "project",
    path: "evaluations",
    icon: IconEvaluations,
    group: "Evaluate",
    page: page(() => import("../pages/evaluations/EvaluationsPage").then((m) => m.EvaluationsPage)),
    subpages: [
      // Before ":runId", which would take "compare" for a run's id.
      {
        path: "compare",
        title: "Compare runs",
        page: page(() => import("../pages/evaluations/ComparePage").then((m) => m.ComparePage)),
      },
      {
        path: ":runId",
        title: "Run",
        page: page(() => import("../pages/evaluations/RunPage").then((m) => m.RunPage)),
      },
    ],
  },
  {
    key: "scorers",
    label: "Scorers",
    scope: "project",
    path: "scorers",
    icon: IconRanking,
    group: "Evaluate",
    page: page(() => import("../pages/Scorers").then((m) => m.ScorersPage)),
    subpages: [
      {
        path: ":scorerId",
        title: (params) => (params.scorerId === "new" ? "New scorer" : "Scorer"),
        page: page(() => import("../pages/scorers/ScorerPage").then((m) => m.ScorerPage)),
      },
    ],
  },
  {
    key: "prompts",
    label: "Prompts",
    scope: "project",
    path: "prompts",
    icon: IconPrompts,
    group: "Evaluate",
    page: page(() => import("../pages/prompts/PromptsPage").then((m) => m.PromptsPage)),
    subpages: [
      {
        path: ":promptName",
        title: "Prompt",
        page: page(() => import("../pages/prompts/PromptPage").then((m) => m.PromptPage)),
      },
    ],
  },
  {
    key: "labeling",
    label: "Labeling",
    scope: "project",
    path: "labeling",
    icon: IconLabeling,
    group: "Evaluate",
    page: page(() => import("../pages/Labeling").then((m) => m.LabelingPage)),
  },
  {
    key: "monitors",
    label: "Monitors & Alerts",
    scope: "project",
    path: "monitors",
    icon: IconMonitors,
    group: "Operate",
    page: page(() => import("../pages/monitors/MonitorsPage").then((m) => m.MonitorsPage)),
    subpages: [
      // The address alert notifications link to (workers/lib/urls.ts).
      {
        path: "alerts/:alertId",
        title: "Alert",
        page: page(() => import("../pages/monitors/AlertPage").then((m) => m.AlertPage)),
      },
    ],
  },
  {
    // Organization-wide (members, projects, audit log); the API keys tab shows the last project used.
    key: "settings",
    label: "Settings",
    scope: "organization",
    path: "settings",
    icon: IconSettings,
    group: "footer",
    page: page(() => import("../pages/Settings").then((m) => m.SettingsPage)),
    subpages: [
      {
        path: ":tab",
        title: (params) => settingsTab(params.tab)?.label ?? "Page not found",
        page: page(() => import("../pages/Settings").then((m) => m.SettingsPage)),
      },
    ],
  },
] as const satisfies readonly Section[];

export type SectionKey = (typeof SECTIONS)[number]["key"];

/** Each section by its key: `SECTION.traces.label`. */
export const SECTION = Object.fromEntries(SECTIONS.map((section) => [section.key, section])) as Readonly<
  Record<SectionKey, Section>
>;

/**
 * The section's address: in `projectId` for a project section, or, without a project, its path
 * alone (which opens it in the last project used).
 */
export function sectionHref(section: Section, projectId: string | null): string {
  if (section.scope === "organization") return `/${section.path}`;
  return projectId ? projectPath(projectId, section.path) : `/${section.path}`;
}

export interface NavGroup {
  /** Visible group heading; null for the ungrouped top entries. */
  label: NavGroupLabel | null;
  items: readonly Section[];
}

const GROUP_ORDER: readonly (NavGroupLabel | null)[] = [null, "Observe", "Evaluate", "Operate"];

/** Sidebar order: the groups in GROUP_ORDER, each in list order. */
export const NAV_GROUPS: readonly NavGroup[] = GROUP_ORDER.map((label) => ({
  label,
  items: SECTIONS.filter((section) => section.group === label),
}));

/** Sections in the sidebar's foot (Settings). */
export const FOOTER_SECTIONS: readonly Section[] = SECTIONS.filter((section) => section.group === "footer");
