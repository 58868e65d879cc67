import type { ComponentChildren } from "preact";
import { useEffect, useId, useState } from "preact/hooks";
import { useFormSubmit } from "../api/useFormSubmit";
import { Alert } from "./Alert";
import { Button } from "./Button";
import { Dialog } from "./Dialog";
import { Field } from "./Field";
import { Input } from "./Input";

export interface TypeToConfirmDialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  description: ComponentChildren;
  /** What the user must type, e.g. the project's name. */
  expected: string;
  confirmLabel: string;
  /** Runs the action; a rejection is shown in the dialog. */
  onConfirm: () => Promise<void>;
  "data-testid"?: string;
}

/** A destructive confirmation that needs the name of the thing typed out. */
export function TypeToConfirmDialog({
  open,
  onClose,
  title,
  description,
  expected,
  confirmLabel,
  onConfirm,
  ...rest
}: TypeToConfirmDialogProps) {
  const formId = useId();
  const [typed, setTyped] = useState("");
  const { busy, formError: error, run, reset } = useFormSubmit();

  useEffect(() => {
    if (open) {
      setTyped("");
      reset();
    }
  }, [open, reset]);

  const matches = typed.trim() === expected.trim();

  const submit = (event: Event) => {
    event.preventDefault();
    if (!matches) return;
    void run(async () => {
      await onConfirm();
      onClose();
    });
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      role="alertdialog"
      size="sm"
      data-testid={rest["data-testid"]}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form={formId} variant="danger" disabled={!matches} loading={busy}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={submit} noValidate>
        <p className="muted">{description}</p>
        {error && <Alert tone="danger" title={error} />}
        <Field
          label={
            <>
              Type <strong className="mono">{expected}</strong> to confirm
            </>
          }
        >
          <Input
            value={typed}
            onInput={(event) => setTyped(event.currentTarget.value)}
            autoComplete="off"
            spellcheck={false}
            autoFocus
            data-testid="type-to-confirm-input"
          />
        </Field>
      </form>
    </Dialog>
  );
}
