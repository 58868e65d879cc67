import { useEffect, useId, useState } from "preact/hooks";
import {
  type Assessment,
  type AssessmentKind,
  createAssessment,
  overrideAssessment,
} from "../../../api/assessments";
import { ApiError } from "../../../api/errors";
import { type FormErrors, parseValidationMessage } from "../../../api/formErrors";
import { useFormSubmit } from "../../../api/useFormSubmit";
import { Alert } from "../../../ui/Alert";
import { Button } from "../../../ui/Button";
import { Dialog } from "../../../ui/Dialog";
import { Field } from "../../../ui/Field";
import { Input, Textarea } from "../../../ui/Input";
import { toast } from "../../../ui/toast";
import {
  type ExpectationDraft,
  ExpectationEditor,
  expectationName,
  newExpectationDraft,
} from "./ExpectationEditor";
import { FeedbackValueEditor } from "./FeedbackValueEditor";
import { draftOf, EMPTY_FEEDBACK, type FeedbackDraft, NAME_PATTERN, parseJson, valueOfDraft } from "./values";

type AssessmentField = "name" | "value" | "rationale";
const FIELDS: readonly AssessmentField[] = ["name", "value", "rationale"];

/** What the dialog does: add feedback or an expectation, or override `replacing` with a new value. */
export type DialogMode = { kind: AssessmentKind; replacing: Assessment | null };

export interface AssessmentDialogProps {
  mode: DialogMode | null;
  projectId: string;
  traceId: string;
  /** Feedback names to suggest (the project's). */
  knownNames: readonly string[];
  onClose: () => void;
  onSaved: (saved: Assessment) => void;
  /** The assessment was overridden or deleted meanwhile (409): the list is stale. */
  onStale: () => void;
}

/** The server's 422 under the field it names (an override's message says "Invalid override: value: …"). */
function serverErrors(error: ApiError): FormErrors<AssessmentField> {
  const parsed = parseValidationMessage(
    error.message.replace(/^Invalid override:\s*/, "Invalid body. "),
    FIELDS,
  );
  return parsed.form || Object.keys(parsed.fields).length > 0 ? parsed : { fields: {}, form: error.message };
}

function titleOf(mode: DialogMode): string {
  const what = mode.kind === "feedback" ? "feedback" : "expectation";
  return mode.replacing ? `Override ${mode.replacing.name}` : `Add ${what}`;
}

/** Adds feedback or an expectation to a trace, or overrides one with a new value and rationale. */
export function AssessmentDialog({
  mode,
  projectId,
  traceId,
  knownNames,
  onClose,
  onSaved,
  onStale,
}: AssessmentDialogProps) {
  const formId = useId();
  const namesId = useId();
  const [name, setName] = useState("");
  const [feedback, setFeedback] = useState<FeedbackDraft>(EMPTY_FEEDBACK);
  const [expectation, setExpectation] = useState<ExpectationDraft>(newExpectationDraft);
  const [rationale, setRationale] = useState("");
  const { busy, errors, formError, run, reset } = useFormSubmit<AssessmentField>({
    fields: FIELDS,
    onError: (error) => {
      if (!(error instanceof ApiError)) return undefined;
      if (error.status === 409) onStale();
      return error.status === 422 ? serverErrors(error) : undefined;
    },
  });

  useEffect(() => {
    if (!mode) return;
    const replacing = mode.replacing;
    setName(replacing?.name ?? "");
    setFeedback(replacing ? draftOf(replacing.value) : EMPTY_FEEDBACK);
    setExpectation(
      replacing
        ? { preset: "", custom: replacing.name, json: JSON.stringify(replacing.value, null, 2) }
        : newExpectationDraft(),
    );
    setRationale("");
    reset();
  }, [mode, reset]);

  if (!mode) return null;
  const { kind, replacing } = mode;

  const submit = (event: Event) => {
    event.preventDefault();
    const finalName = kind === "feedback" ? name.trim() : expectationName(expectation);
    const parsed = kind === "feedback" ? valueOfDraft(feedback) : parseJson(expectation.json);
    const validation: Partial<Record<AssessmentField, string>> = {};
    if (!replacing && !NAME_PATTERN.test(finalName))
      validation.name = finalName ? "Use letters, digits, spaces and _ . : / - only." : "Give it a name.";
    if (!parsed.ok) validation.value = parsed.error;
    void run(validation, async () => {
      if (!parsed.ok) return;
      const note = rationale.trim() ? { rationale: rationale.trim() } : {};
      const saved = replacing
        ? await overrideAssessment(projectId, traceId, replacing.id, { value: parsed.value, ...note })
        : await createAssessment(projectId, traceId, { kind, name: finalName, value: parsed.value, ...note });
      toast.success(replacing ? `Overrode ${saved.name}` : `Added ${saved.name}`);
      onSaved(saved);
      onClose();
    });
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={titleOf(mode)}
      description={
        replacing
          ? "The new value replaces this one; the old value stays in the history."
          : kind === "feedback"
            ? "Your judgement of this trace, under a name that groups it with the same feedback on other traces."
            : "What a good answer to this trace's input looks like, for judges and evaluations to compare with."
      }
      data-testid="assessment-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            form={formId}
            variant="primary"
            loading={busy}
            data-testid="assessment-submit"
          >
            {replacing ? "Override" : "Add"}
          </Button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate>
        {formError && <Alert tone="danger" title={formError} />}
        {kind === "feedback" && !replacing && (
          <Field
            label="Name"
            hint="e.g. helpfulness, correctness, user_satisfaction"
            error={errors.name}
            required
          >
            <Input
              value={name}
              maxLength={200}
              list={namesId}
              autoFocus
              onInput={(event) => setName(event.currentTarget.value)}
              data-testid="feedback-name"
            />
          </Field>
        )}
        <datalist id={namesId}>
          {knownNames.map((known) => (
            <option key={known} value={known} />
          ))}
        </datalist>
        {kind === "feedback" ? (
          <FeedbackValueEditor draft={feedback} onChange={setFeedback} error={errors.value} />
        ) : (
          <ExpectationEditor
            draft={expectation}
            onChange={setExpectation}
            nameLocked={replacing !== null}
            errors={{ name: errors.name, value: errors.value }}
          />
        )}
        <Field label="Rationale" hint="Optional. Why: shown with the value." error={errors.rationale}>
          <Textarea
            rows={3}
            maxLength={20_000}
            value={rationale}
            onInput={(event) => setRationale(event.currentTarget.value)}
            data-testid="assessment-rationale-input"
          />
        </Field>
      </form>
    </Dialog>
  );
}
