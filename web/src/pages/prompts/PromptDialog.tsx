import { useEffect, useId, useState } from "preact/hooks";
import { createPrompt, type Prompt } from "../../api/prompts";
import { nameTaken, useFormSubmit } from "../../api/useFormSubmit";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { Input, Textarea } from "../../ui/Input";
import { TemplateFields } from "./TemplateFields";
import { draftProblem, type TemplateDraft, templateOf } from "./template";

type PromptField = "name" | "description" | "tags" | "template" | "message";
const FIELDS: readonly PromptField[] = ["name", "description", "tags", "template", "message"];

const STARTER: TemplateDraft = {
  kind: "chat",
  messages: [
    { role: "system", content: "" },
    { role: "user", content: "" },
  ],
};

export const tagsOf = (text: string) =>
  text
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);

/** A new prompt and its version 1. A taken name and the API's 422s are shown at their fields. */
export function PromptDialog({
  open,
  onClose,
  projectId,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  projectId: string;
  onCreated: (prompt: Prompt) => void;
}) {
  const formId = useId();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [tags, setTags] = useState("");
  const [template, setTemplate] = useState<TemplateDraft>(STARTER);
  const [message, setMessage] = useState("");
  const { busy, errors, formError, run, reset } = useFormSubmit({
    fields: FIELDS,
    onError: nameTaken,
  });

  useEffect(() => {
    if (!open) return;
    setName("");
    setDescription("");
    setTags("");
    setTemplate(STARTER);
    setMessage("");
    reset();
  }, [open, reset]);

  const submit = (event: Event) => {
    event.preventDefault();
    const problem = draftProblem(template);
    const validation = {
      ...(name.trim() ? {} : { name: "Give the prompt a name." }),
      ...(problem ? { template: problem } : {}),
    };
    void run(validation, async () => {
      const created = await createPrompt(projectId, {
        name: name.trim(),
        description: description.trim() || undefined,
        tags: tagsOf(tags),
        template: templateOf(template),
        message: message.trim() || undefined,
      });
      onCreated(created);
      onClose();
    });
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      size="lg"
      title="New prompt"
      description="Its version 1. Editing it later saves version 2, 3 …; versions never change."
      data-testid="prompt-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" loading={busy} data-testid="prompt-submit">
            Create prompt
          </Button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate>
        {formError && <Alert tone="danger" title={formError} />}
        <Field
          label="Name"
          hint="Unique in the project; letters, digits, -, _ and . — apps fetch it as prompts:/name@production."
          error={errors.name}
          required
        >
          <Input
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
            placeholder="e.g. support-answer"
            maxLength={100}
            autoFocus
            spellcheck={false}
            data-testid="prompt-name-input"
          />
        </Field>
        <Field label="Description" hint="Optional." error={errors.description}>
          <Input
            value={description}
            maxLength={2000}
            onInput={(event) => setDescription(event.currentTarget.value)}
            data-testid="prompt-description-input"
          />
        </Field>
        <Field label="Tags" hint="Optional, separated by commas." error={errors.tags}>
          <Input
            value={tags}
            onInput={(event) => setTags(event.currentTarget.value)}
            data-testid="prompt-tags-input"
          />
        </Field>
        <TemplateFields value={template} onChange={setTemplate} error={errors.template} />
        <Field label="Commit message" hint="Optional. What this version is." error={errors.message}>
          <Textarea
            rows={2}
            value={message}
            maxLength={500}
            onInput={(event) => setMessage(event.currentTarget.value)}
            data-testid="prompt-message-input"
          />
        </Field>
      </form>
    </Dialog>
  );
}
