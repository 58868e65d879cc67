import { useState } from "preact/hooks";
import { signup } from "../../api/auth";
import { ApiError } from "../../api/errors";
import type { FieldErrors } from "../../api/formErrors";
import { useFormSubmit } from "../../api/useFormSubmit";
import { MIN_PASSWORD_LENGTH, passwordProblem } from "../../auth/password";
import { authPath } from "../../auth/redirect";
import { useSession } from "../../auth/SessionProvider";
import { Link, navigate, useLocation } from "../../router";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Field } from "../../ui/Field";
import { Input } from "../../ui/Input";
import { AuthLayout } from "./AuthLayout";
import { useRedirectWhenSignedIn } from "./useRedirectWhenSignedIn";

type SignupField = "name" | "email" | "password" | "organization";
const FIELDS: readonly SignupField[] = ["name", "email", "password", "organization"];

interface Values {
  name: string;
  email: string;
  password: string;
  organization: string;
}

function validate(values: Values): FieldErrors<SignupField> {
  const errors: FieldErrors<SignupField> = {};
  if (!values.name.trim()) errors.name = "Enter your name.";
  if (!values.email.trim()) errors.email = "Enter your email address.";
  else if (!/^\S+@\S+\.\S+$/.test(values.email.trim())) errors.email = "Enter a valid email address.";
  const problem = passwordProblem(values.password);
  if (problem) errors.password = problem;
  return errors;
}

export function SignupPage() {
  const next = useRedirectWhenSignedIn();
  const { search } = useLocation();
  const { refresh } = useSession();
  const [values, setValues] = useState<Values>(() => ({
    name: "",
    email: new URLSearchParams(search).get("email") ?? "",
    password: "",
    organization: "",
  }));
  const { busy, errors, formError, run } = useFormSubmit<SignupField>({
    fields: FIELDS,
    // The email already has an account.
    onError: (error) =>
      error instanceof ApiError && error.status === 409
        ? { fields: { email: error.message }, form: null }
        : undefined,
  });
  // Coming from an invitation: the organization to join already exists.
  const joining = next.startsWith("/invite/");

  const set = (field: keyof Values) => (event: { currentTarget: HTMLInputElement }) =>
    setValues((current) => ({ ...current, [field]: event.currentTarget.value }));

  const submit = (event: Event) => {
    event.preventDefault();
    void run(validate(values), async () => {
      const organization = values.organization.trim();
      await signup({
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
        ...(organization ? { organization } : {}),
      });
      await refresh();
      navigate(next, { replace: true });
    });
  };

  return (
    <AuthLayout
      title="Create your account"
      description="Trace, evaluate and monitor your LLM applications."
      data-testid="signup-page"
      footer={
        <p>
          Already have an account? <Link href={authPath("/login", next)}>Log in</Link>
        </p>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        {formError && (
          <div data-testid="signup-error">
            <Alert tone="danger" title={formError} />
          </div>
        )}
        <Field label="Name" error={errors.name} required>
          <Input
            value={values.name}
            onInput={set("name")}
            autoComplete="name"
            autoFocus
            data-testid="signup-name"
          />
        </Field>
        <Field label="Work email" error={errors.email} required>
          <Input
            type="email"
            value={values.email}
            onInput={set("email")}
            autoComplete="email"
            data-testid="signup-email"
          />
        </Field>
        <Field
          label="Password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          error={errors.password}
          required
        >
          <Input
            type="password"
            value={values.password}
            onInput={set("password")}
            autoComplete="new-password"
            data-testid="signup-password"
          />
        </Field>
        <Field
          label="Organization name"
          hint={
            joining
              ? "Optional. You'll join the organization that invited you, and get a workspace of your own."
              : "Optional. Leave it empty and we'll create one for you."
          }
          error={errors.organization}
        >
          <Input
            value={values.organization}
            onInput={set("organization")}
            autoComplete="organization"
            data-testid="signup-organization"
          />
        </Field>
        <Button
          type="submit"
          variant="primary"
          size="lg"
          loading={busy}
          className="form__submit"
          data-testid="signup-submit"
        >
          Create account
        </Button>
      </form>
    </AuthLayout>
  );
}
