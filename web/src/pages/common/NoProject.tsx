import { LinkButton } from "../../ui/Button";
import { EmptyState } from "../../ui/EmptyState";
import { IconFolder } from "../../ui/icons";
import { settingsPath } from "../settings/tabs";

/** For pages about the current project when there is none (no organization, or no project in it). */
export function NoProject() {
  return (
    <div className="panel" data-testid="no-project">
      <EmptyState
        icon={IconFolder}
        title="No project selected"
        description="Traces, sessions and dashboards belong to a project. Create one, or pick one from the switcher at the top."
        actions={
          <LinkButton href={settingsPath("projects")} variant="primary" icon={IconFolder}>
            Manage projects
          </LinkButton>
        }
      />
    </div>
  );
}
