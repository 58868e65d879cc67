import type { FunctionComponent } from "preact";
import type { Role } from "../api/types";
import { SETTINGS } from "../app/sections";
import { can } from "../auth/permissions";
import { useSignedIn } from "../auth/SessionProvider";
import { NavLink } from "../router";
import { IconAudit, type IconComponent, IconFolder, IconKey, IconUsers } from "../ui/icons";
import { PageHeader } from "../ui/PageHeader";
import { ApiKeysSettings } from "./settings/ApiKeys";
import { AuditLogSettings } from "./settings/AuditLog";
import { MembersSettings } from "./settings/Members";
import { ProjectsSettings } from "./settings/Projects";

export type SettingsTabKey = "projects" | "members" | "api-keys" | "audit-log";

export interface SettingsTab {
  key: SettingsTabKey;
  label: string;
  href: string;
  icon: IconComponent;
  component: FunctionComponent;
  /** Whether the tab is offered to this role (the page itself also checks). */
  visible: (role: Role | null) => boolean;
}

export const SETTINGS_TABS: readonly SettingsTab[] = [
  {
    key: "projects",
    label: "Projects",
    href: "/settings/projects",
    icon: IconFolder,
    component: ProjectsSettings,
    visible: () => true,
  },
  {
    key: "members",
    label: "Members",
    href: "/settings/members",
    icon: IconUsers,
    component: MembersSettings,
    visible: () => true,
  },
  {
    key: "api-keys",
    label: "API keys",
    href: "/settings/api-keys",
    icon: IconKey,
    component: ApiKeysSettings,
    visible: can.manageApiKeys,
  },
  {
    key: "audit-log",
    label: "Audit log",
    href: "/settings/audit-log",
    icon: IconAudit,
    component: AuditLogSettings,
    visible: can.viewAuditLog,
  },
];

function SettingsNav({ tabs }: { tabs: readonly SettingsTab[] }) {
  return (
    <nav aria-label="Settings" className="subnav" data-testid="settings-nav">
      <ul className="subnav__list">
        {tabs.map((tab) => {
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
  const { currentOrg, role } = useSignedIn();
  const tabs = SETTINGS_TABS.filter((candidate) => candidate.visible(role));
  const current = SETTINGS_TABS.find((candidate) => candidate.key === tab) ?? SETTINGS_TABS[0];
  const Content = current?.component;
  return (
    <div className="page">
      <PageHeader
        title={SETTINGS.label}
        description={
          currentOrg
            ? `Projects, people, access and the audit trail of ${currentOrg.name}.`
            : "Manage projects, people, access and the audit trail."
        }
      />
      <div className="settings">
        <SettingsNav tabs={tabs} />
        <div className="settings__content">{Content && <Content key={current?.key} />}</div>
      </div>
    </div>
  );
}
