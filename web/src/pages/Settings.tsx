import type { FunctionComponent } from "preact";
import { SECTION } from "../app/sections";
import { useSignedIn } from "../auth/SessionProvider";
import { NavLink, type RouteProps } from "../router";
import { PageHeader } from "../ui/PageHeader";
import { NotFoundPage } from "./NotFound";
import { ApiKeysSettings } from "./settings/ApiKeys";
import { AuditLogSettings } from "./settings/AuditLog";
import { JudgeProvidersSettings } from "./settings/JudgeProviders";
import { MembersSettings } from "./settings/Members";
import { ProjectsSettings } from "./settings/Projects";
import {
  SETTINGS_TABS,
  type SettingsTab,
  type SettingsTabKey,
  settingsPath,
  settingsTab,
} from "./settings/tabs";

/** What each tab shows. */
const TAB_CONTENT: Readonly<Record<SettingsTabKey, FunctionComponent>> = {
  projects: ProjectsSettings,
  members: MembersSettings,
  "api-keys": ApiKeysSettings,
  "judge-providers": JudgeProvidersSettings,
  "audit-log": AuditLogSettings,
};

function SettingsNav({ tabs }: { tabs: readonly SettingsTab[] }) {
  return (
    <nav aria-label="Settings" className="subnav" data-testid="settings-nav">
      <ul className="subnav__list">
        {tabs.map((tab) => {
          const Icon = tab.icon;
          return (
            <li key={tab.key}>
              <NavLink
                href={settingsPath(tab.key)}
                className="subnav__link"
                // "/settings" itself shows the first tab.
                alsoActiveOn={tab.key === "projects" ? [settingsPath()] : undefined}
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

/** Organization settings: `/settings` (the first tab) and `/settings/{tab}`. */
export function SettingsPage({ params }: RouteProps) {
  const { currentOrg, role } = useSignedIn();
  const named = settingsTab(params.tab);
  if (named === null) return <NotFoundPage />;
  const tabs = SETTINGS_TABS.filter((candidate) => candidate.visible(role));
  const current = named ?? SETTINGS_TABS[0];
  const Content = current ? TAB_CONTENT[current.key] : null;
  return (
    <div className="page">
      <PageHeader
        title={SECTION.settings.label}
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
