import { useEffect, useState } from "preact/hooks";
import { createPasswordResetLink } from "../../api/orgs";
import type { Member, PasswordResetLink } from "../../api/types";
import { useFormSubmit } from "../../api/useFormSubmit";
import { formatDateTime, formatRelative } from "../../app/format";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { IconLink } from "../../ui/icons";
import { SecretBlock } from "../../ui/SecretBlock";

/** Issues a one-time password reset link for a member and shows it once. */
export function ResetLinkDialog({
  orgId,
  member,
  onClose,
}: {
  orgId: string;
  member: Member | null;
  onClose: () => void;
}) {
  const [link, setLink] = useState<PasswordResetLink | null>(null);
  const { busy, formError: error, run, reset } = useFormSubmit({ fallback: "Couldn't create the link." });

  useEffect(() => {
    setLink(null);
    reset();
  }, [member, reset]);

  const create = () => {
    if (!member) return;
    void run(async () => setLink(await createPasswordResetLink(orgId, member.userId)));
  };

  return (
    <Dialog
      open={member !== null}
      onClose={onClose}
      title={link ? "Password reset link" : `Reset ${member?.name ?? "member"}'s password`}
      data-testid="reset-link-dialog"
      footer={
        link ? (
          <Button variant="primary" onClick={onClose} data-testid="reset-link-done">
            Done
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button
              variant="primary"
              icon={IconLink}
              loading={busy}
              onClick={create}
              data-testid="reset-link-create"
            >
              Create reset link
            </Button>
          </>
        )
      }
    >
      {error && <Alert tone="danger" title={error} />}
      {link ? (
        <div className="form">
          <Alert tone="warning" title="This link is shown only once">
            Copy it now and send it to {member?.name} privately. It works once and expires{" "}
            <time dateTime={link.expiresAt} title={formatDateTime(link.expiresAt)}>
              {formatRelative(link.expiresAt)}
            </time>
            .
          </Alert>
          <SecretBlock
            value={link.resetUrl}
            label="reset link"
            valueTestId="reset-link"
            copyTestId="copy-reset-link"
          />
        </div>
      ) : (
        <p className="muted">
          Creates a one-time link that lets <strong>{member?.name}</strong> ({member?.email}) choose a new
          password. Using it signs them out everywhere. Nothing changes until they open the link.
        </p>
      )}
    </Dialog>
  );
}
