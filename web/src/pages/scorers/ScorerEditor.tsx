import { useId, useState } from "preact/hooks";
import { ApiError } from "../../api/errors";
import { parseValidationMessage } from "../../api/formErrors";
import { createScorer, createScorerVersion, type Scorer, updateScorer } from "../../api/scorers";
import { useFormSubmit } from "../../api/useFormSubmit";
import { Alert } from "../../ui/Alert";
import { Button } from "../../ui/Button";
import { Field } from "../../ui/Field";
import { Input } from "../../ui/Input";
import { Segmented } from "../../ui/Segmented";
import { BuiltinForm } from "./BuiltinForm";
import { withBuiltinJudge } from "./builtinDraft";
import { definitionLines } from "./diff";
import { type DraftErrors, definitionOf, type ScorerDraft, withRuleKind } from "./draft";
import { JudgeForm } from "./JudgeForm";
import { RuleForm } from "./RuleForm";
import { definitionErrorsOf } from "./serverErrors";

const FIELDS = ["name", "description", "message", "definition"] as const;

export interface ScorerEditorProps {
  projectId: string;
  /** The scorer whose next version this saves; null for a new scorer. */
  scorer: Scorer | null;
  draft: ScorerDraft;
  setDraft: (update: (draft: ScorerDraft) => ScorerDraft) => void;
  /** A new scorer's name to start from (a built-in judge's, from its card). */
  initialName?: string;
  readOnly: boolean;
  onSaved: (scorer: Scorer, what: "created" | "version" | "description") => void;
}

const sameDefinition = (scorer: Scorer, draft: ScorerDraft) => {
  const result = definitionOf(draft);
  return (
    result.ok &&
    definitionLines(result.definition).join("\n") === definitionLines(scorer.latest.definition).join("\n")
  );
};

/** The errors but those of the fields named ("guidelines" takes each row's "guidelines.<n>" with it). */
function withoutErrorsOf(errors: DraftErrors, fields: readonly string[]): DraftErrors {
  const kept = Object.entries(errors).filter(([key]) => !fields.includes(key.split(".")[0] ?? key));
  return kept.length === Object.keys(errors).length ? errors : Object.fromEntries(kept);
}

/** Name, description and definition; saving an existing scorer makes its next version. */
export function ScorerEditor({
  projectId,
  scorer,
  draft,
  setDraft,
  initialName = "",
  readOnly,
  onSaved,
}: ScorerEditorProps) {
  const formId = useId();
  const [name, setName] = useState(initialName);
  const [description, setDescription] = useState(scorer?.description ?? "");
  const [message, setMessage] = useState("");
  const [draftErrors, setDraftErrors] = useState<DraftErrors>({});
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, errors, formError, run, reset } = useFormSubmit({
    fields: FIELDS,
    onError: (error) => {
      if (!(error instanceof ApiError)) return undefined;
      // A new scorer's 409 is its name; an existing one's is a version saved meanwhile (the form's).
      if (error.status === 409 && !scorer) return { fields: { name: error.message }, form: null };
      if (error.status !== 422) return undefined;
      // What the server says of the definition's fields goes next to them.
      const { fields, rest } = definitionErrorsOf(error.message);
      setDraftErrors(fields);
      return rest === null ? { fields: {}, form: null } : parseValidationMessage(rest, FIELDS);
    },
  });
  const set = (change: Partial<ScorerDraft>) => {
    setNotice(null);
    // A field's message (the editor's or the server's) goes once the field is edited.
    setDraftErrors((current) => withoutErrorsOf(current, Object.keys(change)));
    setDraft((current) => ({ ...current, ...change }));
  };

  const submit = (event: Event) => {
    event.preventDefault();
    setNotice(null);
    const result = definitionOf(draft);
    setDraftErrors(result.ok ? {} : result.errors);
    const validation = scorer === null && name.trim() === "" ? { name: "Name the scorer." } : {};
    if (!result.ok) return;
    void run(validation, async () => {
      const optionalMessage = message.trim() ? { message: message.trim() } : {};
      if (!scorer) {
        const created = await createScorer(projectId, {
          name: name.trim(),
          ...(description.trim() ? { description: description.trim() } : {}),
          definition: result.definition,
          ...optionalMessage,
        });
        onSaved(created, "created");
        return;
      }
      let saved = scorer;
      let what: "version" | "description" | null = null;
      if (description !== scorer.description) {
        saved = await updateScorer(projectId, scorer.id, { description });
        what = "description";
      }
      if (!sameDefinition(scorer, draft)) {
        await createScorerVersion(projectId, scorer.id, {
          definition: result.definition,
          ...optionalMessage,
        });
        what = "version";
        setMessage("");
      }
      reset();
      if (what) onSaved(saved, what);
      else setNotice("Nothing changed: this is the latest version.");
    });
  };

  return (
    <form id={formId} className="form scorer-editor" onSubmit={submit} noValidate data-testid="scorer-editor">
      {formError && <Alert tone="danger" title={formError} />}
      {errors.definition && (
        <Alert tone="danger" title="The server refused the definition" className="scorer-editor__refusal">
          <span data-testid="definition-error">{errors.definition}</span>
        </Alert>
      )}
      <div className="form__row">
        {scorer ? (
          <Field label="Name" hint="The name of the feedback it writes; it cannot change.">
            <Input value={scorer.name} readOnly className="mono" />
          </Field>
        ) : (
          <Field label="Name" required error={errors.name} hint="Unique in the project; the feedback's name.">
            <Input
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
              placeholder="resolves_question"
              className="mono"
              maxLength={200}
              data-testid="scorer-name"
            />
          </Field>
        )}
        <Field label="Description" error={errors.description}>
          <Input
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
            readOnly={readOnly}
            maxLength={2000}
            data-testid="scorer-description"
          />
        </Field>
      </div>
      <Segmented
        label="Kind of scorer"
        value={draft.type}
        onChange={(type) =>
          set(
            type === "rule"
              ? withRuleKind(draft, draft.kind)
              : type === "builtin"
                ? withBuiltinJudge(draft, draft.judge)
                : { type },
          )
        }
        options={[
          { value: "builtin", label: "Built-in judge" },
          { value: "judge", label: "Custom judge" },
          { value: "rule", label: "Rule" },
        ]}
        data-testid="scorer-type"
      />
      {draft.type === "judge" ? (
        <JudgeForm draft={draft} set={set} errors={draftErrors} />
      ) : draft.type === "builtin" ? (
        <BuiltinForm
          draft={draft}
          set={set}
          errors={draftErrors}
          readOnly={readOnly}
          onJudge={(judge) => setDraft((current) => withBuiltinJudge(current, judge))}
        />
      ) : (
        <RuleForm
          draft={draft}
          set={set}
          errors={draftErrors}
          onKind={(kind) => setDraft((current) => withRuleKind(current, kind))}
        />
      )}
      {!readOnly && (
        <div className="scorer-editor__save">
          <Field label="What this version changes" error={errors.message}>
            <Input
              value={message}
              onInput={(e) => setMessage(e.currentTarget.value)}
              maxLength={500}
              placeholder={scorer ? "Stricter keywords" : "First version"}
              data-testid="version-message"
            />
          </Field>
          <Button type="submit" variant="primary" loading={busy} data-testid="save-scorer">
            {scorer ? `Save as version ${scorer.latest.version + 1}` : "Create scorer"}
          </Button>
        </div>
      )}
      {notice && (
        <p className="muted" data-testid="save-notice">
          {notice}
        </p>
      )}
    </form>
  );
}
