import { useEffect, useId, useState } from "preact/hooks";
import { createInvitation } from "../../api/orgs";
import type { CreatedInvitation, Organization, Role } from "../../api/types";
import { useFormSubmit } from "../../api/useFormSubmit";
import { formatDateTime, formatRelative } from "../../app/format";
import { assignableRoles, ROLE_DESCRIPTION, ROLE_LABEL } from "../../auth/permissions";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { Input, Select } from "../../ui/Input";
import { SecretBlock } from "../../ui/SecretBlock";

type InviteField = "role" | "email";
const FIELDS: readonly InviteField[] = ["role", "email"];

/** Creates an invitation and shows its link once. */
export function InviteDialog({
  org,
  open,
  onClose,
  onCreated,
}: {
  org: Organization;
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) {
  const formId = useId();
  const roles = assignableRoles(org.role);
  const [role, setRole] = useState<Role>("member");
  const [email, setEmail] = useState("");
  const { busy, errors, formError, run, reset } = useFormSubmit({ fields: FIELDS });
  const [created, setCreated] = useState<CreatedInvitation | null>(null);

  useEffect(() => {
    if (!open) return;
    setRole("member");
    setEmail("");
    reset();
    setCreated(null);
  }, [open, reset]);

  const submit = (event: Event) => {
    event.preventDefault();
    const trimmed = email.trim();
    const validation =
      trimmed && !/^\S+@\S+\.\S+$/.test(trimmed)
        ? { email: "Enter a valid email address, or leave it empty." }
        : {};
    void run(validation, async () => {
      setCreated(await createInvitation(org.id, role, trimmed || undefined));
      onCreated();
    });
  };

  if (created) {
    return (
      <Dialog
        open={open}
        onClose={onClose}
        title="Invitation created"
        data-testid="invite-dialog"
        footer={
          <Button variant="primary" onClick={onClose} data-testid="invite-done">
            Done
          </Button>
        }
      >
        <div className="form">
          <Alert tone="warning" title="This link is shown only once">
            Copy it now and send it {created.email ? `to ${created.email}` : "to the person you're inviting"}.
            They join {org.name} as {ROLE_LABEL[created.role].toLowerCase()}. It expires{" "}
            <time dateTime={created.expiresAt} title={formatDateTime(created.expiresAt)}>
              {formatRelative(created.expiresAt)}
            </time>
            .
          </Alert>
          <SecretBlock
            value={created.inviteUrl}
            label="invitation link"
            valueTestId="invite-link"
            copyTestId="copy-invite-link"
          />
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Invite to ${org.name}`}
      description="Creates a link that lets someone join this organization with the role you choose."
      data-testid="invite-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" loading={busy} data-testid="invite-submit">
            Create invitation
          </Button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate>
        {formError && <Alert tone="danger" title={formError} />}
        <Field label="Role" hint={ROLE_DESCRIPTION[role]} error={errors.role}>
          <Select
            value={role}
            options={roles.map((value) => ({ value, label: ROLE_LABEL[value] }))}
            onChange={(event) => {
              const next = roles.find((value) => value === event.currentTarget.value);
              if (next) setRole(next);
            }}
            data-testid="invite-role"
          />
        </Field>
        <Field
          label="Email"
          hint="Optional. When set, only the account with this email can accept the invitation."
          error={errors.email}
        >
          <Input
            type="email"
            value={email}
            onInput={(event) => setEmail(event.currentTarget.value)}
            placeholder="teammate@example.com"
            autoComplete="off"
            data-testid="invite-email"
          />
        </Field>
      </form>
    </Dialog>
  );
}
