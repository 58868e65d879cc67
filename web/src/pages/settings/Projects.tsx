import { useEffect, useState } from "preact/hooks";
import { deleteProject } from "../../api/projects";
import type { Project } from "../../api/types";
import { ProjectDialog } from "../../app/account/ProjectDialog";
import { formatDate } from "../../app/format";
import { can } from "../../auth/permissions";
import { useSignedIn } from "../../auth/SessionProvider";
import { Badge } from "../../ui/Badge";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { EmptyState } from "../../ui/EmptyState";
import { IconFolder, IconPencil, IconPlus, IconTrash } from "../../ui/icons";
import { type Column, Table } from "../../ui/Table";
import { TypeToConfirmDialog } from "../../ui/TypeToConfirmDialog";
import { toast } from "../../ui/toast";
import { NoOrganization } from "./NoOrganization";

type Editing = { kind: "create" } | { kind: "edit"; project: Project } | { kind: "delete"; project: Project };

export function ProjectsSettings() {
  const session = useSignedIn();
  const { currentOrg, currentProject, orgProjects, role, refresh } = session;
  const [editing, setEditing] = useState<Editing | null>(null);
  const manage = can.manageProjects(role);

  // The list comes from the session; make sure it's fresh when the tab opens.
  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (!currentOrg) return <NoOrganization title="Projects" />;

  const columns: Column<Project>[] = [
    {
      key: "name",
      header: "Name",
      render: (project) => (
        <span className="cell-title">
          <span className="cell-title__text">{project.name}</span>
          {project.id === currentProject?.id && <Badge tone="accent">Current</Badge>}
        </span>
      ),
    },
    {
      key: "description",
      header: "Description",
      render: (project) =>
        project.description ? (
          <span className="cell-clamp">{project.description}</span>
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      key: "created",
      header: "Created",
      width: "140px",
      render: (project) => (
        <time className="nowrap" dateTime={project.createdAt}>
          {formatDate(project.createdAt)}
        </time>
      ),
    },
  ];
  if (manage) {
    columns.push({
      key: "actions",
      header: <span className="visually-hidden">Actions</span>,
      width: "100px",
      render: (project) => (
        <div className="row-actions">
          <Button
            size="sm"
            variant="ghost"
            icon={IconPencil}
            aria-label={`Edit ${project.name}`}
            title="Edit"
            onClick={() => setEditing({ kind: "edit", project })}
            data-testid="edit-project"
          />
          <Button
            size="sm"
            variant="ghost"
            icon={IconTrash}
            aria-label={`Delete ${project.name}`}
            title="Delete"
            onClick={() => setEditing({ kind: "delete", project })}
            data-testid="delete-project"
          />
        </div>
      ),
    });
  }

  const deleting = editing?.kind === "delete" ? editing.project : null;

  return (
    <Card
      title="Projects"
      description={`Projects in ${currentOrg.name} keep traces, datasets, evaluations and API keys apart.`}
      flush
      actions={
        manage && (
          <Button
            variant="primary"
            size="sm"
            icon={IconPlus}
            onClick={() => setEditing({ kind: "create" })}
            data-testid="create-project"
          >
            New project
          </Button>
        )
      }
      data-testid="projects-settings"
    >
      <Table
        caption={`Projects in ${currentOrg.name}`}
        columns={columns}
        rows={orgProjects}
        rowKey={(project) => project.id}
        className="projects-table"
        empty={
          <EmptyState
            headingLevel={3}
            icon={IconFolder}
            title="No projects yet"
            description={
              manage
                ? "Create a project for each application or environment you trace."
                : "An owner or admin of this organization can create one."
            }
            className="empty--compact"
          />
        }
      />
      <ProjectDialog
        open={editing?.kind === "create" || editing?.kind === "edit"}
        onClose={() => setEditing(null)}
        orgId={currentOrg.id}
        orgName={currentOrg.name}
        project={editing?.kind === "edit" ? editing.project : null}
        onSaved={async (project) => {
          const created = editing?.kind === "create";
          await refresh();
          if (created) session.switchProject(project);
          toast.success(created ? `Created ${project.name}` : `Saved ${project.name}`);
        }}
      />
      <TypeToConfirmDialog
        open={deleting !== null}
        onClose={() => setEditing(null)}
        title={`Delete ${deleting?.name ?? "project"}?`}
        description="Its traces, datasets, evaluations and API keys are deleted too. This can't be undone."
        expected={deleting?.name ?? ""}
        confirmLabel="Delete project"
        data-testid="delete-project-dialog"
        onConfirm={async () => {
          if (!deleting) return;
          await deleteProject(deleting.id);
          await refresh();
          toast.success(`Deleted ${deleting.name}`);
        }}
      />
    </Card>
  );
}
