import {
  type IconComponent,
  IconDashboards,
  IconDatasets,
  IconEvaluations,
  IconLabeling,
  IconMonitors,
  IconOverview,
  IconPrompts,
  IconSessions,
  IconSettings,
  IconTraces,
} from "../ui/icons";

/** The product's top-level sections: one sidebar link and one route each. */
export interface Section {
  /** Stable key; the nav link's data-testid is `nav-${key}`. */
  key: string;
  label: string;
  href: string;
  icon: IconComponent;
}

export const OVERVIEW: Section = { key: "overview", label: "Overview", href: "/", icon: IconOverview };
export const TRACES: Section = { key: "traces", label: "Traces", href: "/traces", icon: IconTraces };
export const SESSIONS: Section = {
  key: "sessions",
  label: "Sessions",
  href: "/sessions",
  icon: IconSessions,
};
export const DASHBOARDS: Section = {
  key: "dashboards",
  label: "Dashboards",
  href: "/dashboards",
  icon: IconDashboards,
};
export const DATASETS: Section = {
  key: "datasets",
  label: "Datasets",
  href: "/datasets",
  icon: IconDatasets,
};
export const EVALUATIONS: Section = {
  key: "evaluations",
  label: "Evaluations",
  href: "/evaluations",
  icon: IconEvaluations,
};
export const PROMPTS: Section = { key: "prompts", label: "Prompts", href: "/prompts", icon: IconPrompts };
export const LABELING: Section = {
  key: "labeling",
  label: "Labeling",
  href: "/labeling",
  icon: IconLabeling,
};
export const MONITORS: Section = {
  key: "monitors",
  label: "Monitors & Alerts",
  href: "/monitors",
  icon: IconMonitors,
};
export const SETTINGS: Section = {
  key: "settings",
  label: "Settings",
  href: "/settings",
  icon: IconSettings,
};

export interface NavGroup {
  /** Visible group heading; null for the ungrouped top entries. */
  label: string | null;
  items: readonly Section[];
}

/** Sidebar order. Settings lives in the sidebar footer. */
export const NAV_GROUPS: readonly NavGroup[] = [
  { label: null, items: [OVERVIEW] },
  { label: "Observe", items: [TRACES, SESSIONS, DASHBOARDS] },
  { label: "Evaluate", items: [DATASETS, EVALUATIONS, PROMPTS, LABELING] },
  { label: "Operate", items: [MONITORS] },
];
