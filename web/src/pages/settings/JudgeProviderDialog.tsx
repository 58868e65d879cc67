import { useId, useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import { createJudgeProvider, type JudgeProvider, updateJudgeProvider } from "../../api/judgeProviders";
import { useFormSubmit } from "../../api/useFormSubmit";
import { Alert } from "../../ui/Alert";
import { Badge } from "../../ui/Badge";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { Input } from "../../ui/Input";
import { HeaderRows } from "./HeaderRows";
import {
  type HeaderRow,
  inputFrom,
  MIN_KEY_LENGTH,
  modelUri,
  PROVIDER_FIELDS,
  type ProviderDraft,
  patchFrom,
  validateDraft,
} from "./judgeProviderForm";

/** Rendered only while open: each add or change mounts it afresh. */
export interface JudgeProviderDialogProps {
  onClose: () => void;
  orgId: string;
  orgName: string;
  /** Change this provider instead of adding one. */
  provider: JudgeProvider | null;
  /** After a successful save (the dialog closes itself). */
  onSaved: (provider: JudgeProvider, created: boolean) => void;
}

const EMPTY: ProviderDraft = { name: "", baseUrl: "", apiKey: "", replaceHeaders: false, headers: [] };

function draftOf(provider: JudgeProvider | null): ProviderDraft {
  if (!provider) return EMPTY;
  return { ...EMPTY, name: provider.name, baseUrl: provider.baseUrl };
}

/** The stored headers as rows to fill in again: their values are sealed and never come back. */
function rowsFor(names: readonly string[]): HeaderRow[] {
  return names.map((name, index) => ({ id: index + 1, name, value: "" }));
}

function StoredHeaders({ names, onReplace }: { names: readonly string[]; onReplace: () => void }) {
  return (
    <div className="stored-headers" data-testid="provider-stored-headers">
      {names.length > 0 ? (
        <span className="badge-list">
          {names.map((name) => (
            <Badge key={name}>
              <span className="mono">{name}</span>
            </Badge>
          ))}
        </span>
      ) : (
        <span className="muted">None</span>
      )}
      <Button size="sm" variant="ghost" onClick={onReplace} data-testid="provider-headers-replace">
        {names.length > 0 ? "Replace headers…" : "Add headers…"}
      </Button>
    </div>
  );
}

/** Add a judge provider to the organization, or change one (name, URL, key, headers). */
export function JudgeProviderDialog({
  onClose,
  orgId,
  orgName,
  provider,
  onSaved,
}: JudgeProviderDialogProps) {
  const formId = useId();
  const headersHintId = `${formId}-headers-hint`;
  const [draft, setDraft] = useState<ProviderDraft>(() => draftOf(provider));
  const { busy, errors, formError, run } = useFormSubmit({
    fields: PROVIDER_FIELDS,
    // The organization already has a provider of that name.
    onError: (error) =>
      error instanceof ApiError && error.status === 409
        ? { fields: { name: error.message }, form: null }
        : undefined,
  });
  const editing = provider !== null;

  const set = (change: Partial<ProviderDraft>) => setDraft((current) => ({ ...current, ...change }));

  const submit = (event: Event) => {
    event.preventDefault();
    void run(validateDraft(draft, editing), async () => {
      if (provider) {
        const patch = patchFrom(draft, provider);
        const saved =
          Object.keys(patch).length > 0 ? await updateJudgeProvider(orgId, provider.id, patch) : provider;
        onSaved(saved, false);
      } else {
        onSaved(await createJudgeProvider(orgId, inputFrom(draft)), true);
      }
      onClose();
    });
  };

  const uriName = draft.name.trim() || "openai";
  const showHeaderRows = !editing || draft.replaceHeaders;

  return (
    <Dialog
      open
      onClose={onClose}
      title={editing ? `Change ${provider.name}` : "Add judge provider"}
      description={
        editing
          ? "Change what you need; the stored key and headers are kept unless you replace them."
          : `An OpenAI-compatible API that ${orgName}'s LLM judges call.`
      }
      size="lg"
      data-testid="provider-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" loading={busy} data-testid="provider-submit">
            {editing ? "Save changes" : "Add provider"}
          </Button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate autoComplete="off">
        {formError && <Alert tone="danger" title={formError} />}
        <div className="form__row">
          <Field
            label="Name"
            error={errors.name}
            required
            hint={
              <>
                Lower-case letters, digits, - or _. Judges name models by it:{" "}
                <code data-testid="provider-uri-example">{modelUri(uriName, "gpt-4o-mini")}</code>
              </>
            }
          >
            <Input
              value={draft.name}
              onInput={(event) => set({ name: event.currentTarget.value })}
              placeholder="openai"
              maxLength={64}
              spellcheck={false}
              autoFocus={!editing}
              className="mono"
              data-testid="provider-name"
            />
          </Field>
          <Field
            label="Base URL"
            error={errors.baseUrl}
            required
            hint="Where /models and /chat/completions live. Public https:// in production."
          >
            <Input
              type="url"
              value={draft.baseUrl}
              onInput={(event) => set({ baseUrl: event.currentTarget.value })}
              placeholder="https://api.openai.com/v1"
              maxLength={2000}
              spellcheck={false}
              className="mono"
              data-testid="provider-base-url"
            />
          </Field>
        </div>
        <Field
          label={editing ? "New API key" : "API key"}
          error={errors.apiKey}
          required={!editing}
          hint={
            editing ? (
              <>
                Leave empty to keep the current key (<code>{provider.keyHint}</code>). A new key replaces it.
              </>
            ) : (
              "Encrypted at rest and never shown again — only its last four characters are."
            )
          }
        >
          <Input
            type="password"
            value={draft.apiKey}
            onInput={(event) => set({ apiKey: event.currentTarget.value })}
            placeholder={editing ? `Current key ${provider.keyHint}` : "sk-…"}
            minLength={MIN_KEY_LENGTH}
            maxLength={4000}
            autoComplete="new-password"
            autoFocus={editing}
            data-testid="provider-api-key"
          />
        </Field>
        <fieldset className="fieldset" aria-describedby={headersHintId}>
          <legend className="field__label">Extra headers</legend>
          {showHeaderRows ? (
            <HeaderRows
              rows={draft.headers}
              onChange={(headers) => set({ headers })}
              describedBy={headersHintId}
              invalid={errors.headers !== undefined}
            />
          ) : (
            <StoredHeaders
              names={provider?.headerNames ?? []}
              onReplace={() => set({ replaceHeaders: true, headers: rowsFor(provider?.headerNames ?? []) })}
            />
          )}
          {errors.headers ? (
            <p className="field__error" id={headersHintId} data-testid="provider-headers-error">
              {errors.headers}
            </p>
          ) : (
            <p className="field__hint" id={headersHintId}>
              {editing && draft.replaceHeaders
                ? "These replace all stored headers; enter each value again. Remove every row to send none."
                : "Optional, sent with every call (an organization id, a gateway's key). Values are encrypted like the key; only names are shown afterwards."}
            </p>
          )}
        </fieldset>
      </form>
    </Dialog>
  );
}
