import type { FunctionComponent } from "preact";
import { SETTINGS } from "../app/sections";
import { NavLink } from "../router";
import { IconAudit, type IconComponent, IconFolder, IconKey, IconUsers } from "../ui/icons";
import { PageHeader } from "../ui/PageHeader";
import { ApiKeysSettings, AuditLogSettings, MembersSettings, ProjectsSettings } from "./SettingsTabs";

export type SettingsTabKey = "projects" | "members" | "api-keys" | "audit-log";

export interface SettingsTab {
  key: SettingsTabKey;
  label: string;
  href: string;
  icon: IconComponent;
  component: FunctionComponent;
}

export const SETTINGS_TABS: readonly SettingsTab[] = [
  {
    key: "projects",
    label: "Projects",
    href: "/settings/projects",
    icon: IconFolder,
    component: ProjectsSettings,
  },
  {
    key: "members",
    label: "Members",
    href: "/settings/members",
    icon: IconUsers,
    component: MembersSettings,
  },
  {
    key: "api-keys",
    label: "API keys",
    href: "/settings/api-keys",
    icon: IconKey,
    component: ApiKeysSettings,
  },
  {
    key: "audit-log",
    label: "Audit log",
    href: "/settings/audit-log",
    icon: IconAudit,
    component: AuditLogSettings,
  },
];

function SettingsNav() {
  return (
    <nav aria-label="Settings" className="subnav" data-testid="settings-nav">
      <ul className="subnav__list">
        {SETTINGS_TABS.map((tab) => {
          const Icon = tab.icon;
          return (
            <li key={tab.key}>
              <NavLink
                href={tab.href}
                className="subnav__link"
                // "/settings" itself shows the first tab.
                alsoActiveOn={tab.key === "projects" ? [SETTINGS.href] : undefined}
                data-testid={`settings-nav-${tab.key}`}
              >
                <Icon size={16} />
                {tab.label}
              </NavLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

export function SettingsPage({ tab }: { tab: SettingsTabKey }) {
  const current = SETTINGS_TABS.find((candidate) => candidate.key === tab) ?? SETTINGS_TABS[0];
  const Content = current?.component;
  return (
    <div className="page">
      <PageHeader title={SETTINGS.label} description="Manage projects, people, access and the audit trail." />
      <div className="settings">
        <SettingsNav />
        <div className="settings__content">{Content && <Content />}</div>
      </div>
    </div>
  );
}
