import { useState } from "preact/hooks";
import { resetPassword } from "../../api/auth";
import { ApiError } from "../../api/errors";
import type { FieldErrors } from "../../api/formErrors";
import { useFormSubmit } from "../../api/useFormSubmit";
import { MIN_PASSWORD_LENGTH, passwordProblem } from "../../auth/password";
import { useSession } from "../../auth/SessionProvider";
import { Link, navigate, type RouteProps } from "../../router";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Field } from "../../ui/Field";
import { Input } from "../../ui/Input";
import { toast } from "../../ui/toast";
import { AuthLayout } from "./AuthLayout";

type ResetField = "newPassword" | "confirm";

function validate(password: string, confirm: string): FieldErrors<ResetField> {
  const errors: FieldErrors<ResetField> = {};
  const problem = passwordProblem(password);
  if (problem) errors.newPassword = problem;
  if (!confirm) errors.confirm = "Enter the new password again.";
  else if (confirm !== password) errors.confirm = "The passwords don't match.";
  return errors;
}

/** A dead link (unknown, used or expired token) is a 400/404/410 from the server. */
function isInvalidLink(error: unknown): boolean {
  return error instanceof ApiError && [400, 403, 404, 410].includes(error.status);
}

export function ResetPasswordPage({ params }: RouteProps) {
  const token = params.token ?? "";
  const { refresh } = useSession();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [invalid, setInvalid] = useState(false);
  const { busy, errors, formError, run } = useFormSubmit<ResetField>({
    fields: ["newPassword"],
    onError: (error) => {
      if (!isInvalidLink(error)) return undefined;
      setInvalid(true);
      return { fields: {}, form: null };
    },
  });

  const submit = (event: Event) => {
    event.preventDefault();
    void run(validate(password, confirm), async () => {
      await resetPassword(token, password);
      // Every session of the user was revoked, possibly including this browser's.
      await refresh();
      toast.success("Password changed", { description: "Log in with your new password." });
      navigate("/login", { replace: true });
    });
  };

  if (invalid) {
    return (
      <AuthLayout title="This link can't be used" data-testid="reset-password-page">
        <Alert tone="danger" title="The password reset link is invalid or has expired">
          Reset links work once, for a limited time. Ask an owner or admin of your organization for a new one.
        </Alert>
        <p className="auth__links">
          <Link href="/login">Back to log in</Link>
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Choose a new password"
      description="You'll be signed out everywhere and can log in with the new password."
      data-testid="reset-password-page"
      footer={
        <p>
          Remembered it? <Link href="/login">Log in</Link>
        </p>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        {formError && <Alert tone="danger" title={formError} />}
        <Field
          label="New password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          error={errors.newPassword}
          required
        >
          <Input
            type="password"
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
            autoComplete="new-password"
            autoFocus
            data-testid="reset-password-new"
          />
        </Field>
        <Field label="Confirm new password" error={errors.confirm} required>
          <Input
            type="password"
            value={confirm}
            onInput={(event) => setConfirm(event.currentTarget.value)}
            autoComplete="new-password"
            data-testid="reset-password-confirm"
          />
        </Field>
        <Button
          type="submit"
          variant="primary"
          size="lg"
          loading={busy}
          className="form__submit"
          data-testid="reset-password-submit"
        >
          Set new password
        </Button>
      </form>
    </AuthLayout>
  );
}
