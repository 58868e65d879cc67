import { useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import { createPromptVersion, type Prompt, type PromptVersion } from "../../api/prompts";
import { useFormSubmit } from "../../api/useFormSubmit";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Card } from "../../ui/Card";
import { Field } from "../../ui/Field";
import { Textarea } from "../../ui/Input";
import { JsonField } from "../datasets/JsonField";
import { parseJson } from "../datasets/recordDraft";
import { TemplateFields } from "./TemplateFields";
import { draftOf, draftProblem, type TemplateDraft, templateOf } from "./template";

type EditorField = "template" | "modelConfig" | "responseFormat" | "message";
const FIELDS: readonly EditorField[] = ["template", "modelConfig", "responseFormat", "message"];

const jsonText = (value: unknown) =>
  value === null || value === undefined ? "" : JSON.stringify(value, null, 2);

/** An optional JSON object field: empty is none; anything else must be an object. */
function objectOf(
  text: string,
): { ok: true; value: Record<string, unknown> | null } | { ok: false; error: string } {
  if (!text.trim()) return { ok: true, value: null };
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? { ok: true, value: value as Record<string, unknown> }
    : { ok: false, error: "Write a JSON object, or leave it empty." };
}

/** Edits the latest version into a new one (versions never change), with a commit message. */
export function EditorView({
  projectId,
  prompt,
  latest,
  onSaved,
}: {
  projectId: string;
  prompt: Prompt;
  latest: PromptVersion | null;
  onSaved: (version: PromptVersion) => void;
}) {
  const [template, setTemplate] = useState<TemplateDraft>(() =>
    latest ? draftOf(latest.template) : { kind: "text", text: "" },
  );
  const [modelConfig, setModelConfig] = useState(() => jsonText(latest?.modelConfig));
  const [responseFormat, setResponseFormat] = useState(() => jsonText(latest?.responseFormat));
  const [message, setMessage] = useState("");
  const { busy, errors, formError, run } = useFormSubmit({
    fields: FIELDS,
    onError: (error) =>
      error instanceof ApiError && error.status === 409 ? { fields: {}, form: error.message } : undefined,
  });
  const config = objectOf(modelConfig);
  const format = objectOf(responseFormat);

  const save = () => {
    const problem = draftProblem(template);
    const validation = {
      ...(problem ? { template: problem } : {}),
      ...(config.ok ? {} : { modelConfig: config.error }),
      ...(format.ok ? {} : { responseFormat: format.error }),
    };
    void run(validation, async () => {
      const saved = await createPromptVersion(projectId, prompt.name, {
        template: templateOf(template),
        modelConfig: config.ok ? config.value : null,
        responseFormat: format.ok ? format.value : null,
        message: message.trim() || undefined,
      });
      onSaved(saved);
    });
  };

  return (
    <Card
      title={`New version (v${prompt.latestVersion + 1})`}
      description={`Starts from v${latest?.version ?? prompt.latestVersion}. Saving makes the next version and moves latest; aliases stay where they are.`}
      data-testid="prompt-editor"
    >
      <div className="form">
        {formError && <Alert tone="danger" title={formError} />}
        <TemplateFields value={template} onChange={setTemplate} error={errors.template} />
        <JsonField
          label="Model config"
          hint='Optional: { "provider", "model", "temperature", "maxTokens", "topP", "stop", "extra" }.'
          value={modelConfig}
          onChange={setModelConfig}
          problem={config.ok ? null : config.error}
          serverError={errors.modelConfig}
          testId="prompt-model-config"
        />
        <JsonField
          label="Response format"
          hint="Optional: a JSON schema the answer must follow."
          value={responseFormat}
          onChange={setResponseFormat}
          problem={format.ok ? null : format.error}
          serverError={errors.responseFormat}
          testId="prompt-response-format"
        />
        <Field label="Commit message" hint="What this version changes." error={errors.message}>
          <Textarea
            rows={2}
            value={message}
            maxLength={500}
            onInput={(event) => setMessage(event.currentTarget.value)}
            data-testid="prompt-commit-message"
          />
        </Field>
        <div>
          <Button variant="primary" loading={busy} onClick={save} data-testid="save-version">
            Save version {prompt.latestVersion + 1}
          </Button>
        </div>
      </div>
    </Card>
  );
}
