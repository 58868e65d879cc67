import { useState } from "preact/hooks";
import { signup } from "../../api/auth";
import { ApiError } from "../../api/errors";
import { type FieldErrors, formErrorsFrom } from "../../api/formErrors";
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
  const [errors, setErrors] = useState<FieldErrors<SignupField>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Coming from an invitation: the organisation to join already exists.
  const joining = next.startsWith("/invite/");

  const set = (field: keyof Values) => (event: { currentTarget: HTMLInputElement }) =>
    setValues((current) => ({ ...current, [field]: event.currentTarget.value }));

  const submit = async (event: Event) => {
    event.preventDefault();
    const found = validate(values);
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const organization = values.organization.trim();
      await signup({
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
        ...(organization ? { organization } : {}),
      });
      await refresh();
      navigate(next, { replace: true });
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.status === 409) {
        setErrors({ email: error.message });
        return;
      }
      const parsed = formErrorsFrom(error, FIELDS);
      setErrors(parsed.fields);
      setFormError(parsed.form);
    }
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
          label="Organisation name"
          hint={
            joining
              ? "Optional. You'll join the organisation that invited you, and get a workspace of your own."
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
