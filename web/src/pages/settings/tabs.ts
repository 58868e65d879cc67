import type { Role } from "../../api/types";
import { can } from "../../auth/permissions";
import { IconAudit, type IconComponent, IconFolder, IconKey, IconSparkle, IconUsers } from "../../ui/icons";

/** The settings page's tabs, `/settings/{key}`; the page maps each key to its content. */
export type SettingsTabKey = "projects" | "members" | "api-keys" | "judge-providers" | "audit-log";

export interface SettingsTab {
  key: SettingsTabKey;
  label: string;
  icon: IconComponent;
  /** Whether the tab is offered to this role (the page itself also checks). */
  visible: (role: Role | null) => boolean;
}

export const SETTINGS_TABS: readonly SettingsTab[] = [
  { key: "projects", label: "Projects", icon: IconFolder, visible: () => true },
  { key: "members", label: "Members", icon: IconUsers, visible: () => true },
  { key: "api-keys", label: "API keys", icon: IconKey, visible: can.manageApiKeys },
  { key: "judge-providers", label: "Judge providers", icon: IconSparkle, visible: can.readProviders },
  { key: "audit-log", label: "Audit log", icon: IconAudit, visible: can.viewAuditLog },
];

/** "/settings/members"; "/settings" alone shows the first tab. */
export function settingsPath(tab?: SettingsTabKey): string {
  return tab ? `/settings/${tab}` : "/settings";
}

/** The tab named by a path segment; undefined for "/settings" itself, null for an unknown one. */
export function settingsTab(segment: string | undefined): SettingsTab | null | undefined {
  if (segment === undefined || segment === "") return undefined;
  return SETTINGS_TABS.find((tab) => tab.key === segment) ?? null;
}
