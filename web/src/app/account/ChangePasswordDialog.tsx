import { useEffect, useId, useState } from "preact/hooks";
import { changePassword } from "../../api/auth";
import { ApiError } from "../../api/errors";
import type { FieldErrors } from "../../api/formErrors";
import { useFormSubmit } from "../../api/useFormSubmit";
import { MIN_PASSWORD_LENGTH, passwordProblem } from "../../auth/password";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { Input } from "../../ui/Input";
import { toast } from "../../ui/toast";

type PasswordField = "currentPassword" | "newPassword" | "confirm";
const FIELDS: readonly PasswordField[] = ["currentPassword", "newPassword"];

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}
const EMPTY: Values = { currentPassword: "", newPassword: "", confirm: "" };

function validate(values: Values): FieldErrors<PasswordField> {
  const errors: FieldErrors<PasswordField> = {};
  if (!values.currentPassword) errors.currentPassword = "Enter your current password.";
  const problem = passwordProblem(values.newPassword);
  if (problem) errors.newPassword = problem;
  if (values.confirm !== values.newPassword) errors.confirm = "The passwords don't match.";
  return errors;
}

export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const formId = useId();
  const [values, setValues] = useState<Values>(EMPTY);
  const { busy, errors, formError, run, reset } = useFormSubmit<PasswordField>({
    fields: FIELDS,
    onError: (error) =>
      error instanceof ApiError && (error.status === 401 || error.status === 403)
        ? { fields: { currentPassword: "Your current password is not correct." }, form: null }
        : undefined,
  });

  useEffect(() => {
    if (!open) return;
    setValues(EMPTY);
    reset();
  }, [open, reset]);

  const set = (field: keyof Values) => (event: { currentTarget: HTMLInputElement }) =>
    setValues((current) => ({ ...current, [field]: event.currentTarget.value }));

  const submit = (event: Event) => {
    event.preventDefault();
    void run(validate(values), async () => {
      await changePassword(values.currentPassword, values.newPassword);
      toast.success("Password changed", { description: "Your other sessions were signed out." });
      onClose();
    });
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Change password"
      description="Your other sessions will be signed out; this one stays signed in."
      size="sm"
      data-testid="change-password-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            form={formId}
            variant="primary"
            loading={busy}
            data-testid="change-password-submit"
          >
            Change password
          </Button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate>
        {formError && <Alert tone="danger" title={formError} />}
        <Field label="Current password" error={errors.currentPassword} required>
          <Input
            type="password"
            value={values.currentPassword}
            onInput={set("currentPassword")}
            autoComplete="current-password"
            autoFocus
            data-testid="current-password"
          />
        </Field>
        <Field
          label="New password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          error={errors.newPassword}
          required
        >
          <Input
            type="password"
            value={values.newPassword}
            onInput={set("newPassword")}
            autoComplete="new-password"
            data-testid="new-password"
          />
        </Field>
        <Field label="Confirm new password" error={errors.confirm} required>
          <Input
            type="password"
            value={values.confirm}
            onInput={set("confirm")}
            autoComplete="new-password"
            data-testid="confirm-password"
          />
        </Field>
      </form>
    </Dialog>
  );
}
