import { useEffect, useId, useState } from "preact/hooks";
import type { FieldErrors } from "../../api/formErrors";
import { createApiKey } from "../../api/projects";
import { type CreatedApiKey, type Project, type Role, SCOPES, type Scope } from "../../api/types";
import { useFormSubmit } from "../../api/useFormSubmit";
import { can } from "../../auth/permissions";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Checkbox } from "../../ui/Checkbox";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { Input, Select } from "../../ui/Input";
import { NewApiKey } from "./NewApiKey";

type Expiry = "never" | "30d" | "90d" | "1y" | "custom";
type KeyField = "name" | "scopes" | "expiresAt";
const FIELDS: readonly KeyField[] = ["name", "scopes", "expiresAt"];

const EXPIRY_OPTIONS: readonly { value: Expiry; label: string }[] = [
  { value: "never", label: "Never" },
  { value: "30d", label: "In 30 days" },
  { value: "90d", label: "In 90 days" },
  { value: "1y", label: "In 1 year" },
  { value: "custom", label: "On a date…" },
];

export const SCOPE_HELP: Readonly<Record<Scope, string>> = {
  ingest: "Send traces and feedback (SDKs, OpenTelemetry exporters).",
  read: "Read traces, datasets, prompts and evaluations.",
  write: "Create and change datasets, prompts and evaluations (includes read).",
  admin: "Everything in the project, including its API keys.",
};

const DAY_MS = 24 * 3600 * 1000;

function isExpiry(value: string): value is Expiry {
  return EXPIRY_OPTIONS.some((option) => option.value === value);
}

/** The expiry as ISO 8601, null for never, or an error message. */
function expiryDate(expiry: Expiry, customDate: string, now = Date.now()): string | null | { error: string } {
  switch (expiry) {
    case "never":
      return null;
    case "30d":
      return new Date(now + 30 * DAY_MS).toISOString();
    case "90d":
      return new Date(now + 90 * DAY_MS).toISOString();
    case "1y":
      return new Date(now + 365 * DAY_MS).toISOString();
    case "custom": {
      if (!customDate) return { error: "Pick the day the key stops working." };
      // The end of the chosen day, in the user's time zone.
      const date = new Date(`${customDate}T23:59:59`);
      if (Number.isNaN(date.getTime())) return { error: "Pick a valid date." };
      if (date.getTime() <= now) return { error: "Pick a date in the future." };
      return date.toISOString();
    }
  }
}

function tomorrow(): string {
  const date = new Date(Date.now() + DAY_MS);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function CreateApiKeyDialog({
  project,
  role,
  open,
  onClose,
  onCreated,
}: {
  project: Project;
  role: Role | null;
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) {
  const formId = useId();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["ingest"]);
  const [expiry, setExpiry] = useState<Expiry>("never");
  const [customDate, setCustomDate] = useState("");
  const { busy, errors, formError, run, reset } = useFormSubmit({ fields: FIELDS });
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  useEffect(() => {
    if (!open) return;
    setName("");
    setScopes(["ingest"]);
    setExpiry("never");
    setCustomDate("");
    reset();
    setCreated(null);
  }, [open, reset]);

  const toggle = (scope: Scope, on: boolean) =>
    setScopes((current) =>
      on ? SCOPES.filter((s) => s === scope || current.includes(s)) : current.filter((s) => s !== scope),
    );

  const submit = (event: Event) => {
    event.preventDefault();
    const found: FieldErrors<KeyField> = {};
    if (!name.trim()) found.name = "Name the key after what uses it, e.g. “checkout-service prod”.";
    if (scopes.length === 0) found.scopes = "Choose at least one scope.";
    const expiresAt = expiryDate(expiry, customDate);
    if (expiresAt !== null && typeof expiresAt === "object") found.expiresAt = expiresAt.error;
    void run(found, async () => {
      const key = await createApiKey(project.id, {
        name: name.trim(),
        scopes,
        ...(typeof expiresAt === "string" ? { expiresAt } : {}),
      });
      setCreated(key);
      onCreated();
    });
  };

  if (created) {
    return (
      <Dialog
        open={open}
        onClose={onClose}
        title={`API key “${created.name}” created`}
        size="lg"
        data-testid="api-key-created-dialog"
        footer={
          <Button variant="primary" onClick={onClose} data-testid="api-key-done">
            I've copied the key
          </Button>
        }
      >
        <NewApiKey created={created} />
      </Dialog>
    );
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Create API key"
      description={`For SDKs, exporters and scripts working with ${project.name}.`}
      data-testid="api-key-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" loading={busy} data-testid="api-key-submit">
            Create key
          </Button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate>
        {formError && <Alert tone="danger" title={formError} />}
        <Field label="Name" error={errors.name} required>
          <Input
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
            placeholder="e.g. checkout-service prod"
            maxLength={100}
            autoFocus
            data-testid="api-key-name"
          />
        </Field>
        <fieldset
          className="fieldset"
          aria-describedby={errors.scopes ? `${formId}-scopes-error` : undefined}
        >
          <legend className="field__label">Scopes</legend>
          <div className="checkbox-list">
            {SCOPES.map((scope) => {
              const allowed = can.grantScope(role, scope);
              return (
                <Checkbox
                  key={scope}
                  checked={scopes.includes(scope)}
                  onChange={(on) => toggle(scope, on)}
                  disabled={!allowed}
                  label={<span className="mono">{scope}</span>}
                  description={allowed ? SCOPE_HELP[scope] : `${SCOPE_HELP[scope]} Owners and admins only.`}
                  data-testid={`api-key-scope-${scope}`}
                />
              );
            })}
          </div>
          {errors.scopes && (
            <p className="field__error" id={`${formId}-scopes-error`}>
              {errors.scopes}
            </p>
          )}
        </fieldset>
        <div className="form__row">
          <Field label="Expires" error={expiry === "custom" ? undefined : errors.expiresAt}>
            <Select
              value={expiry}
              options={EXPIRY_OPTIONS}
              onChange={(event) => {
                const value = event.currentTarget.value;
                if (isExpiry(value)) setExpiry(value);
              }}
              data-testid="api-key-expiry"
            />
          </Field>
          {expiry === "custom" && (
            <Field label="Expiry date" error={errors.expiresAt}>
              <Input
                type="date"
                value={customDate}
                min={tomorrow()}
                onInput={(event) => setCustomDate(event.currentTarget.value)}
                data-testid="api-key-expiry-date"
              />
            </Field>
          )}
        </div>
      </form>
    </Dialog>
  );
}
