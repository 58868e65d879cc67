import { useEffect, useId, useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import { createProject, updateProject } from "../../api/projects";
import type { Project } from "../../api/types";
import { useFormSubmit } from "../../api/useFormSubmit";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { Input, Textarea } from "../../ui/Input";

type ProjectField = "name" | "description";
const FIELDS: readonly ProjectField[] = ["name", "description"];

export interface ProjectDialogProps {
  open: boolean;
  onClose: () => void;
  /** Where a new project is created. */
  orgId: string;
  orgName: string;
  /** Edit this project instead of creating one. */
  project?: Project | null;
  /** After a successful save, with the saved project (the dialog closes itself). */
  onSaved: (project: Project) => void | Promise<void>;
}

/** Create a project in an organization, or rename/describe an existing one. */
export function ProjectDialog({ open, onClose, orgId, orgName, project, onSaved }: ProjectDialogProps) {
  const formId = useId();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const { busy, errors, formError, run, reset } = useFormSubmit({
    fields: FIELDS,
    // The name is taken in this organization.
    onError: (error) =>
      error instanceof ApiError && error.status === 409
        ? { fields: { name: error.message }, form: null }
        : undefined,
  });
  const editing = Boolean(project);

  useEffect(() => {
    if (!open) return;
    setName(project?.name ?? "");
    setDescription(project?.description ?? "");
    reset();
  }, [open, project, reset]);

  const submit = (event: Event) => {
    event.preventDefault();
    const validation = name.trim() ? {} : { name: "Give the project a name." };
    void run(validation, async () => {
      const input = { name: name.trim(), description: description.trim() };
      const saved = project ? await updateProject(project.id, input) : await createProject(orgId, input);
      await onSaved(saved);
      onClose();
    });
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={editing ? "Edit project" : "New project"}
      description={
        editing
          ? undefined
          : `Projects keep traces, datasets, evaluations and API keys apart within ${orgName}.`
      }
      data-testid="project-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" loading={busy} data-testid="project-submit">
            {editing ? "Save changes" : "Create project"}
          </Button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate>
        {formError && <Alert tone="danger" title={formError} />}
        <Field label="Name" error={errors.name} required>
          <Input
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
            placeholder="e.g. Support bot (production)"
            maxLength={100}
            autoFocus
            data-testid="project-name-input"
          />
        </Field>
        <Field label="Description" hint="Optional. What this project traces." error={errors.description}>
          <Textarea
            value={description}
            rows={3}
            onInput={(event) => setDescription(event.currentTarget.value)}
            data-testid="project-description-input"
          />
        </Field>
      </form>
    </Dialog>
  );
}
