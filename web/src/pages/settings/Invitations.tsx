import { useState } from "preact/hooks";
import { listInvitations, revokeInvitation } from "../../api/orgs";
import type { Invitation, Organization } from "../../api/types";
import { useResource } from "../../api/useResource";
import { RoleBadge } from "../../app/account/RoleBadge";
import { formatDate, formatDateTime, formatRelative } from "../../app/format";
import { notifyError } from "../../app/notify";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { confirm } from "../../ui/confirm";
import { EmptyState } from "../../ui/EmptyState";
import { IconMail, IconPlus, IconTrash } from "../../ui/icons";
import { type Column, Table } from "../../ui/Table";
import { toast } from "../../ui/toast";
import { LoadFailed } from "../common/LoadFailed";
import { LoadingRows } from "../common/LoadingRows";
import { InviteDialog } from "./InviteDialog";

/** Pending invitations of the organization (owners and admins). */
export function Invitations({ org }: { org: Organization }) {
  const [state, reload] = useResource(`invitations:${org.id}`, (signal) =>
    listInvitations(org.id, { signal }),
  );
  const [inviting, setInviting] = useState(false);

  const revoke = async (invitation: Invitation) => {
    const who = invitation.email ?? "this link";
    const ok = await confirm({
      title: "Revoke invitation?",
      message: `The link for ${who} stops working. You can create a new one any time.`,
      confirmLabel: "Revoke",
      tone: "danger",
    });
    if (!ok) return;
    try {
      await revokeInvitation(org.id, invitation.id);
      toast.success("Invitation revoked");
      reload();
    } catch (error) {
      notifyError("Couldn't revoke the invitation", error);
    }
  };

  const columns: Column<Invitation>[] = [
    {
      key: "email",
      header: "Invitee",
      render: (invitation) => invitation.email ?? <span className="muted">Anyone with the link</span>,
    },
    {
      key: "role",
      header: "Role",
      width: "110px",
      render: (invitation) => <RoleBadge role={invitation.role} />,
    },
    {
      key: "invitedBy",
      header: "Invited by",
      render: (invitation) => invitation.invitedBy?.name ?? <span className="muted">—</span>,
    },
    {
      key: "created",
      header: "Created",
      width: "120px",
      render: (invitation) => (
        <time className="nowrap" dateTime={invitation.createdAt}>
          {formatDate(invitation.createdAt)}
        </time>
      ),
    },
    {
      key: "expires",
      header: "Expires",
      width: "120px",
      render: (invitation) => (
        <time className="nowrap" dateTime={invitation.expiresAt} title={formatDateTime(invitation.expiresAt)}>
          {formatRelative(invitation.expiresAt)}
        </time>
      ),
    },
    {
      key: "actions",
      header: <span className="visually-hidden">Actions</span>,
      width: "60px",
      render: (invitation) => (
        <div className="row-actions">
          <Button
            size="sm"
            variant="ghost"
            icon={IconTrash}
            aria-label={`Revoke the invitation for ${invitation.email ?? "anyone with the link"}`}
            title="Revoke"
            onClick={() => void revoke(invitation)}
            data-testid="revoke-invitation"
          />
        </div>
      ),
    },
  ];

  return (
    <Card
      title="Invitations"
      description="Pending invitation links. Each link can be used once."
      flush
      data-testid="invitations"
      actions={
        <Button
          variant="primary"
          size="sm"
          icon={IconPlus}
          onClick={() => setInviting(true)}
          data-testid="invite-member"
        >
          Invite member
        </Button>
      }
    >
      {state.status === "error" && (
        <LoadFailed what="invitations" error={state.error} onRetry={reload} className="settings-pad" />
      )}
      {(state.status === "loading" || state.status === "idle") && (
        <LoadingRows label="Loading invitations…" block="settings-loading" />
      )}
      {state.status === "ready" && (
        <Table
          caption={`Pending invitations to ${org.name}`}
          columns={columns}
          rows={state.data}
          rowKey={(invitation) => invitation.id}
          empty={
            <EmptyState
              headingLevel={3}
              icon={IconMail}
              title="No pending invitations"
              description="Invite teammates with a link; choose the role they get when they join."
              className="empty--compact"
            />
          }
        />
      )}
      <InviteDialog org={org} open={inviting} onClose={() => setInviting(false)} onCreated={reload} />
    </Card>
  );
}
