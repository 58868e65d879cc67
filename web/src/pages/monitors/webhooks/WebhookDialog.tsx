import { useId, useState } from "preact/hooks";
import { useFormSubmit } from "../../../api/useFormSubmit";
import {
  createWebhook,
  type SubscribableEvent,
  updateWebhook,
  type Webhook,
  type WebhookFormat,
} from "../../../api/webhooks";
import { Alert } from "../../../ui/Alert";
import { Button } from "../../../ui/Button";
import { Checkbox } from "../../../ui/Checkbox";
import { Dialog } from "../../../ui/Dialog";
import { Field } from "../../../ui/Field";
import { Input } from "../../../ui/Input";
import { Segmented } from "../../../ui/Segmented";
import { SigningSecret } from "./SigningSecret";
import {
  draftOf,
  EMPTY_DRAFT,
  inputFrom,
  patchFrom,
  validateDraft,
  WEBHOOK_FIELDS,
  type WebhookDraft,
} from "./webhookForm";
import { eventLabel, FORMAT_LABEL, SUBSCRIBABLE_EVENTS } from "./webhookText";

const FORMATS: { value: WebhookFormat; label: string }[] = (["standard", "slack", "pagerduty"] as const).map(
  (value) => ({ value, label: FORMAT_LABEL[value] }),
);

const FORMAT_HELP: Readonly<Record<WebhookFormat, string>> = {
  standard: "Signed JSON POSTed to your HTTPS endpoint, per the Standard Webhooks spec.",
  slack: "A message in a Slack channel, through one of its incoming webhooks.",
  pagerduty: "An incident in PagerDuty (Events API v2); a resolved alert closes it.",
};

export interface WebhookDialogProps {
  projectId: string;
  /** Change this endpoint instead of adding one. */
  webhook: Webhook | null;
  onClose: () => void;
  /** After a save; the dialog closes itself unless it is showing a new signing secret. */
  onSaved: (webhook: Webhook, created: boolean) => void;
}

function DestinationFields({
  draft,
  set,
  errors,
  editing,
}: {
  draft: WebhookDraft;
  set: (change: Partial<WebhookDraft>) => void;
  errors: Partial<Record<"url" | "routingKey", string>>;
  editing: boolean;
}) {
  const keep = editing ? " Leave empty to keep the stored one (it is never shown)." : "";
  const url = (label: string, placeholder: string, hint: string, required: boolean) => (
    <Field label={label} hint={hint + keep} error={errors.url} required={required && !editing}>
      <Input
        type="url"
        value={draft.url}
        onInput={(event) => set({ url: event.currentTarget.value })}
        placeholder={placeholder}
        spellcheck={false}
        autoComplete="off"
        data-testid="webhook-url-input"
      />
    </Field>
  );
  if (draft.format === "standard")
    return url(
      "URL",
      "https://hooks.example.com/sightline",
      "Public https only; redirects are not followed.",
      true,
    );
  if (draft.format === "slack")
    return url(
      "Incoming-webhook URL",
      "https://hooks.slack.com/services/T000/B000/XXXX",
      "From the Slack app's Incoming Webhooks page. It is a credential: stored encrypted.",
      true,
    );
  return (
    <>
      <Field
        label="Routing key"
        hint={`The Events API v2 integration key of the PagerDuty service.${keep}`}
        error={errors.routingKey}
        required={!editing}
      >
        <Input
          value={draft.routingKey}
          onInput={(event) => set({ routingKey: event.currentTarget.value })}
          spellcheck={false}
          autoComplete="off"
          className="mono"
          data-testid="webhook-routing-key-input"
        />
      </Field>
      {url(
        "Events API URL",
        "https://events.pagerduty.com/v2/enqueue",
        "Optional; PagerDuty's own by default (an EU account uses events.eu.pagerduty.com).",
        false,
      )}
    </>
  );
}

