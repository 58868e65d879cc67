import { useState } from "preact/hooks";
import { listMembers, removeMember, updateMemberRole } from "../../api/orgs";
import type { Member, Organization, Role } from "../../api/types";
import { useResource } from "../../api/useResource";
import { RoleBadge } from "../../app/account/RoleBadge";
import { formatDate } from "../../app/format";
import { notifyError } from "../../app/notify";
import { assignableRoles, can } from "../../auth/permissions";
import { useSignedIn } from "../../auth/SessionProvider";
import { navigate } from "../../router";
import { Badge } from "../../ui/Badge";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { confirm } from "../../ui/confirm";
import { Email } from "../../ui/Email";
import { IconLock, IconLogout, IconTrash } from "../../ui/icons";
import { type Column, Table } from "../../ui/Table";
import { toast } from "../../ui/toast";
import { LoadFailed } from "../common/LoadFailed";
import { LoadingRows } from "../common/LoadingRows";
import { Invitations } from "./Invitations";
import { NoOrganization } from "./NoOrganization";
import { ResetLinkDialog } from "./ResetLinkDialog";
import { RoleSelect } from "./RoleSelect";

function MembersCard({ org }: { org: Organization }) {
  const session = useSignedIn();
  const me = session.user;
  const myRole = org.role;
  const manage = can.manageMembers(myRole);
  const [state, reload] = useResource(`members:${org.id}`, (signal) => listMembers(org.id, { signal }));
  const [resetting, setResetting] = useState<Member | null>(null);

  const members = state.status === "ready" ? state.data : [];
  const owners = members.filter((member) => member.role === "owner").length;
  const lastOwner = myRole === "owner" && owners <= 1;

  const changeRole = async (member: Member, role: Role) => {
    try {
      await updateMemberRole(org.id, member.userId, role);
      toast.success(`${member.name} is now ${role === "admin" || role === "owner" ? "an" : "a"} ${role}`);
      if (member.userId === me.id) await session.refresh();
      reload();
    } catch (error) {
      notifyError("Couldn't change the role", error);
      throw error;
    }
  };

  const remove = async (member: Member) => {
    const ok = await confirm({
      title: `Remove ${member.name}?`,
      message: `${member.name} (${member.email}) loses access to ${org.name} and its projects. API keys they created keep working until revoked.`,
      confirmLabel: "Remove member",
      tone: "danger",
    });
    if (!ok) return;
    try {
      await removeMember(org.id, member.userId);
      toast.success(`Removed ${member.name} from ${org.name}`);
      reload();
    } catch (error) {
      notifyError("Couldn't remove the member", error);
    }
  };

  const leave = async () => {
    const ok = await confirm({
      title: `Leave ${org.name}?`,
      message: "You lose access to its projects right away. To come back you'll need a new invitation.",
      confirmLabel: "Leave organization",
      tone: "danger",
    });
    if (!ok) return;
    try {
      await removeMember(org.id, me.id);
      await session.refresh();
      toast.success(`You left ${org.name}`);
      navigate("/");
    } catch (error) {
      notifyError("Couldn't leave the organization", error);
    }
  };

  const roleCell = (member: Member) => {
    const self = member.userId === me.id;
    const editable = manage && (member.role !== "owner" || can.manageOwners(myRole));
    if (!editable) return <RoleBadge role={member.role} />;
    const locked = self && member.role === "owner" && lastOwner;
    return (
      <RoleSelect
        value={member.role}
        allowed={assignableRoles(myRole)}
        disabled={locked}
        title={locked ? "You're the last owner. Make someone else an owner first." : undefined}
        label={`Role of ${member.name}`}
        onChange={(role) => changeRole(member, role)}
      />
    );
  };

  const columns: Column<Member>[] = [
    {
      key: "name",
      header: "Name",
      render: (member) => (
        <span className="cell-title">
          <span className="cell-title__text">{member.name}</span>
          {member.userId === me.id && <Badge>You</Badge>}
        </span>
      ),
    },
    { key: "email", header: "Email", render: (member) => <Email value={member.email} className="muted" /> },
    { key: "role", header: "Role", render: roleCell },
    {
      key: "joined",
      header: "Joined",
      render: (member) => (
        <time className="nowrap" dateTime={member.joinedAt}>
          {formatDate(member.joinedAt)}
        </time>
      ),
    },
  ];
  if (manage) {
    columns.push({
      key: "actions",
      header: <span className="visually-hidden">Actions</span>,
      render: (member) => {
        if (member.userId === me.id) return null;
        if (member.role === "owner" && !can.manageOwners(myRole)) return null;
        return (
          <div className="row-actions">
            <Button
              size="sm"
              variant="ghost"
              icon={IconLock}
              aria-label={`Reset ${member.name}'s password`}
              title="Reset password"
              onClick={() => setResetting(member)}
              data-testid="reset-password"
            />
            <Button
              size="sm"
              variant="ghost"
              icon={IconTrash}
              aria-label={`Remove ${member.name}`}
              title="Remove from organization"
              onClick={() => void remove(member)}
              data-testid="remove-member"
            />
          </div>
        );
      },
    });
  }

  return (
    <Card
      title="Members"
      description={`People who can access ${org.name}.`}
      flush
      data-testid="members-settings"
      actions={
        <Button
          size="sm"
          variant="ghost"
          icon={IconLogout}
          onClick={() => void leave()}
          disabled={lastOwner}
          title={lastOwner ? "You're the last owner. Make someone else an owner first." : undefined}
          data-testid="leave-org"
        >
          Leave organization
        </Button>
      }
    >
      {state.status === "error" && (
        <LoadFailed what="members" error={state.error} onRetry={reload} className="settings-pad" />
      )}
      {(state.status === "loading" || state.status === "idle") && (
        <LoadingRows label="Loading members…" block="settings-loading" />
      )}
      {state.status === "ready" && (
        <div data-testid="members-table">
          <Table
            caption={`Members of ${org.name}`}
            columns={columns}
            rows={members}
            rowKey={(member) => member.userId}
            className="table-wrap--dense"
          />
        </div>
      )}
      <ResetLinkDialog orgId={org.id} member={resetting} onClose={() => setResetting(null)} />
    </Card>
  );
}

export function MembersSettings() {
  const { currentOrg } = useSignedIn();
  if (!currentOrg) return <NoOrganization title="Members" />;
  return (
    <>
      <MembersCard key={currentOrg.id} org={currentOrg} />
      {can.manageMembers(currentOrg.role) && <Invitations key={currentOrg.id} org={currentOrg} />}
    </>
  );
}
