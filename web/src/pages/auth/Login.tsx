import { useEffect, useState } from "preact/hooks";
import { login } from "../../api/auth";
import { ApiError } from "../../api/errors";
import type { FieldErrors } from "../../api/formErrors";
import { useFormSubmit } from "../../api/useFormSubmit";
import { authPath } from "../../auth/redirect";
import { useSession } from "../../auth/SessionProvider";
import { Link, navigate } from "../../router";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Field } from "../../ui/Field";
import { Input } from "../../ui/Input";
import { AuthLayout } from "./AuthLayout";
import { useRedirectWhenSignedIn } from "./useRedirectWhenSignedIn";

type LoginField = "email" | "password";
const FIELDS: readonly LoginField[] = ["email", "password"];

function validate(email: string, password: string): FieldErrors<LoginField> {
  const errors: FieldErrors<LoginField> = {};
  if (!email.trim()) errors.email = "Enter your email address.";
  else if (!/^\S+@\S+\.\S+$/.test(email.trim())) errors.email = "Enter a valid email address.";
  if (!password) errors.password = "Enter your password.";
  return errors;
}

/** Seconds left before the server accepts another attempt, counting down once a second. */
function useCountdown(): [number, (seconds: number) => void] {
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (until <= Date.now()) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [until]);
  const left = Math.max(0, Math.ceil((until - now) / 1000));
  return [
    left,
    (seconds) => {
      setNow(Date.now());
      setUntil(Date.now() + seconds * 1000);
    },
  ];
}

export function LoginPage() {
  const next = useRedirectWhenSignedIn();
  const { refresh } = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [throttled, throttle] = useCountdown();
  const { busy, errors, formError, run } = useFormSubmit<LoginField>({
    fields: FIELDS,
    onError: (error) => {
      if (!(error instanceof ApiError)) return undefined;
      if (error.status === 401) return { fields: {}, form: "Wrong email or password." };
      if (error.status !== 429) return undefined;
      const seconds = error.retryAfterSeconds;
      if (!seconds) return { fields: {}, form: "Too many attempts, try again later." };
      // The countdown below the form says it, and keeps the button disabled until then.
      throttle(seconds);
      return { fields: {}, form: null };
    },
  });

  const submit = (event: Event) => {
    event.preventDefault();
    void run(validate(email, password), async () => {
      await login(email.trim(), password);
      await refresh();
      navigate(next, { replace: true });
    });
  };

  const message =
    throttled > 0
      ? `Too many attempts, try again in ${throttled} second${throttled === 1 ? "" : "s"}.`
      : formError;

  return (
    <AuthLayout
      title="Log in to Sightline"
      description="Welcome back. Enter your email and password."
      data-testid="login-page"
      footer={
        <p>
          New to Sightline? <Link href={authPath("/signup", next)}>Create an account</Link>
        </p>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        {message && (
          <div data-testid="login-error">
            <Alert tone="danger" title={message} />
          </div>
        )}
        <Field label="Email" error={errors.email}>
          <Input
            type="email"
            value={email}
            onInput={(event) => setEmail(event.currentTarget.value)}
            autoComplete="email"
            autoFocus
            data-testid="login-email"
          />
        </Field>
        <Field label="Password" error={errors.password}>
          <Input
            type="password"
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
            autoComplete="current-password"
            data-testid="login-password"
          />
        </Field>
        <Button
          type="submit"
          variant="primary"
          size="lg"
          loading={busy}
          disabled={throttled > 0}
          className="form__submit"
          data-testid="login-submit"
        >
          Log in
        </Button>
        <p className="form__note">
          Forgot your password? Ask an owner or admin of your organization for a reset link.
        </p>
      </form>
    </AuthLayout>
  );
}
