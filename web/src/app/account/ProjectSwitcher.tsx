import { useState } from "preact/hooks";
import { can } from "../../auth/permissions";
import { useSignedIn } from "../../auth/SessionProvider";
import { settingsPath } from "../../pages/settings/tabs";
import { navigate } from "../../router";
import { IconBuilding, IconChevronDown, IconFolder, IconPlus, IconSettings } from "../../ui/icons";
import { Menu, MenuGroup, MenuItem, MenuSeparator } from "../../ui/Menu";
import { toast } from "../../ui/toast";
import { CreateOrganizationDialog } from "./CreateOrganizationDialog";
import { ProjectDialog } from "./ProjectDialog";
import { RoleBadge } from "./RoleBadge";

/**
 * The organization/project switcher in the top bar: lists your organizations (with your role)
 * and the current organization's projects; choosing one switches the whole dashboard.
 */
export function ProjectSwitcher() {
  const session = useSignedIn();
  const { currentOrg, currentProject, organizations, orgProjects, role } = session;
  const [dialog, setDialog] = useState<"org" | "project" | null>(null);

  const label = currentProject?.name ?? currentOrg?.name ?? "No organization";
  const avatar = (currentProject?.name ?? currentOrg?.name ?? "?").trim().charAt(0).toUpperCase() || "?";

  return (
    <>
      <Menu
        className="switcher"
        triggerClassName="switcher__trigger"
        triggerTestId="project-switcher"
        triggerLabel={`Switch organization or project (current: ${currentOrg?.name ?? "none"} / ${label})`}
        menuLabel="Organizations and projects"
        menuTestId="project-switcher-menu"
        label={
          <>
            <span className="switcher__avatar" aria-hidden="true">
              {avatar}
            </span>
            <span className="switcher__text">
              {currentOrg && currentProject && (
                <span className="switcher__org" data-testid="current-org">
                  {currentOrg.name}
                </span>
              )}
              <span className="switcher__project" data-testid="current-project">
                {label}
              </span>
            </span>
            <IconChevronDown size={14} className="switcher__chevron" />
          </>
        }
      >
        {(close) => (
          <>
            <MenuGroup label="Organizations">
              {organizations.map((org) => (
                <MenuItem
                  key={org.id}
                  checked={org.id === currentOrg?.id}
                  meta={<RoleBadge role={org.role} />}
                  onSelect={() => {
                    close();
                    if (org.id !== currentOrg?.id) {
                      session.switchOrg(org.id);
                      toast.info(`Switched to ${org.name}`, { id: "switch" });
                    }
                  }}
                  data-testid="org-option"
                >
                  {org.name}
                </MenuItem>
              ))}
              <MenuItem
                icon={IconBuilding}
                onSelect={() => {
                  close();
                  setDialog("org");
                }}
                data-testid="create-organization"
              >
                Create organization
              </MenuItem>
            </MenuGroup>
            {currentOrg && (
              <>
                <MenuSeparator />
                <MenuGroup label={`Projects in ${currentOrg.name}`}>
                  {orgProjects.length === 0 && <p className="menu__empty">No projects yet.</p>}
                  {orgProjects.map((project) => (
                    <MenuItem
                      key={project.id}
                      checked={project.id === currentProject?.id}
                      onSelect={() => {
                        close();
                        session.switchProject(project);
                      }}
                      data-testid="project-option"
                    >
                      {project.name}
                    </MenuItem>
                  ))}
                  {can.manageProjects(role) && (
                    <MenuItem
                      icon={IconPlus}
                      onSelect={() => {
                        close();
                        setDialog("project");
                      }}
                      data-testid="switcher-new-project"
                    >
                      New project
                    </MenuItem>
                  )}
                  <MenuItem
                    icon={can.manageProjects(role) ? IconSettings : IconFolder}
                    onSelect={() => {
                      close();
                      navigate(settingsPath("projects"));
                    }}
                  >
                    {can.manageProjects(role) ? "Manage projects" : "All projects"}
                  </MenuItem>
                </MenuGroup>
              </>
            )}
          </>
        )}
      </Menu>
      <CreateOrganizationDialog open={dialog === "org"} onClose={() => setDialog(null)} />
      {currentOrg && (
        <ProjectDialog
          open={dialog === "project"}
          onClose={() => setDialog(null)}
          orgId={currentOrg.id}
          orgName={currentOrg.name}
          onSaved={async (project) => {
            await session.refresh();
            session.switchProject(project);
            toast.success(`Created ${project.name}`, { description: "It's now your current project." });
          }}
        />
      )}
    </>
  );
}