/** Add a webhook (any format), or change one's name, events, state or destination. */
export function WebhookDialog({ projectId, webhook, onClose, onSaved }: WebhookDialogProps) {
  const formId = useId();
  const editing = webhook !== null;
  const [draft, setDraft] = useState<WebhookDraft>(() => (webhook ? draftOf(webhook) : EMPTY_DRAFT));
  const [secret, setSecret] = useState<string | null>(null);
  const { busy, errors, formError, run } = useFormSubmit({ fields: WEBHOOK_FIELDS });
  const set = (change: Partial<WebhookDraft>) => setDraft((current) => ({ ...current, ...change }));
  const toggleEvent = (event: SubscribableEvent, on: boolean) =>
    set({ events: SUBSCRIBABLE_EVENTS.filter((e) => (e === event ? on : draft.events.includes(e))) });

  const submit = (event: Event) => {
    event.preventDefault();
    void run(validateDraft(draft, editing), async () => {
      if (webhook) {
        const patch = patchFrom(draft, webhook);
        onSaved(
          Object.keys(patch).length > 0 ? await updateWebhook(projectId, webhook.id, patch) : webhook,
          false,
        );
        onClose();
        return;
      }
      const created = await createWebhook(projectId, inputFrom(draft));
      onSaved(created, true);
      // The secret exists in this answer only: keep the dialog open on it.
      if (created.signingSecret) setSecret(created.signingSecret);
      else onClose();
    });
  };

  if (secret)
    return (
      <Dialog
        open
        onClose={onClose}
        size="lg"
        title={`Webhook “${draft.name.trim()}” added`}
        description="Events are signed with this secret."
        data-testid="webhook-dialog"
        footer={
          <Button variant="primary" onClick={onClose} data-testid="webhook-secret-done">
            I have stored it
          </Button>
        }
      >
        <SigningSecret secret={secret} />
      </Dialog>
    );

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={editing ? `Change ${webhook.name}` : "Add webhook"}
      description={
        editing
          ? `${FORMAT_LABEL[webhook.format]} to ${webhook.targetHint}.`
          : "Where this project's alerts are sent when they fire and resolve."
      }
      data-testid="webhook-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" loading={busy} data-testid="webhook-submit">
            {editing ? "Save changes" : "Add webhook"}
          </Button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate autoComplete="off">
        {formError && <Alert tone="danger" title={formError} />}
        {!editing && (
          <div className="field">
            <span className="field__label">Format</span>
            <Segmented
              label="Format"
              size="md"
              options={FORMATS}
              value={draft.format}
              onChange={(format) => set({ format, url: "", routingKey: "" })}
              data-testid="webhook-format"
            />
            <p className="field__hint">{FORMAT_HELP[draft.format]}</p>
          </div>
        )}
        <Field label="Name" error={errors.name} required>
          <Input
            value={draft.name}
            onInput={(event) => set({ name: event.currentTarget.value })}
            placeholder="e.g. On-call alerts"
            maxLength={100}
            autoFocus
            data-testid="webhook-name-input"
          />
        </Field>
        <DestinationFields draft={draft} set={set} errors={errors} editing={editing} />
        <fieldset className="wh-events">
          <legend className="field__label">Events</legend>
          <div className="checkbox-list">
            {SUBSCRIBABLE_EVENTS.map((event) => (
              <Checkbox
                key={event}
                checked={draft.events.includes(event)}
                onChange={(on) => toggleEvent(event, on)}
                label={eventLabel(event)}
                description={
                  event === "alert.fired"
                    ? "When an alert rule starts firing."
                    : "When it recovers (PagerDuty closes the incident)."
                }
                data-testid={`webhook-event-${event}`}
              />
            ))}
          </div>
          {errors.events && <p className="field__error">{errors.events}</p>}
        </fieldset>
        {editing && (
          <Checkbox
            checked={draft.enabled}
            onChange={(enabled) => set({ enabled })}
            label="Enabled"
            description="Turned off, it is sent nothing but test events and redeliveries."
            data-testid="webhook-enabled-input"
          />
        )}
      </form>
    </Dialog>
  );
}
