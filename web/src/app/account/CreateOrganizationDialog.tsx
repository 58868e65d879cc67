import { useEffect, useId, useState } from "preact/hooks";
import { createOrganization } from "../../api/orgs";
import { useFormSubmit } from "../../api/useFormSubmit";
import { useSession } from "../../auth/SessionProvider";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { Input } from "../../ui/Input";
import { toast } from "../../ui/toast";

/** Creates an organization (you become its owner, with a "Default" project) and switches to it. */
export function CreateOrganizationDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { refresh, switchOrg } = useSession();
  const formId = useId();
  const [name, setName] = useState("");
  const { busy, errors, formError, run, reset } = useFormSubmit({ fields: ["name"] });

  useEffect(() => {
    if (!open) return;
    setName("");
    reset();
  }, [open, reset]);

  const submit = (event: Event) => {
    event.preventDefault();
    const validation = name.trim() ? {} : { name: "Give the organization a name." };
    void run(validation, async () => {
      const created = await createOrganization(name.trim());
      await refresh();
      switchOrg(created.organization.id, created.project.id);
      toast.success(`Created ${created.organization.name}`, {
        description: "You're its owner. A Default project is ready.",
      });
      onClose();
    });
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Create organization"
      description="A separate workspace with its own members, projects and billing. You'll be its owner."
      data-testid="org-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" loading={busy} data-testid="org-submit">
            Create organization
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
            placeholder="e.g. Acme Inc."
            maxLength={100}
            autoFocus
            data-testid="org-name-input"
          />
        </Field>
      </form>
    </Dialog>
  );
}
