import { acceptInvitation, previewInvitation } from "../../api/auth";
import type { InvitationPreview } from "../../api/types";
import { useFormSubmit } from "../../api/useFormSubmit";
import { useResource } from "../../api/useResource";
import { formatDate } from "../../app/format";
import { ROLE_LABEL } from "../../auth/permissions";
import { authPath } from "../../auth/redirect";
import { useSession } from "../../auth/SessionProvider";
import { Link, navigate, type RouteProps } from "../../router";
import { Alert } from "../../ui/Alert";
import { Button, LinkButton } from "../../ui/Button";
import { Spinner } from "../../ui/Spinner";
import { toast } from "../../ui/toast";
import { AuthLayout } from "./AuthLayout";

function Summary({ invitation }: { invitation: InvitationPreview }) {
  return (
    <dl className="invite-summary">
      <div>
        <dt>Organization</dt>
        <dd data-testid="invite-org">{invitation.organization.name}</dd>
      </div>
      <div>
        <dt>Role</dt>
        <dd data-testid="invite-role-name">{ROLE_LABEL[invitation.role] ?? invitation.role}</dd>
      </div>
      {invitation.invitedBy && (
        <div>
          <dt>Invited by</dt>
          <dd>{invitation.invitedBy.name}</dd>
        </div>
      )}
      <div>
        <dt>Expires</dt>
        <dd>{formatDate(invitation.expiresAt)}</dd>
      </div>
    </dl>
  );
}

function Accept({ token, invitation }: { token: string; invitation: InvitationPreview }) {
  const session = useSession();
  const { busy, formError: error, run } = useFormSubmit({ fallback: "Couldn't accept the invitation." });
  const user = session.user;
  const role = ROLE_LABEL[invitation.role] ?? invitation.role;
  const here = `/invite/${encodeURIComponent(token)}`;

  if (!user) {
    return (
      <div className="form">
        <p className="muted">Log in or create an account to accept this invitation.</p>
        <div className="auth__actions">
          <LinkButton href={authPath("/login", here)} variant="primary" size="lg" data-testid="invite-login">
            Log in to accept
          </LinkButton>
          <LinkButton
            href={authPath("/signup", here, invitation.email ? { email: invitation.email } : undefined)}
            size="lg"
            data-testid="invite-signup"
          >
            Create an account
          </LinkButton>
        </div>
      </div>
    );
  }

  const accept = () =>
    run(async () => {
      const { organization } = await acceptInvitation(token);
      await session.refresh();
      session.switchOrg(organization.id);
      toast.success(`You joined ${organization.name}`);
      navigate("/", { replace: true });
    });

  // The server only lets the invited address accept an invitation made out to an email.
  const otherEmail = invitation.email !== null && invitation.email.toLowerCase() !== user.email.toLowerCase();
  const member = session.organizations.some((org) => org.id === invitation.organization.id);
  return (
    <div className="form">
      {error && <Alert tone="danger" title={error} />}
      {otherEmail && (
        <Alert tone="warning" title={`This invitation is for ${invitation.email}`}>
          You're signed in as {user.email}. Log out, then log in or sign up with {invitation.email} to accept
          it.
        </Alert>
      )}
      {member && !otherEmail && (
        <Alert tone="info" title={`You're already a member of ${invitation.organization.name}`} />
      )}
      {member && !otherEmail ? (
        <LinkButton
          href="/"
          variant="primary"
          size="lg"
          onClick={() => session.switchOrg(invitation.organization.id)}
        >
          Open {invitation.organization.name}
        </LinkButton>
      ) : (
        <Button
          variant="primary"
          size="lg"
          loading={busy}
          disabled={otherEmail}
          onClick={accept}
          data-testid="invite-accept"
        >
          Join {invitation.organization.name} as {role}
        </Button>
      )}
      <p className="form__note">
        Signed in as <strong>{user.email}</strong>. Not you?{" "}
        <button type="button" className="link-button" onClick={() => void session.logout(here)}>
          Log out
        </button>
      </p>
    </div>
  );
}

export function InvitePage({ params }: RouteProps) {
  const token = params.token ?? "";
  const [state] = useResource(`invite:${token}`, () => previewInvitation(token));

  if (state.status === "error") {
    const gone = [400, 404, 410].includes(state.error.status);
    return (
      <AuthLayout title="Invitation" data-testid="invite-page">
        <Alert
          tone="danger"
          title={gone ? "This invitation is invalid or has expired" : "Couldn't load the invitation"}
        >
          <p>
            {gone
              ? "Invitation links work once and for a limited time. Ask the person who invited you for a new one."
              : state.error.message}
          </p>
        </Alert>
        <p className="auth__links">
          <Link href="/">Go to Sightline</Link>
        </p>
      </AuthLayout>
    );
  }

  if (state.status !== "ready") {
    return (
      <AuthLayout title="Invitation" data-testid="invite-page">
        <div className="auth__loading">
          <Spinner label="Loading the invitation…" />
        </div>
      </AuthLayout>
    );
  }

  const invitation = state.data;
  return (
    <AuthLayout
      title={`Join ${invitation.organization.name}`}
      description={
        invitation.invitedBy
          ? `${invitation.invitedBy.name} invited you to collaborate on Sightline.`
          : "You've been invited to collaborate on Sightline."
      }
      data-testid="invite-page"
    >
      <Summary invitation={invitation} />
      <Accept token={token} invitation={invitation} />
    </AuthLayout>
  );
}
